package io.metaingest.cli.migrate;

import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** How new scalar text is written so that it reads back as the intended string. */
final class Scalars {

    /** Plain is safe for these: no YAML indicator, no flow character, no comment, no ": ". */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_^$\\\\(/][A-Za-z0-9_ <>./\\-^$\\\\()]*");
    /** Plain text YAML would read as something other than a string. */
    private static final Pattern NOT_A_STRING = Pattern.compile(
            "(?i)true|false|yes|no|on|off|null|~|[-+]?[0-9][0-9_.eE+-]*|\\.inf|\\.nan");
    private static final Pattern REGEX_SPECIAL = Pattern.compile("[\\\\.\\[\\]{}()*+?^$|]");

    private Scalars() {
    }

    /** {@code value} written in the style of {@code original} (quotes kept), plain only when safe. */
    static String like(ScalarNode original, String value) {
        if (original.getScalarStyle() == DumperOptions.ScalarStyle.SINGLE_QUOTED) {
            return "'" + value.replace("'", "''") + "'";
        }
        if (original.getScalarStyle() == DumperOptions.ScalarStyle.DOUBLE_QUOTED) {
            return doubleQuoted(value);
        }
        return safe(value);
    }

    /** {@code value} plain when that reads back as the same string, else double-quoted. */
    static String safe(String value) {
        boolean plain = PLAIN.matcher(value).matches() && !value.endsWith(" ")
                && !NOT_A_STRING.matcher(value).matches();
        return plain ? value : doubleQuoted(value);
    }

    static String doubleQuoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\t", "\\t") + "\"";
    }

    /**
     * {@code scalar} as a string list element in flow style: quoted as written, or double-quoted (a
     * plain scalar, and a block scalar, {@code |} or {@code >}, which a flow collection cannot hold).
     */
    static String asStringElement(YamlText yaml, ScalarNode scalar) {
        boolean quoted = scalar.getScalarStyle() == DumperOptions.ScalarStyle.SINGLE_QUOTED
                || scalar.getScalarStyle() == DumperOptions.ScalarStyle.DOUBLE_QUOTED;
        return quoted ? yaml.text().substring(yaml.valueStart(scalar), yaml.contentEnd(scalar)) : doubleQuoted(scalar.getValue());
    }

    /** Whether {@code scalar} is YAML's null ({@code null}, {@code ~}, nothing) or an empty or blank string. */
    static boolean holdsNothing(ScalarNode scalar) {
        return Tag.NULL.equals(scalar.getTag()) || scalar.getValue().isBlank();
    }

    /** A regular expression matching exactly {@code text}. */
    static String regexLiteral(String text) {
        return REGEX_SPECIAL.matcher(text).replaceAll("\\\\$0");
    }

    /** A node in flow style on one line (comments inside a block are not kept). */
    static String flow(Node node) {
        if (node instanceof MappingNode map) {
            return map.getValue().stream().map(t -> flow(t.getKeyNode()) + ": " + flow(t.getValueNode()))
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        if (node instanceof SequenceNode seq) {
            return seq.getValue().stream().map(Scalars::flow).collect(Collectors.joining(", ", "[", "]"));
        }
        ScalarNode scalar = (ScalarNode) node;
        return Tag.STR.equals(scalar.getTag()) ? safe(scalar.getValue()) : scalar.getValue();
    }
}
