package io.metaingest.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Aliases ({@code config: *pg}, the way to reuse a connection that OpenMetadata's loader accepts, and
 * {@code username: *name}, a single value): the YAML parser that builds the tree reads every alias as the
 * anchor's name, a string. The document's node graph (SnakeYAML, which shares one node between an anchor
 * and its aliases) says where each alias is and which value it repeats; the tree then gets a copy of that
 * value there.
 */
final class YamlAliases {

    /** More values than any workflow needs: a file whose aliases repeat more is an alias bomb. */
    static final int MAX_COPIED_VALUES = 10_000;

    /** A path in the tree: keys (String) and indexes (Integer). */
    private record Alias(List<Object> at, List<Object> of) {
    }

    private YamlAliases() {
    }

    /**
     * Puts a copy of the collection each collection alias repeats where the alias is, in place.
     *
     * @param problems gets one line for an alias inside the collection it repeats, or for aliases that
     *                 repeat more than {@value #MAX_COPIED_VALUES} values; the tree is then left as it is
     */
    static void resolve(JsonNode root, String yaml, Node document, List<ConfigProblem> problems) {
        if (!yaml.contains("*") || document == null) {
            // No alias at all (the common case: no walk); or not composable (ComposedYaml lifts the alias
            // and nesting bounds, so not for a file the tree's parser read): the tree keeps the anchors' names.
            return;
        }
        List<Alias> aliases = new ArrayList<>();
        find(document, new ArrayList<>(), new IdentityHashMap<>(), aliases);
        int copied = 0;
        for (Alias alias : aliases) {
            if (startsWith(alias.at(), alias.of())) {
                problems.add(new ConfigProblem(text(alias.at()), "an alias inside the collection it repeats ("
                        + text(alias.of()) + "), which would never end; write the values out"));
                return;
            }
            JsonNode original = at(root, alias.of());
            if (original == null) {
                continue; // not where the tree has it (a key that is no string): the validator reports that spot
            }
            copied += size(original);
            if (copied > MAX_COPIED_VALUES) {
                problems.add(new ConfigProblem(text(alias.at()), "aliases repeat more than " + MAX_COPIED_VALUES
                        + " values; a workflow never needs that many: write the file out"));
                return;
            }
            put(root, alias.at(), original.deepCopy());
        }
    }

    /** Walks the node graph in document order; a node met a second time is an alias of its first path. */
    private static void find(Node node, List<Object> path, Map<Node, List<Object>> seen, List<Alias> aliases) {
        List<Object> first = seen.putIfAbsent(node, List.copyOf(path));
        if (first != null) {
            aliases.add(new Alias(List.copyOf(path), first));
            return;
        }
        if (node instanceof MappingNode map) {
            for (NodeTuple entry : map.getValue()) {
                if (entry.getKeyNode() instanceof ScalarNode key) {
                    path.add(key.getValue());
                    find(entry.getValueNode(), path, seen, aliases);
                    path.remove(path.size() - 1);
                }
            }
        } else if (node instanceof SequenceNode sequence) {
            for (int i = 0; i < sequence.getValue().size(); i++) {
                path.add(i);
                find(sequence.getValue().get(i), path, seen, aliases);
                path.remove(path.size() - 1);
            }
        }
    }

    private static boolean startsWith(List<Object> path, List<Object> prefix) {
        return path.size() > prefix.size() && path.subList(0, prefix.size()).equals(prefix);
    }

    private static JsonNode at(JsonNode root, List<Object> path) {
        JsonNode node = root;
        for (Object step : path) {
            node = step instanceof Integer index ? node.get(index) : node.get((String) step);
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    private static void put(JsonNode root, List<Object> path, JsonNode value) {
        JsonNode parent = at(root, path.subList(0, path.size() - 1));
        Object last = path.get(path.size() - 1);
        if (parent instanceof ObjectNode object && last instanceof String key) {
            object.set(key, value);
        } else if (parent instanceof ArrayNode array && last instanceof Integer index && index < array.size()) {
            array.set(index, value);
        }
    }

    private static int size(JsonNode node) {
        int values = 1;
        for (JsonNode child : node) {
            values += size(child);
        }
        return values;
    }

    private static String text(List<Object> path) {
        String out = "";
        for (Object step : path) {
            out = step instanceof Integer index ? out + "[" + index + "]" : ConfigPaths.child(out, (String) step);
        }
        return out;
    }
}
