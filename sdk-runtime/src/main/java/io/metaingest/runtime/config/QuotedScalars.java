package io.metaingest.runtime.config;

import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The config paths of a YAML file's quoted scalars. OpenMetadata substitutes variables in the
 * file's text before parsing it, so {@code "${JOB_ID}"} stays a string and {@code ${PORT}} becomes a
 * number; {@link EnvSubstitution} works on the parsed tree, where the quotes are gone, and asks here.
 */
final class QuotedScalars {

    private QuotedScalars() {
    }

    static Set<String> of(String yaml) {
        return of(ComposedYaml.of(yaml).orElse(null));
    }

    /** The quoted scalars of a composed YAML document; none without one (JSON, or not composable). */
    static Set<String> of(Node document) {
        if (document == null) {
            return Set.of();
        }
        Set<String> paths = new HashSet<>();
        try {
            collect(document, "", paths, Collections.newSetFromMap(new IdentityHashMap<>()));
        } catch (RuntimeException | StackOverflowError e) {
            return Set.of(); // the loader reports an unreadable file itself
        }
        return paths;
    }

    /**
     * Each collection is walked once, at its first path: an alias of one inside itself ({@code &a [*a]})
     * would never end, and an alias bomb would take exponential time.
     */
    private static void collect(Node node, String path, Set<String> paths, Set<Node> walked) {
        if (!(node instanceof ScalarNode) && !walked.add(node)) {
            return;
        }
        if (node instanceof ScalarNode scalar) {
            if (scalar.getScalarStyle() != DumperOptions.ScalarStyle.PLAIN) {
                paths.add(path);
            }
        } else if (node instanceof MappingNode map) {
            for (NodeTuple entry : map.getValue()) {
                if (entry.getKeyNode() instanceof ScalarNode key) {
                    collect(entry.getValueNode(), ConfigPaths.child(path, key.getValue()), paths, walked);
                }
            }
        } else if (node instanceof SequenceNode seq) {
            for (int i = 0; i < seq.getValue().size(); i++) {
                collect(seq.getValue().get(i), path + "[" + i + "]", paths, walked);
            }
        }
    }
}
