package io.metaingest.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonNodePath;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

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

    /**
     * Walks {@code node}, found at config path {@code path}, and hands each value whose path is in {@code paths}
     * to {@code at}, which returns what stands there instead: another node, null to remove a mapping's entry (a
     * list keeps its elements, so that the other paths stay right), or the same node, which is then walked into,
     * as every value at another path is.
     */
    static void rewrite(JsonNode node, String path, Set<String> paths, UnaryOperator<JsonNode> at) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                String childPath = child(path, name);
                JsonNode value = object.get(name);
                JsonNode instead = paths.contains(childPath) ? at.apply(value) : value;
                if (instead == null) {
                    object.remove(name);
                } else if (instead != value) {
                    object.set(name, instead);
                } else {
                    rewrite(value, childPath, paths, at);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                String childPath = path + "[" + i + "]";
                JsonNode value = array.get(i);
                JsonNode instead = paths.contains(childPath) ? at.apply(value) : value;
                if (instead != null && instead != value) {
                    array.set(i, instead);
                } else {
                    rewrite(value, childPath, paths, at);
                }
            }
        }
    }
}
