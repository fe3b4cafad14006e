package io.metaingest.runtime.config;

import com.networknt.schema.JsonNodePath;

/** Dotted config paths: {@code source.sourceConfig.config.schemaFilterPattern.includes[0]}. */
final class ConfigPaths {

    private ConfigPaths() {
    }

    static String child(String parent, String name) {
        return parent.isEmpty() ? name : parent + "." + name;
    }

    /** Converts a validator's instance location, under {@code prefix}. */
    static String of(String prefix, JsonNodePath location) {
        String path = prefix;
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            path = element instanceof Integer index ? path + "[" + index + "]" : child(path, String.valueOf(element));
        }
        return path;
    }
}
