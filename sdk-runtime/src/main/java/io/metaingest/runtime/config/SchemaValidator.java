package io.metaingest.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.ClasspathSchemaLoader;
import io.metaingest.runtime.registry.SpecSchemas;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validates a part of a workflow against a JSON Schema with networknt and turns its messages into
 * {@link ConfigProblem}s that name the full config path and say how to fix the problem: networknt's
 * raw messages lack the context a user needs.
 */
final class SchemaValidator {

    /**
     * The schema keyword under which a property that OpenMetadata defines, but whose other values
     * metaingest cannot honour, says why and what to write instead; it is the problem's line.
     */
    static final String UNSUPPORTED = "x-unsupported";

    /**
     * The schema keyword under which a subschema explains its constraint in the user's terms (a bound
     * that holds for one setting only, say); it is added to the problem's line.
     */
    static final String HINT = "x-hint";
    /** A schema keyword: the fix said after "must be an integer, not a number" (a fraction where a whole number is wanted). */
    static final String FRACTION_HINT = "x-fraction-hint";
    /**
     * A property's keyword: {@code true} when the field is needed wherever it is written, though its object does not
     * list it in {@code required} (its need depends on other settings); an empty value's fix then never says to
     * remove the line.
     */
    static final String REQUIRED_IN_CONTEXT = "x-required-in-context";
    /** The pattern that refuses a value of spaces alone: such a value is told as empty. */
    static final String NOT_BLANK = "\\S";
    /** What an empty value's line adds when the value holds spaces only. */
    static final String ONLY_SPACES = " (only spaces)";

