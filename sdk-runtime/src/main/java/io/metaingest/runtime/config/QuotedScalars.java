package io.metaingest.runtime.config;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
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
        NavigableSet<String> paths = new TreeSet<>();
        try {
            collect(document, "", paths, new IdentityHashMap<>(), new int[1]);
        } catch (RuntimeException | StackOverflowError e) {
            return Set.of(); // the loader reports an unreadable file itself
        }
        return paths;
    }

    /**
     * Each collection is walked once, at its first path: an alias of one inside itself ({@code &a [*a]})
     * would never end, and an alias bomb would take exponential time. An alias of a collection gets the
     * quoted paths found under its first path, at its own ({@link YamlAliases} copies the values
     * there, so {@code config: *pg} keeps a quoted {@code "${PG_PASSWORD}"} text), at most
     * {@link YamlAliases#MAX_COPIED_VALUES} in all: past that the file is refused as an alias bomb.
     */
    private static void collect(Node node, String path, NavigableSet<String> paths, Map<Node, String> walked,
                                int[] copied) {
        if (!(node instanceof ScalarNode)) {
            String first = walked.putIfAbsent(node, path);
            if (first != null) {
                copyUnder(first, path, paths, copied);
                return;
            }
        }
        if (node instanceof ScalarNode scalar) {
            if (scalar.getScalarStyle() != DumperOptions.ScalarStyle.PLAIN) {
                paths.add(path);
            }
        } else if (node instanceof MappingNode map) {
            for (NodeTuple entry : map.getValue()) {
                if (entry.getKeyNode() instanceof ScalarNode key) {
                    collect(entry.getValueNode(), ConfigPaths.child(path, key.getValue()), paths, walked, copied);
                }
            }
        } else if (node instanceof SequenceNode seq) {
            for (int i = 0; i < seq.getValue().size(); i++) {
                collect(seq.getValue().get(i), path + "[" + i + "]", paths, walked, copied);
            }
        }
    }

    /** The quoted paths under {@code from} (walked already: an anchor comes before its aliases), also under {@code to}. */
    private static void copyUnder(String from, String to, NavigableSet<String> paths, int[] copied) {
        if (to.startsWith(from + ".") || to.startsWith(from + "[")) {
            return; // an alias inside the collection it repeats: refused by the loader, nothing to copy
        }
        List<String> copies = new ArrayList<>();
        for (String quoted : paths.subSet(from, true, from + Character.MAX_VALUE, false)) {
            if (copied[0] + copies.size() >= YamlAliases.MAX_COPIED_VALUES) {
                break; // an alias bomb, which the loader refuses
            }
            String rest = quoted.substring(from.length());
            if (from.isEmpty() || rest.startsWith(".") || rest.startsWith("[")) {
                copies.add(to + rest);
            }
        }
        copied[0] += copies.size();
        paths.addAll(copies);
    }
}
