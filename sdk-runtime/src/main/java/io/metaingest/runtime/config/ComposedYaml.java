package io.metaingest.runtime.config;

import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.StringReader;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.Node;

/**
 * A workflow file's YAML node graph (SnakeYAML's composition: scalar styles, anchors shared with their
 * aliases), composed once per load and read by both {@link QuotedScalars} and {@link CollectionAliases};
 * each composed it on its own, so a file with an alias was composed twice.
 */
final class ComposedYaml {

    /** Compositions so far in this process: a test's proof that a load composes once. */
    private static final AtomicLong COMPOSITIONS = new AtomicLong();

    private ComposedYaml() {
    }

    /**
     * The document's root node; empty when the text is not composable: its readers then fall back (no quoted paths, aliases left as names) and the
     * loader's own parser or the schema names the problem.
     */
    static Optional<Node> of(String yaml) {
        COMPOSITIONS.incrementAndGet();
        try {
            return Optional.ofNullable(new Yaml(options()).compose(new StringReader(yaml)));
        } catch (RuntimeException | StackOverflowError e) {
            return Optional.empty();
        }
    }

    /**
     * No bound on the number of collection aliases: composing shares one node between an anchor and its
     * aliases, so it costs nothing per alias, and {@link CollectionAliases} bounds what they expand to.
     * SnakeYAML's default (50) made a file with 51 aliases uncomposable, and then no alias was expanded
     * at all: {@code config: *pg} was refused as a string and an alias bomb passed unexpanded. Nesting as
     * deep as the tree's own parser allows, so a file it reads is composed too.
     */
    private static LoaderOptions options() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(Integer.MAX_VALUE);
        options.setNestingDepthLimit(StreamReadConstraints.DEFAULT_MAX_DEPTH);
        return options;
    }

    static long compositions() {
        return COMPOSITIONS.get();
    }
}
