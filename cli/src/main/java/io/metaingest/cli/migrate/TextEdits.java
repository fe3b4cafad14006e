package io.metaingest.cli.migrate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
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
    /** A flow mapping's entries to remove, by index. */
    private record FlowRemovals(MappingNode map, TreeSet<Integer> indices, int order) {
    }

    private final List<Edit> edits = new ArrayList<>();
    private final List<FlowRemovals> flowRemovals = new ArrayList<>();

    TextEdits(YamlText yaml) {
        this.yaml = yaml;
    }

    boolean isEmpty() {
        return edits.isEmpty() && flowRemovals.isEmpty();
    }

    void replace(int start, int end, String replacement) {
        edits.add(new Edit(start, end, replacement, edits.size()));
    }

    /**
     * Replaces a node's text (a scalar, or a flow collection) with {@code replacement}; its anchor and tag stay on
     * it, so the aliases of the value read what it now is.
     */
    void replace(Node node, String replacement) {
        replace(yaml.valueStart(node), yaml.contentEnd(node), replacement);
    }

    /**
     * Removes a mapping entry: its whole lines in a block mapping (a comment on them goes with it),
     * or the entry and one separating comma in a flow mapping. A flow mapping's removals are
     * gathered and made at {@link #apply()}: neighbours removed one by one would each claim the comma
     * between them.
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
        int index = indexOf(map, entry);
        FlowRemovals removals = flowRemovals.stream().filter(r -> r.map() == map).findFirst().orElseGet(() -> {
            FlowRemovals added = new FlowRemovals(map, new TreeSet<>(), edits.size());
            flowRemovals.add(added);
            return added;
        });
        removals.indices().add(index);
    }

    private static int indexOf(MappingNode map, NodeTuple entry) {
        List<NodeTuple> entries = map.getValue();
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i) == entry) {
                return i;
            }
        }
        throw new IllegalArgumentException("the entry is not in the mapping");
    }

    /**
     * One edit per run of neighbouring removed entries: up to the next kept entry's key, or, for a
     * run that ends the mapping, from the end of the kept entry before it (its comma goes).
     */
    private List<Edit> flowEdits(FlowRemovals removals) {
        List<NodeTuple> entries = removals.map().getValue();
        List<Edit> made = new ArrayList<>();
        int first = -1;
        for (int i : removals.indices()) {
            if (first < 0 || i != removals.indices().lower(i) + 1) {
                first = i;
            }
            boolean runEnds = !removals.indices().contains(i + 1);
            if (!runEnds) {
                continue;
            }
            int runStart = yaml.start(entries.get(first).getKeyNode());
            if (i + 1 < entries.size()) {
                made.add(new Edit(runStart, yaml.start(entries.get(i + 1).getKeyNode()), "", removals.order()));
            } else if (first > 0) {
                made.add(new Edit(yaml.contentEnd(entries.get(first - 1).getValueNode()),
                        yaml.contentEnd(entries.get(i).getValueNode()), "", removals.order()));
            } else {
                String text = yaml.text();
                int end = yaml.contentEnd(entries.get(i).getValueNode());
                while (end < text.length() && Character.isWhitespace(text.charAt(end))) {
                    end++;
                }
                made.add(new Edit(runStart, end, "", removals.order()));
            }
        }
        return made;
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
        flowRemovals.forEach(r -> sorted.addAll(flowEdits(r)));
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
