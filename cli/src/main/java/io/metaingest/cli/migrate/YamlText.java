package io.metaingest.cli.migrate;

import io.metaingest.runtime.config.WorkflowYaml;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A workflow file's text with its YAML node tree, whose marks give each node's exact place in the
 * text. Migrations edit the text at those places ({@link TextEdits}) instead of serialising a tree,
 * so comments, key order, quoting and {@code ${VAR}} references stay as the user wrote them.
 */
final class YamlText {

    private final String text;
    private final Node root;
    private final int[] lineStarts;

    private YamlText(String text, Node root) {
        this.text = text;
        this.root = root;
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        this.lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Parses one YAML document as the loader reads it (a flow-style {@code ${VAR}} too, its scalar's value as
     * written); the snakeyaml exception says where the text is not YAML.
     */
    static YamlText parse(String text) {
        LoaderOptions options = WorkflowYaml.loaderOptions();
        options.setAllowDuplicateKeys(false);
        Node root = WorkflowYaml.compose(text, options);
        YamlText yaml = new YamlText(text, root);
        if (root != null) {
            yaml.placeAliases(root, Collections.newSetFromMap(new IdentityHashMap<>()));
        }
        return yaml;
    }

    /**
     * Gives each alias of a scalar ({@code jobId: *acct}) a node of its own, marked where the alias is written:
     * composing shares the anchored node, whose marks are the anchor's place, so an edit of the alias would rewrite
     * the anchored value. An alias of a collection stays shared: an edit inside it is an edit of what it repeats.
     */
    private void placeAliases(Node node, Set<Node> seen) {
        if (!seen.add(node)) {
            return;
        }
        if (node instanceof MappingNode map) {
            List<NodeTuple> entries = new ArrayList<>();
            for (NodeTuple entry : map.getValue()) {
                placeAliases(entry.getKeyNode(), seen);
                Node value = entry.getValueNode();
                entries.add(new NodeTuple(entry.getKeyNode(), seen.contains(value) && value instanceof ScalarNode scalar
                        ? aliasAt(scalar, end(entry.getKeyNode())) : value));
                placeAliases(value, seen);
            }
            map.setValue(entries);
        } else if (node instanceof SequenceNode sequence) {
            List<Node> items = sequence.getValue();
            int after = start(sequence);
            for (int i = 0; i < items.size(); i++) {
                Node item = items.get(i);
                if (seen.contains(item) && item instanceof ScalarNode scalar) {
                    items.set(i, aliasAt(scalar, after));
                } else {
                    placeAliases(item, seen);
                }
                after = end(items.get(i));
            }
        }
    }

    /** {@code scalar}'s value, marked at the first alias ({@code *name}) written from {@code from} on. */
    private ScalarNode aliasAt(ScalarNode scalar, int from) {
        int start = from;
        while (text.charAt(start) != '*') {
            // Between the key (or the item before) and the alias: ':', '-', '[', ',', spaces and comments.
            start = text.charAt(start) == '#' ? text.indexOf('\n', start) : start + 1;
        }
        int end = start + 1;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end)) && ",]}".indexOf(text.charAt(end)) < 0) {
            end++;
        }
        return new ScalarNode(scalar.getTag(), scalar.getValue(), mark(start), mark(end), scalar.getScalarStyle());
    }

    private Mark mark(int offset) {
        return new Mark("alias", text.codePointCount(0, offset), lineOf(offset), column(offset), new int[0], 0);
    }

    String text() {
        return text;
    }

    /** The root mapping, if the document is one. */
    Optional<MappingNode> root() {
        return root instanceof MappingNode m ? Optional.of(m) : Optional.empty();
    }

    // ------------------------------------------------------------------ navigation

    /** The entry of {@code key} in {@code map}. */
    static Optional<NodeTuple> entry(MappingNode map, String key) {
        return map.getValue().stream()
                .filter(t -> t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key))
                .findFirst();
    }

    /** The node at a path of mapping keys from the root. */
    Optional<Node> at(String... path) {
        Optional<Node> node = Optional.ofNullable(root);
        for (String key : path) {
            node = node.filter(MappingNode.class::isInstance).map(MappingNode.class::cast)
                    .flatMap(m -> entry(m, key)).map(NodeTuple::getValueNode);
        }
        return node;
    }

    Optional<MappingNode> mappingAt(String... path) {
        return at(path).filter(MappingNode.class::isInstance).map(MappingNode.class::cast);
    }

    /** The plain value of the scalar at a path, if it is a scalar. */
    Optional<String> scalarAt(String... path) {
        return at(path).filter(ScalarNode.class::isInstance).map(n -> ((ScalarNode) n).getValue());
    }

    static Optional<String> scalar(Node node) {
        return node instanceof ScalarNode s ? Optional.of(s.getValue()) : Optional.empty();
    }

    // ------------------------------------------------------------------ places in the text

    int start(Node node) {
        return offset(node.getStartMark());
    }

    int end(Node node) {
        return offset(node.getEndMark());
    }

    /** Where the node's value starts: after its anchor ({@code &name}) and tag ({@code !!str}), which stay on it. */
    int valueStart(Node node) {
        int at = start(node);
        int end = contentEnd(node);
        while (at < end && (text.charAt(at) == '&' || text.charAt(at) == '!')) {
            while (at < end && !Character.isWhitespace(text.charAt(at))) {
                at++;
            }
            while (at < end && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }
        return at;
    }

    /** The node's anchor and tag as written, each followed by a space ({@code "&acct "}), or empty. */
    String properties(Node node) {
        String written = text.substring(start(node), valueStart(node)).strip();
        return written.isEmpty() ? "" : written.replaceAll("\\s+", " ") + " ";
    }

    private int offset(Mark mark) {
        // Marks count code points; String offsets count chars.
        return text.offsetByCodePoints(0, Math.min(mark.getIndex(), text.codePointCount(0, text.length())));
    }

    /** The node's text as written (quotes included). */
    String source(Node node) {
        return text.substring(start(node), contentEnd(node));
    }

    /** Where the node's last character of content ends (block collections end at the next token). */
    int contentEnd(Node node) {
        if (isFlow(node) || node instanceof ScalarNode) {
            int end = end(node);
            while (end > start(node) && Character.isWhitespace(text.charAt(end - 1))) {
                end--;
            }
            return end;
        }
        if (node instanceof MappingNode m && !m.getValue().isEmpty()) {
            return contentEnd(m.getValue().get(m.getValue().size() - 1).getValueNode());
        }
        if (node instanceof SequenceNode s && !s.getValue().isEmpty()) {
            return contentEnd(s.getValue().get(s.getValue().size() - 1));
        }
        return end(node);
    }

    static boolean isFlow(Node node) {
        return (node instanceof MappingNode m && m.getFlowStyle() == DumperOptions.FlowStyle.FLOW)
                || (node instanceof SequenceNode s && s.getFlowStyle() == DumperOptions.FlowStyle.FLOW);
    }

    int lineOf(int offset) {
        int low = 0;
        int high = lineStarts.length - 1;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (lineStarts[mid] <= offset) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }

    int lineStart(int line) {
        return lineStarts[line];
    }

    /** The offset just after the line's newline (the text's end on the last line). */
    int lineEnd(int line) {
        return line + 1 < lineStarts.length ? lineStarts[line + 1] : text.length();
    }

    int column(int offset) {
        return offset - lineStarts[lineOf(offset)];
    }

    /**
     * Where a block mapping entry starts, with the comment lines right above its key at its
     * indentation: such a comment belongs to the entry and goes where it goes.
     */
    int entryStart(NodeTuple entry) {
        int keyStart = start(entry.getKeyNode());
        int indent = column(keyStart);
        int line = lineOf(keyStart);
        while (line > 0) {
            String above = text.substring(lineStarts[line - 1], lineStarts[line]);
            String stripped = above.stripLeading();
            if (!stripped.startsWith("#") || above.length() - stripped.length() != indent) {
                break;
            }
            line--;
        }
        return lineStarts[line];
    }

    /** The comment after the node on its last line ({@code # ...}), or empty. */
    String trailingComment(Node node) {
        int end = contentEnd(node);
        String rest = text.substring(end, lineEnd(lineOf(end))).strip();
        return rest.startsWith("#") ? rest : "";
    }

    /** The comment lines {@link #entryStart} attaches to the entry, without their indentation. */
    List<String> leadingComments(NodeTuple entry) {
        int keyLineStart = lineStarts[lineOf(start(entry.getKeyNode()))];
        String block = text.substring(entryStart(entry), keyLineStart);
        return block.isEmpty() ? List.of() : block.lines().map(String::strip).toList();
    }

    /** Whether only spaces precede {@code offset} on its line. */
    boolean firstOnLine(int offset) {
        return text.substring(lineStarts[lineOf(offset)], offset).isBlank();
    }
}
