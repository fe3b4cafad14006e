package io.metaingest.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

/**
 * Malformed and hostile workflow files, generated from a seed: valid workflows of every bundled
 * connector and workflow kind ({@link #BASES}), broken by wrong types, deep nesting, huge strings
 * and numbers, unknown keys everywhere, undefined variables and broken enums, or replaced by raw
 * hostile text (alias bombs, invalid UTF-8, truncation, byte noise, tabs, NUL bytes, YAML tags,
 * several documents, a wrong root). Every file is invalid: tree mutations always add one sure
 * mistake (an unknown top-level key, written first so that truncation keeps it).
 */
final class WorkflowFuzzer {

    /** One generated file: what was done to it, its name's extension, its bytes. */
    record Case(int index, String kind, String extension, byte[] bytes) {
        String preview() {
            String text = new String(bytes, 0, Math.min(bytes.length, 300), StandardCharsets.UTF_8);
            return text.replace("\n", "\\n");
        }
    }

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));
    static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Valid workflows: every bundled connector's connection schema and the kinds of the workflow schema. */
    static final Map<String, String> BASES = Map.of(
            "postgres metadata", """
                    source:
                      type: postgres
                      serviceName: local_pg
                      serviceConnection:
                        config: {type: Postgres, hostPort: "localhost:5432", username: ingest,
                                 authType: {password: pw}, database: shop, ingestAllDatabases: false,
                                 connectionArguments: {application_name: fuzz}}
                      sourceConfig:
                        config: {type: DatabaseMetadata, includeViews: true,
                                 schemaFilterPattern: {includes: ["^sales$"], excludes: ["^tmp_"]}}
                    sink: {type: file, config: {path: OUT/pg.ndjson}}
                    workflowConfig: {loggerLevel: INFO, successThreshold: 90}
                    """,
            "postgres lineage to OpenMetadata", """
                    source:
                      type: postgres-lineage
                      serviceName: local_pg
                      serviceConnection:
                        config: {type: Postgres, hostPort: "localhost:5432", username: ingest, authType: {password: pw}}
                      sourceConfig: {config: {type: DatabaseLineage, queryLogDuration: 1}}
                    sink: {type: metadata-rest, config: {}}
                    workflowConfig:
                      openMetadataServerConfig:
                        hostPort: "http://localhost:8585/api"
                        authProvider: openmetadata
                        securityConfig: {jwtToken: token}
                    """,
            "postgres usage", """
                    source:
                      type: postgres-usage
                      serviceName: local_pg
                      serviceConnection:
                        config: {type: Postgres, hostPort: "localhost:5432", username: ingest, authType: {password: pw}}
                      sourceConfig: {config: {type: DatabaseUsage}}
                    processor: {type: query-parser, config: {}}
                    stage: {type: table-usage, config: {filename: OUT/usage-stage}}
                    bulkSink: {type: metadata-usage, config: {filename: OUT/usage-stage, path: OUT/usage.ndjson}}
                    """,
            "fivetran", """
                    source:
                      type: fivetran
                      serviceName: ft
                      serviceConnection:
                        config: {type: Fivetran, apiKey: key, apiSecret: secret, hostPort: "https://api.fivetran.com", limit: 100}
                      sourceConfig:
                        config: {type: PipelineMetadata, includeLineage: true,
                                 lineageInformation: {dbServiceNames: [warehouse]},
                                 pipelineFilterPattern: {includes: [".*"]}}
                    sink: {type: file, config: {path: OUT/ft.ndjson}}
                    """,
            "dbt cloud", """
                    source:
                      type: dbtcloud
                      serviceName: dbt
                      serviceConnection:
                        config: {type: DBTCloud, host: "https://cloud.getdbt.com", discoveryAPI: "https://metadata.cloud.getdbt.com/graphql",
                                 accountId: "70403103922125", token: tok, jobIds: ["1", "2"], numberOfRuns: 5}
                      sourceConfig: {config: {type: PipelineMetadata}}
                    sink: {type: console}
                    """,
            "microstrategy", """
                    source:
                      type: microstrategy
                      serviceName: mstr
                      serviceConnection:
                        config: {type: MicroStrategy, hostPort: "https://mstr.example.com", username: admin, password: pw,
                                 projectName: Tutorial, loginMode: 1}
                      sourceConfig:
                        config: {type: DashboardMetadata, dashboardFilterPattern: {excludes: ["^tmp"]},
                                 lineageInformation: {dbServiceNames: [warehouse]}}
                    sink: {type: file, config: {path: OUT/mstr.ndjson}}
                    """);

    private final SplittableRandom random;
    private final List<String> baseNames = new ArrayList<>(new java.util.TreeSet<>(BASES.keySet()));
    private final String outFolder;

    WorkflowFuzzer(long seed, String outFolder) {
        this.random = new SplittableRandom(seed);
        this.outFolder = outFolder;
    }

    /** A base workflow, parsed, with OUT replaced by the output folder. */
    static JsonNode base(String name, String outFolder) {
        try {
            return YAML.readTree(BASES.get(name).replace("OUT/", outFolder + "/"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final List<String> TREE = List.of("wrong type", "unknown keys everywhere", "deep nesting",
            "huge string", "huge number", "broken enum", "undefined variable", "huge array", "removed key",
            "hostile string");
    private static final List<String> RAW = List.of("alias bomb", "invalid UTF-8", "truncated", "byte noise",
            "tab indentation", "NUL byte", "YAML tag", "several documents", "wrong root", "duplicate key",
            "recursive alias", "huge key", "empty");

    /** The next case. */
    Case next(int index) {
        String baseName = baseNames.get(random.nextInt(baseNames.size()));
        ObjectNode tree = (ObjectNode) base(baseName, outFolder);
        boolean raw = random.nextInt(3) == 0;
        if (raw) {
            String kind = RAW.get(random.nextInt(RAW.size()));
            return new Case(index, baseName + " / " + kind, random.nextBoolean() ? "yaml" : "yml", raw(kind, tree));
        }
        List<String> kinds = new ArrayList<>();
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            String kind = TREE.get(random.nextInt(TREE.size()));
            kinds.add(kind);
            mutate(kind, tree);
        }
        ObjectNode invalid = NODES.objectNode();
        invalid.put("fuzzUnknownKey" + random.nextInt(1000), "a sure mistake");
        invalid.setAll(tree);
        boolean json = random.nextInt(4) == 0;
        return new Case(index, baseName + " / " + String.join(" + ", kinds), json ? "json" : "yaml",
                withDeepNesting(json ? bytes(JSON, invalid) : bytes(YAML, invalid)));
    }

    // ---------------------------------------------------------------- tree mutations

    private void mutate(String kind, ObjectNode root) {
        switch (kind) {
            case "wrong type" -> replaceRandom(root, (old, depth) -> otherType(old));
            case "unknown keys everywhere" -> everyObject(root, o -> o.put(nearMiss(o), random.nextInt(100)));
            case "deep nesting" -> {
                int depth = List.of(30, 200, 1500, 5000).get(random.nextInt(4));
                replaceRandom(root, (old, d) -> NODES.textNode(DEEP + depth));
            }
            case "huge string" -> {
                int length = List.of(10_000, 100_000, 300_000, 1_100_000).get(random.nextInt(4));
                replaceRandom(root, (old, d) -> NODES.textNode("x".repeat(length)));
            }
            case "huge number" -> replaceRandom(root, (old, d) -> List.<JsonNode>of(
                    NODES.numberNode(new BigInteger("9".repeat(40))), NODES.numberNode(-1),
                    NODES.numberNode(Double.MAX_VALUE), NODES.numberNode(new java.math.BigDecimal("1e400")),
                    NODES.numberNode(Integer.MIN_VALUE)).get(random.nextInt(5)));
            case "broken enum" -> everyObject(root, o -> {
                if (o.has("type") && random.nextBoolean()) {
                    o.put("type", List.of("", "Nope", "POSTGRES ", "fivetran\u0000", "Ⅾatabase").get(random.nextInt(5)));
                }
            });
            case "undefined variable" -> replaceRandom(root, (old, d) -> NODES.textNode(
                    "${FUZZ_UNDEFINED_" + random.nextInt(1_000_000) + "}"));
            case "huge array" -> replaceRandom(root, (old, d) -> {
                ArrayNode array = NODES.arrayNode();
                int size = 1 + random.nextInt(5_000);
                for (int i = 0; i < size; i++) {
                    array.add(i % 2 == 0 ? NODES.textNode("v" + i) : NODES.objectNode().put("k", i));
                }
                return array;
            });
            case "removed key" -> everyObject(root, o -> {
                if (o.size() > 0 && random.nextInt(3) == 0) {
                    o.remove(o.fieldNames().next());
                }
            });
            case "hostile string" -> replaceRandom(root, (old, d) -> NODES.textNode(List.of(
                    "\u202Eevil", "a\u0001b", "../../../../etc/passwd", "'; DROP TABLE x; --", "%s%n%x",
                    "\uD83D\uDE00".repeat(1000), "${", "$${x}", "${A:-${B:-${C}}}", "\\u0000").get(random.nextInt(10))));
            default -> throw new IllegalArgumentException(kind);
        }
    }

    private JsonNode otherType(JsonNode old) {
        List<JsonNode> choices = new ArrayList<>(List.of(NODES.textNode("text"), NODES.numberNode(42),
                NODES.booleanNode(true), NODES.arrayNode().add(1).add("two"), NODES.objectNode().put("k", "v"),
                NODES.nullNode(), NODES.numberNode(1.5)));
        choices.removeIf(c -> c.getNodeType() == old.getNodeType());
        return choices.get(random.nextInt(choices.size()));
    }

    private String nearMiss(ObjectNode o) {
        Iterator<String> names = o.fieldNames();
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        if (list.isEmpty() || random.nextBoolean()) {
            return "unknown" + random.nextInt(1000);
        }
        String name = list.get(random.nextInt(list.size()));
        return name.length() > 1 ? name.substring(0, name.length() - 1) : name + "x"; // a typo
    }

    /** Marks where {@link #withDeepNesting} puts nested flow collections (writers refuse depth over 1000). */
    private static final String DEEP = "FUZZ_DEEP_NESTING_";

    /** {@code depth} alternating flow sequences and mappings, valid YAML and JSON alike. */
    private static String nested(int depth) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            text.append(i % 2 == 0 ? "[" : "{\"a\": ");
        }
        text.append("\"bottom\"");
        for (int i = depth - 1; i >= 0; i--) {
            text.append(i % 2 == 0 ? "]" : "}");
        }
        return text.toString();
    }

    private static byte[] withDeepNesting(byte[] serialized) {
        String text = new String(serialized, StandardCharsets.UTF_8);
        if (!text.contains(DEEP)) {
            return serialized;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("[\"']?" + DEEP + "(\\d+)[\"']?").matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(nested(Integer.parseInt(m.group(1)))));
        }
        m.appendTail(out);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Replaces the value at a random place of the tree (any depth). */
    private void replaceRandom(ObjectNode root, BiFunction<JsonNode, Integer, JsonNode> replacement) {
        JsonNode container = root;
        int depth = 0;
        while (true) {
            List<String> keys = new ArrayList<>();
            container.fieldNames().forEachRemaining(keys::add);
            if (container.isArray()) {
                for (int i = 0; i < container.size(); i++) {
                    keys.add(Integer.toString(i));
                }
            }
            if (keys.isEmpty()) {
                return;
            }
            String key = keys.get(random.nextInt(keys.size()));
            JsonNode child = container.isArray() ? container.get(Integer.parseInt(key)) : container.get(key);
            if (child.isContainerNode() && child.size() > 0 && random.nextInt(3) != 0) {
                container = child;
                depth++;
                continue;
            }
            JsonNode value = replacement.apply(child, depth);
            if (container instanceof ArrayNode array) {
                array.set(Integer.parseInt(key), value);
            } else {
                ((ObjectNode) container).set(key, value);
            }
            return;
        }
    }

    private static void everyObject(JsonNode node, java.util.function.Consumer<ObjectNode> action) {
        List<JsonNode> children = new ArrayList<>();
        node.elements().forEachRemaining(children::add);
        if (node instanceof ObjectNode o) {
            action.accept(o);
        }
        children.forEach(c -> everyObject(c, action));
    }

    // ---------------------------------------------------------------- raw hostile text

    private byte[] raw(String kind, ObjectNode tree) {
        String yaml = new String(bytes(YAML, tree), StandardCharsets.UTF_8);
        return switch (kind) {
            case "alias bomb" -> aliasBomb(yaml).getBytes(StandardCharsets.UTF_8);
            case "invalid UTF-8" -> invalidUtf8(yaml.getBytes(StandardCharsets.UTF_8));
            case "truncated" -> {
                String sure = "fuzzUnknownKey: 1\n" + yaml;
                byte[] all = sure.getBytes(StandardCharsets.UTF_8);
                yield java.util.Arrays.copyOf(all, 1 + random.nextInt(all.length - 1));
            }
            case "byte noise" -> {
                byte[] all = ("fuzzUnknownKey: 1\n" + yaml).getBytes(StandardCharsets.UTF_8);
                String noise = "{}[]:,&*!|>'\"%@`#-?\n ";
                for (int i = 0; i < 1 + random.nextInt(8); i++) {
                    all[18 + random.nextInt(all.length - 18)] = (byte) noise.charAt(random.nextInt(noise.length()));
                }
                yield all;
            }
            case "tab indentation" -> yaml.replaceFirst("\n  ", "\n\t").getBytes(StandardCharsets.UTF_8);
            case "NUL byte" -> {
                byte[] all = yaml.getBytes(StandardCharsets.UTF_8);
                all[random.nextInt(all.length)] = 0;
                yield all;
            }
            case "YAML tag" -> (List.of("!!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://127.0.0.1:9/\"]]]]",
                    "!!binary aGVsbG8=", "!!java.io.File /etc/passwd", "!<tag:yaml.org,2002:set> {a, b}",
                    "!!float nope", "!custom {x: 1}").get(random.nextInt(6)) + "\n")
                    .transform(tag -> "fuzzUnknownKey: " + tag + yaml).getBytes(StandardCharsets.UTF_8);
            case "several documents" -> (yaml + "\n---\n" + yaml + "\n---\nsource: 1\n").getBytes(StandardCharsets.UTF_8);
            case "wrong root" -> List.of("- " + yaml.replace("\n", "\n  "), "just a string\n", "42\n", "null\n", "~\n",
                    "[]\n", "\"\"\n", "? [a, b]\n: c\n").get(random.nextInt(8)).getBytes(StandardCharsets.UTF_8);
            case "duplicate key" -> ("source: 1\n" + yaml).getBytes(StandardCharsets.UTF_8);
            case "recursive alias" -> ("fuzzUnknownKey: &a [*a]\n" + yaml).getBytes(StandardCharsets.UTF_8);
            case "huge key" -> ("k" + "e".repeat(20_000 + random.nextInt(200_000)) + ": 1\n" + yaml)
                    .getBytes(StandardCharsets.UTF_8);
            case "empty" -> List.of("", "   \n", "# only a comment\n", "---\n", "...\n", "\uFEFF")
                    .get(random.nextInt(6)).getBytes(StandardCharsets.UTF_8);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /** Billion laughs, placed at the root or under the connection config. */
    private String aliasBomb(String yaml) {
        int levels = 5 + random.nextInt(6);
        int width = 5 + random.nextInt(6);
        StringBuilder bomb = new StringBuilder("l0: &l0 [\"lol\"]\n");
        for (int i = 1; i < levels; i++) {
            bomb.append('l').append(i).append(": &l").append(i).append(" [");
            for (int j = 0; j < width; j++) {
                bomb.append(j == 0 ? "" : ", ").append("*l").append(i - 1);
            }
            bomb.append("]\n");
        }
        String last = "*l" + (levels - 1);
        return random.nextBoolean() ? bomb + yaml + "bomb: " + last + "\n"
                : bomb + yaml.replace("    config:\n      type:", "    config:\n      bomb: " + last + "\n      type:");
    }

    private byte[] invalidUtf8(byte[] text) {
        byte[][] bad = {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                {(byte) 0xC0, (byte) 0xAF}, {(byte) 0x80}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
                {(byte) 0xE2, (byte) 0x82}};
        byte[] insert = bad[random.nextInt(bad.length)];
        int at = random.nextInt(text.length + 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(text, 0, at);
        out.writeBytes(insert);
        out.write(text, at, text.length - at);
        return out.toByteArray();
    }

    private static byte[] bytes(ObjectMapper mapper, JsonNode tree) {
        try {
            return mapper.writeValueAsBytes(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
