package io.metaingest.runtime.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * How every reader of a workflow file's YAML reads it (the loader, {@code migrate}, {@code status -c}, a
 * container run): one set of limits, and an unquoted {@code ${VAR}} inside a flow collection
 * ({@code {successThreshold: ${THR}}}) read as the loader reads it, never a syntax error.
 */
public final class WorkflowYaml {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private WorkflowYaml() {
    }

    /**
     * The tree of a workflow's YAML (or JSON) text, each {@code ${VAR}} as written and unsubstituted: what a
     * command reads a few settings from without loading the workflow.
     *
     * @throws JsonProcessingException when the text is not YAML; its message may quote the text
     */
    public static JsonNode readTree(String text) throws JsonProcessingException {
        String masked = FlowReferences.mask(text);
        JsonNode root = YAML.readTree(masked);
        if (root != null && !masked.equals(text)) {
            FlowReferences.unmask(root);
        }
        return root;
    }

    /**
     * The text's YAML node graph composed with {@code options}: each scalar's value as written (a flow-style
     * {@code ${VAR}} included) and each node's marks at its place in {@code text}, so an edit made at those
     * places leaves the rest of the text as the user wrote it.
     *
     * @throws org.yaml.snakeyaml.error.YAMLException when the text is not YAML
     */
    public static Node compose(String text, LoaderOptions options) {
        String masked = FlowReferences.mask(text);
        Node root = new Yaml(options).compose(new StringReader(masked));
        return root == null || masked.equals(text) ? root : unmasked(root, new IdentityHashMap<>());
    }

    /** The node with its scalars as written; shared nodes (an anchor and its aliases) stay shared. */
    private static Node unmasked(Node node, Map<Node, Node> done) {
        Node seen = done.get(node);
        if (seen != null) {
            return seen;
        }
        if (node instanceof ScalarNode scalar) {
            String value = FlowReferences.unmask(scalar.getValue());
            Node written = value.equals(scalar.getValue()) ? scalar : new ScalarNode(scalar.getTag(), value,
                    scalar.getStartMark(), scalar.getEndMark(), scalar.getScalarStyle());
            written.setAnchor(scalar.getAnchor());
            done.put(node, written);
            return written;
        }
        done.put(node, node); // before its children: a recursive alias ends here
        if (node instanceof MappingNode mapping) {
            mapping.setValue(mapping.getValue().stream().map(tuple -> new NodeTuple(unmasked(tuple.getKeyNode(), done),
                    unmasked(tuple.getValueNode(), done))).collect(Collectors.toCollection(ArrayList::new)));
        } else if (node instanceof SequenceNode sequence) {
            List<Node> items = sequence.getValue();
            items.replaceAll(item -> unmasked(item, done));
        }
        return node;
    }

    /**
     * No bound on the number of collection aliases: composing shares one node between an anchor and its
     * aliases, so it costs nothing per alias, and the loader bounds what they expand to ({@code YamlAliases}).
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