    /** Draft 7 plus our annotation keywords, so networknt does not warn "Unknown keyword" on every load. */
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7,
            builder -> builder.metaSchema(JsonMetaSchema.builder(JsonMetaSchema.getV7())
                    .keyword(new NonValidationKeyword(FieldHints.SCHEMA_KEYWORD))
                    .keyword(new NonValidationKeyword(UNSUPPORTED))
                    .keyword(new NonValidationKeyword(HINT))
                    .keyword(new NonValidationKeyword(FRACTION_HINT))
                    .keyword(new NonValidationKeyword(REQUIRED_IN_CONTEXT)).build())
                    // A shared part ("$ref": "classpath:/schemas/common/...") from the runtime's own jar, whatever
                    // the thread's context class loader (a plugin's) can see.
                    .schemaLoaders(loaders -> loaders.add(new ClasspathSchemaLoader(SchemaValidator.class::getClassLoader))));
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .build();

    private SchemaValidator() {
    }

    /**
     * Validates {@code instance}.
     *
     * @param schema the schema document
     * @param prefix the config path of {@code instance}
     * @param context the name used to look up 1.6 hints (a sourceConfig or service type)
     */
    static List<ConfigProblem> validate(JsonNode instance, JsonNode schema, String prefix, String context) {
        JsonSchema compiled = FACTORY.getSchema(schema, CONFIG);
        List<ValidationMessage> messages = new ArrayList<>(compiled.validate(instance));
        messages.sort(Comparator.comparing((ValidationMessage m) -> m.getInstanceLocation().toString())
                .thenComparing(m -> String.valueOf(m.getProperty())));
        List<ConfigProblem> problems = new ArrayList<>();
        List<String> specific = new ArrayList<>();
        Set<String> missing = new java.util.HashSet<>();
        Set<String> misspeltMissing = new java.util.HashSet<>();
        Set<String> tooShort = new java.util.HashSet<>();
        for (ValidationMessage message : messages) {
            if (message.getType().equals("minLength")) {
                tooShort.add(ConfigPaths.of(prefix, message.getInstanceLocation()));
            }
            if (message.getType().equals("required")) {
                missing.add(ConfigPaths.child(ConfigPaths.of(prefix, message.getInstanceLocation()), message.getProperty()));
            }
        }
        for (ValidationMessage message : messages) {
            if (message.getType().equals("pattern") && tooShort.contains(ConfigPaths.of(prefix, message.getInstanceLocation()))) {
                continue; // an empty (too short) value fails its format too: one mistake, one line, the length's
            }
            ConfigProblem problem = describe(message, schema, prefix, context);
            problems.add(problem);
            if (!ALTERNATIVES.contains(message.getType())) {
                specific.add(problem.path());
            }
            Matcher meant = MEANT.matcher(problem.message());
            if (message.getType().equals("additionalProperties") && meant.matches()) {
                misspeltMissing.add(ConfigPaths.child(ConfigPaths.of(prefix, message.getInstanceLocation()), meant.group(1)));
            }
        }
        // A misspelt required field is one mistake: the line naming the misspelling says the fix.
        misspeltMissing.retainAll(missing);
        problems.removeIf(p -> misspeltMissing.contains(p.path()) && p.message().startsWith(MISSING));
        // "must be valid to one and only one schema" says nothing a line about a field inside it does not.
        problems.removeIf(p -> p.message().startsWith(NONE_OF_THE_ALTERNATIVES) && specific.stream()
                .anyMatch(s -> s.startsWith(p.path() + ".") || s.startsWith(p.path() + "[")));
        return problems;
    }

    /** How a required field's absence is described. */
    private static final String MISSING = "required field is missing";
    /** An unknown field's line that names the field likely meant. */
    private static final Pattern MEANT = Pattern.compile("unknown field; did you mean '(.*)'\\?");

    /** The keywords of a choice between subschemas. */
    private static final Set<String> ALTERNATIVES = Set.of("oneOf", "anyOf");
    /** How their problems begin once described. */
    private static final String NONE_OF_THE_ALTERNATIVES = "must be valid to ";
    /** The fix said after "must be a string, not a number" (or an integer, or true or false). */
    static final String QUOTE_IT = "; quote it to keep the value text";
    /** A schema type that admits text: {@code string}, alone or in a union ({@code [string, null]}). */
    private static final Pattern TEXT = Pattern.compile("\\bstring\\b");
    /**
     * {@code "; did you mean 'x'?"} when the text {@code typed} is a likely typo of one of the {@code allowed} values
     * (only a value of the schema is shown, never what was typed); empty otherwise.
     */
    /**
     * The allowed values as a user writes them, each once: an enum that takes a value as a string or a number
     * ({@code ["8", 8]}) read "[8, 8]" with the quotes dropped.
     */
    static String allowedValues(JsonNode allowed, String otherwise) {
        if (!allowed.isArray() || allowed.isEmpty()) {
            return otherwise;
        }
        Set<String> values = new LinkedHashSet<>();
        allowed.forEach(v -> values.add(v.isTextual() ? v.asText() : v.toString()));
        return "[" + String.join(", ", values) + "]";
    }

    private static String closestAllowed(JsonNode typed, JsonNode allowed) {
        if (typed == null || !typed.isTextual() || !allowed.isArray()) {
            return "";
        }
        List<String> values = new ArrayList<>();
        allowed.forEach(value -> {
            if (value.isTextual()) {
                values.add(value.asText());
            }
        });
        return Suggestions.didYouMean(typed.asText(), values, "");
    }

    /** What YAML reads from an unquoted scalar that quotes would have kept as text. */
    private static final Set<String> QUOTABLE = Set.of("integer", "number", "boolean");

    /** How a reference to a shared part of the runtime's schemas begins. */
    private static final String CLASSPATH = "classpath:";

    private static ConfigProblem describe(ValidationMessage m, JsonNode root, String prefix, String context) {
        JsonNode schema = documentOf(m, root);
        ConfigProblem problem = describeAlone(m, schema, prefix, context);
        JsonNode at = schemaAt(schema, m.getSchemaLocation().getFragment().getParent());
        String why = at.path(UNSUPPORTED).asText("");
        // The schema's own wording ("must be one of [false]") says less than why and the fix do.
        if (!why.isEmpty()) {
            return new ConfigProblem(problem.path(), "not supported here: " + why);
        }
        String hint = at.path(HINT).asText("");
        return hint.isEmpty() ? problem : new ConfigProblem(problem.path(), problem.message() + ": " + hint);
    }

    private static ConfigProblem describeAlone(ValidationMessage m, JsonNode schema, String prefix, String context) {
        String path = ConfigPaths.of(prefix, m.getInstanceLocation());
        JsonNode parentSchema = schemaAt(schema, m.getSchemaLocation().getFragment().getParent());
        Object[] args = m.getArguments() == null ? new Object[0] : m.getArguments();
        switch (m.getType()) {
            case "required": {
                String field = m.getProperty();
                String description = parentSchema.path("properties").path(field).path("description").asText("");
                return new ConfigProblem(ConfigPaths.child(path, field), MISSING
                        + (description.isEmpty() ? "" : " (" + description + ")") + "; add it");
            }
            case "additionalProperties": {
                String field = m.getProperty();
                Set<String> allowed = new TreeSet<>();
                // A property no value can satisfy is there only to say why it is refused: not one to offer.
                parentSchema.path("properties").fields().forEachRemaining(property -> {
                    if (!admitsNothing(property.getValue())) {
                        allowed.add(property.getKey());
                    }
                });
                Optional<String> hint = FieldHints.hint(field, parentSchema);
                String text = hint.map(h -> "unknown field: " + h).orElseGet(() -> Suggestions.closest(field, allowed)
                        .map(s -> "unknown field; did you mean '" + s + "'?")
                        .orElse(allowed.isEmpty() ? "unknown field; this takes no settings: remove it"
                                : "unknown field; known fields: " + String.join(", ", allowed)));
                return new ConfigProblem(ConfigPaths.child(path, field), text);
            }
            case "type": {
                String actual = String.valueOf(args.length > 0 ? args[0] : "something else");
                String fraction = actual.equals("number") && expected(args).equals("integer")
                        ? parentSchema.path(FRACTION_HINT).asText("") : "";
                return new ConfigProblem(path, "must be " + article(expected(args)) + ", not " + article(actual)
                        + (fraction.isEmpty() ? typeFix(expected(args), actual) : "; " + fraction));
            }
            case "enum":
                return new ConfigProblem(path, "must be one of " + allowedValues(parentSchema.path("enum"),
                                args.length > 0 ? String.valueOf(args[0]).replace("\"", "") : "the allowed values")
                        + ((path.endsWith(".type")) ? " (the value is case-sensitive)" : "")
                        + closestAllowed(m.getInstanceNode(), parentSchema.path("enum")));
            case "const":
                return new ConfigProblem(path, "must be " + (args.length > 0 ? args[0] : "the constant value"));
            case "minimum":
                return new ConfigProblem(path, "must be at least " + (args.length > 0 ? args[0] : "the minimum")
                        + range(parentSchema));
            case "exclusiveMinimum":
                return new ConfigProblem(path, "must be more than " + (args.length > 0 ? args[0] : "the minimum")
                        + range(parentSchema));
            case "maximum":
                return new ConfigProblem(path, "must be at most " + (args.length > 0 ? args[0] : "the maximum")
                        + range(parentSchema));
            case "exclusiveMaximum":
                return new ConfigProblem(path, "must be less than " + (args.length > 0 ? args[0] : "the maximum")
                        + range(parentSchema));
            case "minLength": {
                String least = args.length > 0 ? String.valueOf(args[0]) : "1";
                return new ConfigProblem(path, "1".equals(least) ? "must not be empty; " + emptyFix(schema, m, parentSchema)
                        : "must be at least " + characters(least) + " long; lengthen it");
            }
            case "maxLength":
                return new ConfigProblem(path, "must be at most " + characters(args.length > 0 ? String.valueOf(args[0]) : "")
                        + " long; shorten it");
            case "pattern": {
                if (NOT_BLANK.equals(parentSchema.path("pattern").asText()) && m.getInstanceNode() != null
                        && m.getInstanceNode().isTextual() && m.getInstanceNode().asText().isBlank()) {
                    // Spaces alone are no value (a token of spaces is sent as is and refused by the server).
                    return new ConfigProblem(path, "must not be empty" + ONLY_SPACES + "; "
                            + emptyFix(schema, m, parentSchema));
                }
                String description = parentSchema.path("description").asText("");
                return new ConfigProblem(path, "has the wrong format"
                        + (path.endsWith("pipelineRunId") ? "; use a UUID such as 123e4567-e89b-12d3-a456-426614174000"
                        : description.isEmpty() ? "" : "; expected " + inSentence(description)));
            }
            case "uniqueItems":
                return repeatedEntry(path, m.getInstanceNode());
            default:
                return new ConfigProblem(path, stripPath(m.getMessage()));
        }
    }

    /**
     * The first entry of a list that repeats an earlier one, named by both places: the value is not repeated,
     * as it may be a secret.
     */
    private static ConfigProblem repeatedEntry(String path, JsonNode list) {
        if (list != null && list.isArray()) {
            // By hash, not pair by pair: a list of many entries is one pass (a file may hold 100,000 of them).
            java.util.Map<JsonNode, Integer> first = new java.util.HashMap<>();
            for (int later = 0; later < list.size(); later++) {
                Integer earlier = first.putIfAbsent(list.get(later), later);
                if (earlier != null) {
                    return new ConfigProblem(path + "[" + later + "]", "repeats " + path + "[" + earlier
                            + "]; remove one of them");
                }
            }
        }
        return new ConfigProblem(path, "has an entry twice; remove the repeat");
    }

    /**
     * How to fix an empty value: never by removing the line where the field is required, by its object's
     * {@code required} or, where its need depends on other settings, by {@value #REQUIRED_IN_CONTEXT}
     * (removing the bot's {@code jwtToken} leaves a {@code securityConfig} the server's calls cannot use).
     */
    private static String emptyFix(JsonNode schema, ValidationMessage m, JsonNode property) {
        return required(schema, m) || property.path(REQUIRED_IN_CONTEXT).asBoolean(false) ? "give it a value"
                : "give it a value, or remove the line to leave it unset";
    }

    /** A schema of {@code "not": {}}, which no value satisfies. */
    private static boolean admitsNothing(JsonNode property) {
        JsonNode not = property.path("not");
        return not.isObject() && not.isEmpty();
    }

    /**
     * How to write a value of the {@code expected} type where YAML read an {@code actual} one; empty where
     * the line says it already (an object's "key: value pairs"). The value is never repeated: it may be a secret.
     */
    /** "1 character", "5 characters". */
    private static String characters(String count) {
        return count.isEmpty() ? "the limit in characters" : count + ("1".equals(count) ? " character" : " characters");
    }

    private static String typeFix(String expected, String actual) {
        if (quotingFixes(expected, actual)) {
            return QUOTE_IT;
        }
        boolean quoted = actual.equals("string");
        return switch (expected) {
            case "array" -> "; write it as a list: [a, b], or one '- item' line per item";
            case "boolean" -> quoted ? "; write true or false without quotes" : "; write true or false";
            case "integer" -> quoted ? "; write a whole number without quotes" : "; write a whole number";
            case "number" -> quoted ? "; write a number without quotes" : "; write a number";
            case "string" -> switch (actual) {
                case "null" -> "; write its value after the colon";
                case "array" -> "; write one value, not a list";
                case "object" -> "; write one value, not key: value pairs";
                default -> "";
            };
            default -> "";
        };
    }

    /**
     * The range a bounded number's schema allows, said after the bound it broke; empty when the schema has one
     * bound only (the line says the whole range then): {@code "; use a value from 0 to 100"}.
     */
    private static String range(JsonNode property) {
        boolean low = property.has("minimum");
        boolean high = property.has("maximum");
        String lowest = low ? "at least " + number(property.get("minimum"))
                : property.has("exclusiveMinimum") ? "above " + number(property.get("exclusiveMinimum")) : "";
        String highest = high ? "at most " + number(property.get("maximum"))
                : property.has("exclusiveMaximum") ? "below " + number(property.get("exclusiveMaximum")) : "";
        if (lowest.isEmpty() || highest.isEmpty()) {
            return "";
        }
        return "; use a value " + (low && high ? "from " + number(property.get("minimum")) + " to "
                + number(property.get("maximum")) : lowest + " and " + highest);
    }

    /** A schema's number as written ({@code 100}, {@code 0.5}), not as a double prints it ({@code 100.0}). */
    private static String number(JsonNode value) {
        return value.isNumber() ? value.decimalValue().stripTrailingZeros().toPlainString() : value.asText();
    }

    /** Whether the property {@code m} is about is required by the object schema that holds it. */
    private static boolean required(JsonNode schema, ValidationMessage m) {
        JsonNodePath property = m.getSchemaLocation().getFragment().getParent();
        if (property == null || property.getParent() == null || property.getNameCount() < 2) {
            return false;
        }
        String name = String.valueOf(property.getName(-1));
        JsonNode holder = schemaAt(schema, property.getParent().getParent());
        for (JsonNode required : holder.path("required")) {
            if (required.asText().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A schema's description as the rest of a problem's sentence: a capitalised first word that is an
     * ordinary word ("Host and port …") lower-cased, a name ("PostgreSQL", "URL") kept, the full stop dropped.
     */
    static String inSentence(String description) {
        String text = description.strip();
        if (ORDINARY_CAPITALISED.matcher(text).lookingAt()) {
            text = Character.toLowerCase(text.charAt(0)) + text.substring(1);
        }
        return text.endsWith(".") && !text.endsWith("..") ? text.substring(0, text.length() - 1) : text;
    }

    /** A first word of one capital and then small letters only, ended by a space or punctuation. */
    private static final Pattern ORDINARY_CAPITALISED = Pattern.compile("\\p{Lu}\\p{Ll}*(?![\\p{L}\\p{N}_-])");

    /**
     * Whether quoting the value makes it what the schema wants: a number or boolean where text is
     * expected ({@code accountId: 1}, {@code projectIds: [11]}). One rule for every field; the value
     * is not repeated, it may be a secret.
     */
    private static boolean quotingFixes(String expected, String actual) {
        return TEXT.matcher(expected).find() && QUOTABLE.contains(actual);
    }

    private static String expected(Object[] args) {
        return args.length > 1 ? String.valueOf(args[1]) : "another type";
    }

    private static String article(String type) {
        return switch (type) {
            case "object" -> "an object (key: value pairs)";
            case "array" -> "a list";
            case "integer" -> "an integer";
            case "string" -> "a string";
            case "boolean" -> "true or false";
            case "number" -> "a number";
            case "null" -> "empty";
            default -> type;
        };
    }

    /** networknt's message without its own location ({@code $.a.b: } or {@code /a/b: }): the problem's path says where. */
    private static String stripPath(String message) {
        int colon = message.indexOf(": ");
        return (message.startsWith("$") || message.startsWith("/")) && colon > 0 ? message.substring(colon + 2) : message;
    }

    /**
     * The schema document the message's location is in: {@code root}, or the shared part it refers to, whose
     * descriptions and hints are then the ones to read.
     */
    private static JsonNode documentOf(ValidationMessage m, JsonNode root) {
        Object iri = m.getSchemaLocation().getAbsoluteIri();
        String text = iri == null ? "" : iri.toString();
        return text.startsWith(CLASSPATH) ? SpecSchemas.read(text.substring(CLASSPATH.length()), SchemaValidator.class) : root;
    }

    private static JsonNode schemaAt(JsonNode schema, JsonNodePath fragment) {
        JsonNode node = schema;
        if (fragment == null) {
            return node;
        }
        for (int i = 0; i < fragment.getNameCount(); i++) {
            Object element = fragment.getElement(i);
            node = element instanceof Integer index ? node.path(index) : node.path(String.valueOf(element));
        }
        return node;
    }
}
