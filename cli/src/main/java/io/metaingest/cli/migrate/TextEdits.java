package io.metaingest.cli.migrate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

/**
 * Edits of one {@link YamlText}, each a replacement of a range of the text, applied together. Every
 * operation touches only the characters it must: the lines around it, their comments and their
 * indentation stay as written.
 */
final class TextEdits {

    private record Edit(int start, int end, String replacement, int order) {
    }

    private final YamlText yaml;
    private final List<Edit> edits = new ArrayList<>();

    TextEdits(YamlText yaml) {
        this.yaml = yaml;
    }

    boolean isEmpty() {
        return edits.isEmpty();
    }

    void replace(int start, int end, String replacement) {
        edits.add(new Edit(start, end, replacement, edits.size()));
    }

    /** Replaces a node's text (a scalar, or a flow collection) with {@code replacement}. */
    void replace(Node node, String replacement) {
        replace(yaml.start(node), yaml.contentEnd(node), replacement);
    }

    /**
     * Removes a mapping entry: its whole lines in a block mapping (a comment on them goes with it),
     * or the entry and one separating comma in a flow mapping.
     */
    void remove(MappingNode map, NodeTuple entry) {
        int keyStart = yaml.start(entry.getKeyNode());
        int valueEnd = yaml.contentEnd(entry.getValueNode());
        if (!YamlText.isFlow(map)) {
            if (!yaml.firstOnLine(keyStart)) {
                throw new UneditableException("the entry shares its line with a '-' or another key");
            }
            replace(yaml.entryStart(entry), yaml.lineEnd(yaml.lineOf(valueEnd)), "");
            return;
        }
        String text = yaml.text();
        int index = map.getValue().indexOf(entry);
        if (index + 1 < map.getValue().size()) {
            replace(keyStart, yaml.start(map.getValue().get(index + 1).getKeyNode()), "");
        } else if (index > 0) {
            int from = yaml.contentEnd(map.getValue().get(index - 1).getValueNode());
            replace(from, valueEnd, "");
        } else {
            int end = valueEnd;
            while (end < text.length() && Character.isWhitespace(text.charAt(end)) && text.charAt(end) != '}') {
                end++;
            }
            replace(keyStart, end, "");
        }
    }

    /**
     * Adds {@code key: value} as the mapping's last entry; {@code value} is one line of YAML, or for
     * a block mapping several lines already indented for their place (starting with a newline).
     */
    void append(MappingNode map, String key, String value) {
        append(map, List.of(), key, value, "");
    }

    /**
     * Adds an entry as {@link #append(MappingNode, String, String)} does, with comment lines above
     * it and a comment after it (block mappings only: a flow mapping has no place for them).
     */
    void append(MappingNode map, List<String> commentsAbove, String key, String value, String commentAfter) {
        String text = yaml.text();
        if (YamlText.isFlow(map)) {
            int close = yaml.end(map) - 1;
            replace(close, close, (map.getValue().isEmpty() ? "" : ", ") + key + ": " + value);
            return;
        }
        String indent = " ".repeat(yaml.column(yaml.start(map.getValue().get(0).getKeyNode())));
        int line = yaml.lineOf(yaml.contentEnd(map));
        int at = yaml.lineEnd(line);
        StringBuilder entry = new StringBuilder(at == text.length() && !text.endsWith("\n") ? "\n" : "");
        commentsAbove.forEach(c -> entry.append(indent).append(c).append('\n'));
        entry.append(indent).append(key).append(value.startsWith("\n") ? ":" : ": ").append(value)
                .append(commentAfter.isEmpty() ? "" : "   " + commentAfter).append('\n');
        replace(at, at, entry.toString());
    }

    /** The edited text. */
    String apply() {
        List<Edit> sorted = new ArrayList<>(edits);
        sorted.sort(Comparator.comparingInt(Edit::start).thenComparingInt(Edit::order));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).start() < sorted.get(i - 1).end()) {
                throw new IllegalStateException("overlapping edits at offset " + sorted.get(i).start());
            }
        }
        StringBuilder out = new StringBuilder(yaml.text());
        for (int i = sorted.size() - 1; i >= 0; i--) {
            Edit edit = sorted.get(i);
            out.replace(edit.start(), edit.end(), edit.replacement());
        }
        return out.toString();
    }

    /** An edit the file's layout does not allow; the user makes it by hand. */
    static final class UneditableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UneditableException(String message) {
            super(message);
        }
    }
}
