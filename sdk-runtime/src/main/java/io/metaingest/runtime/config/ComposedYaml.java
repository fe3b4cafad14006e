package io.metaingest.runtime.config;

import java.io.StringReader;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.Node;

/**
 * A workflow file's YAML node graph (SnakeYAML's composition: scalar styles, anchors shared with their
 * aliases), composed once per load and read by both {@link QuotedScalars} and {@link YamlAliases};
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
            return Optional.ofNullable(new Yaml(WorkflowYaml.loaderOptions()).compose(new StringReader(yaml)));
        } catch (RuntimeException | StackOverflowError e) {
            return Optional.empty();
        }
    }

    static long compositions() {
        return COMPOSITIONS.get();
    }
}
