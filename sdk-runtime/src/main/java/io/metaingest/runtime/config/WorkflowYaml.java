package io.metaingest.runtime.config;

import com.fasterxml.jackson.core.StreamReadConstraints;
import org.yaml.snakeyaml.LoaderOptions;

/** The limits every reader of a workflow file's YAML composes it with (the loader, {@code migrate}): one set. */
public final class WorkflowYaml {

    private WorkflowYaml() {
    }

    /**
     * No bound on the number of collection aliases: composing shares one node between an anchor and its
     * aliases, so it costs nothing per alias, and the loader bounds what they expand to ({@code CollectionAliases}).
     * SnakeYAML's default (50) made a file with 51 aliases uncomposable: the loader then expanded none
     * ({@code config: *pg} was refused as a string, an alias bomb passed unexpanded) and migrate refused the
     * file. Nesting as deep as the loader's own parser allows, so a file it reads is composed too.
     *
     * @return new options, for the caller to add its own (duplicate keys, say)
     */
    public static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(Integer.MAX_VALUE);
        options.setNestingDepthLimit(StreamReadConstraints.DEFAULT_MAX_DEPTH);
        return options;
    }
}
