package io.metaingest.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${VAR}}, {@code ${VAR:-default}}, {@code ${VAR-default}} and {@code $VAR} in the string
 * values of a parsed workflow; {@code $${} stands for a literal {@code ${}. As in the shell, {@code :-} takes
 * the default when the variable is unset or empty, {@code -} only when it is unset. An undefined {@code ${VAR}} is a problem;
 * an undefined {@code $VAR} stays as written, as OpenMetadata does, so a password such as
 * {@code Pa$sword} keeps working. A value that is exactly one reference takes the type
 * the substituted text reads as (number, boolean, or a YAML flow sequence or mapping such as
 * {@code [101, 103]}), as if it had been written in the file, unless it was quoted ({@code "${JOB_ID}"}
 * stays a string, as OpenMetadata's substitution in the text keeps it).
 * Substituting after parsing keeps the YAML structure safe from what variables contain and lets each
 * problem name its path.
 */
public final class EnvSubstitution {

    /** The text of an unset variable's problem between its name and its default's hint. */
    private static final String UNSET = " is not set; export it, or write ${";

    /**
     * Whether {@code problem} is an unset {@code ${VAR}} without a default: a command that can check the rest
     * without it ({@code validate --allow-unset-variables}) adds that to the fix.
     */
    public static boolean isUnsetVariable(ConfigProblem problem) {
        return problem.message() != null && problem.message().startsWith("environment variable ")
                && problem.message().contains(UNSET) && problem.message().endsWith(":-<default>}");
    }

    private static final Pattern REFERENCE =
            Pattern.compile("\\$\\$\\{|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?}|\\$([A-Za-z_][A-Za-z0-9_]*)");

    private final Function<String, String> environment;

    /** Substitutes from the given environment (use {@code System::getenv}). */
    public EnvSubstitution(Function<String, String> environment) {
        this.environment = environment;
    }

    /** Rewrites {@code root} in place; returns one problem per missing variable. */
    public List<ConfigProblem> apply(JsonNode root) {
        return apply(root, Set.of());
    }

    /**
     * Rewrites {@code root} in place, keeping the values at {@code quoted} config paths strings;
     * returns one problem per missing variable.
     */
    public List<ConfigProblem> apply(JsonNode root, Set<String> quoted) {
        return substitute(root, quoted).problems();
    }

    /**
     * What a substitution did: the problems (one per missing variable); by config path, the variable
     * whose value took the type it reads as (a number or a boolean), for messages; and a warning for
     * each value that is nothing but an undefined {@code $VAR}, kept as written (a forgotten export is
     * far likelier there than a password spelt like a variable); and the paths of the values that took a
     * list's or a mapping's type (where text is wanted, the loader keeps such a value text: a password
     * may well read as {@code {abc}}); and by config path, the variable of every quoted value that is exactly
     * one reference (it stays text), for messages about its type; and by config path, a variable that is set
     * but empty for each value left empty by such variables alone, so a "must not be empty" can name it; and by
     * config path, the variable of every unquoted value that is exactly one reference and reads as text, so that a
     * setting wanting a number or a boolean names the variable ({@code successThreshold: ${THR}} with {@code THR=high}).
     */
    public record Substituted(List<ConfigProblem> problems, Map<String, String> typedFrom, List<String> warnings,
                              Set<String> structured, Map<String, String> quotedFrom, Map<String, String> emptyFrom,
                              Map<String, String> textFrom) {
    }

    /** Rewrites {@code root} in place, keeping the values at {@code quoted} config paths strings. */
    public Substituted substitute(JsonNode root, Set<String> quoted) {
        Substituted found = new Substituted(new ArrayList<>(), new LinkedHashMap<>(), new ArrayList<>(),
                new java.util.HashSet<>(), new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>());
        walk(root, "", quoted, found);
        return new Substituted(List.copyOf(found.problems()), java.util.Collections.unmodifiableMap(found.typedFrom()),
                List.copyOf(found.warnings()), Set.copyOf(found.structured()),
                java.util.Collections.unmodifiableMap(found.quotedFrom()),
                java.util.Collections.unmodifiableMap(found.emptyFrom()),
                java.util.Collections.unmodifiableMap(found.textFrom()));
    }

    private void walk(JsonNode node, String path, Set<String> quoted, Substituted found) {
        if (node instanceof ObjectNode object) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
            object.fields().forEachRemaining(fields::add);
            for (Map.Entry<String, JsonNode> field : fields) {
                String childPath = ConfigPaths.child(path, field.getKey());
                JsonNode replaced = replace(field.getValue(), childPath, quoted, found);
                if (replaced != null) {
                    object.set(field.getKey(), replaced);
                } else {
                    walk(field.getValue(), childPath, quoted, found);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                String childPath = path + "[" + i + "]";
                JsonNode replaced = replace(array.get(i), childPath, quoted, found);
                if (replaced != null) {
                    array.set(i, replaced);
                } else {
                    walk(array.get(i), childPath, quoted, found);
                }
            }
        }
    }

    private JsonNode replace(JsonNode value, String path, Set<String> quoted, Substituted found) {
        if (!(value instanceof TextNode text) || text.asText().indexOf('$') < 0) {
            return null;
        }
        String raw = text.asText();
        Matcher matcher = REFERENCE.matcher(raw);
        StringBuilder out = new StringBuilder();
        int references = 0;
        boolean wholeValue = false;
        String variable = null;
        String empty = null;
        while (matcher.find()) {
            String replacement;
            if (matcher.group().equals("$${")) {
                replacement = "${";
            } else if (matcher.group(4) != null) {
                String fromEnv = environment.apply(matcher.group(4));
                replacement = fromEnv != null ? fromEnv : matcher.group();
                if (fromEnv == null && matcher.start() == 0 && matcher.end() == raw.length()) {
                    // Named without its "$": the text as written may now be a secret's value, which output masks.
                    found.warnings().add(path + ": environment variable " + matcher.group(4) + " is not set, so the"
                            + " value is the text as written; export it, or write ${" + matcher.group(4)
                            + "} to make a missing variable an error");
                }
                if (fromEnv != null) {
                    references++;
                    wholeValue = matcher.start() == 0 && matcher.end() == raw.length();
                    variable = "$" + matcher.group(4);
                    empty = fromEnv.isBlank() ? matcher.group(4) : empty;
                }
            } else {
                references++;
                wholeValue = matcher.start() == 0 && matcher.end() == raw.length();
                String name = matcher.group(1);
                variable = "${" + name + "}";
                String fromEnv = environment.apply(name);
                // The shell's rule: ":-" takes the default for an empty value too, "-" only for an unset one.
                boolean useDefault = matcher.group(2) != null
                        && (fromEnv == null || fromEnv.isEmpty() && matcher.group(2).equals(":-"));
                if (useDefault) {
                    replacement = matcher.group(3);
                    // Set but empty, and so is its default (${SVC:-}): the variable is still what left the value empty.
                    empty = fromEnv != null && replacement.isEmpty() ? name : empty;
                } else if (fromEnv != null) {
                    replacement = fromEnv;
                    empty = fromEnv.isBlank() ? name : empty;
                } else {
                    found.problems().add(new ConfigProblem(path, "environment variable " + name
                            + UNSET + name + ":-<default>}"));
                    replacement = "";
                }
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        String result = out.toString();
        if (result.isBlank() && empty != null) { // blank too: a value of spaces is told as empty
            found.emptyFrom().put(path, empty);
        }
        if (references == 1 && wholeValue && quoted.contains(path)) {
            found.quotedFrom().put(path, variable);
        }
        if (references == 1 && wholeValue && !quoted.contains(path)) {
            JsonNode typed = typed(result);
            if (typed.isContainerNode()) {
                found.structured().add(path);
                keepText(typed, path, quoted);
            }
            if (!typed.isTextual()) {
                found.typedFrom().put(path, variable);
            } else if (!result.isBlank()) {
                found.textFrom().put(path, variable);
            }
            return typed;
        }
        return TextNode.valueOf(result);
    }

    /**
     * Turns back into text the numbers and booleans of a variable's list or mapping found at {@code quoted}
     * paths: where a setting wants text (dbt Cloud's {@code jobIds: [101, 103]}), the loader asks for it so.
     */
    private static void keepText(JsonNode node, String path, Set<String> quoted) {
        ConfigPaths.rewrite(node, path, quoted, value -> value.isValueNode() && !value.isNull()
                ? TextNode.valueOf(value.asText()) : value);
    }

    private static JsonNode typed(String text) {
        if (text.equals("true") || text.equals("false")) {
            return BooleanNode.valueOf(Boolean.parseBoolean(text));
        }
        if (text.matches("-?\\d{1,18}")) {
            return JsonNodeFactory.instance.numberNode(Long.parseLong(text));
        }
        if (text.matches("-?\\d+\\.\\d+")) {
            return JsonNodeFactory.instance.numberNode(Double.parseDouble(text));
        }
        String trimmed = text.strip();
        if (trimmed.startsWith("[") && trimmed.endsWith("]") || trimmed.startsWith("{") && trimmed.endsWith("}")) {
            // A flow sequence or mapping, as the same text written in the file would be (jobIds: [101, 103]).
            try {
                JsonNode structure = Flow.READER.readTree(trimmed);
                if (structure != null && structure.isContainerNode()) {
                    return structure;
                }
            } catch (java.io.IOException notYaml) {
                // Not a flow collection after all: the text it is.
            }
        }
        return TextNode.valueOf(text);
    }

    /**
     * Reads a variable's flow collection; a mapper of its own, as no value of the file is read with it, made on
     * first use (a class of its own), so a run whose variables hold none does not pay for it at start-up.
     */
    private static final class Flow {
        static final com.fasterxml.jackson.databind.ObjectMapper READER =
                new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
    }

}
