package io.metaingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Generated layouts of a 1.5 sourceConfig in which settings migrate removes sit next to each other:
 * the moved ones (out of the migrated file) and the ones the companion cannot take (out of the
 * companion), in block YAML, flow YAML and JSON. Every layout migrates; the migrated file and its
 * companion parse, pass {@code validate}, and keep every other field with its value, and the
 * printed companion line names each setting left out.
 */
class MigrateNeighbouringRemovalsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A 1.5 workflow kind: the settings its companion leaves out (D), one it keeps (K) and the ones
     * that move (M), by their 1.6 names in the companion.
     */
    private record Kind(String name, String type, String companionType, String companionSourceType,
                        Map<String, Object> removable, Map.Entry<String, Object> kept, Map<String, Object> moved,
                        Map<String, String> movedAs, Map<String, Object> writtenOutDefaults) {
    }

    private static final Kind METADATA = new Kind("metadata", "DatabaseMetadata", "DatabaseLineage", "postgres-lineage",
            ordered("markDeletedTables", false, "includeDDL", true, "includeTags", false, "markDeletedSchemas", false,
                    "queryParsingTimeoutLimit", 120, "includeOwners", true, "useFqnForFiltering", true),
            Map.entry("threads", 2), ordered("overrideViewLineage", true), Map.of("overrideViewLineage", "overrideViewLineage"),
            Map.of());

    private static final Kind PROFILER = new Kind("profiler", "Profiler", "AutoClassification", "postgres",
            ordered("profileSample", 20, "threadCount", 2, "computeMetrics", false, "profileSampleType", "PERCENTAGE",
                    "timeoutSeconds", 600, "useStatistics", true),
            Map.entry("includeViews", true), ordered("generateSampleData", true, "processPiiSensitive", true,
                    "confidence", 70),
            Map.of("generateSampleData", "storeSampleData", "processPiiSensitive", "enableAutoClassification",
                    "confidence", "confidence"),
            Map.of("includeViews", false)); // the Profiler's default, which AutoClassification does not share, when unset

    /** How the file is written. */
    enum Format {
        BLOCK_YAML(".yaml"), FLOW_YAML(".yaml"), PRETTY_JSON(".json"), ONE_LINE_JSON(".json");

        final String extension;

        Format(String extension) {
            this.extension = extension;
        }
    }

    /**
     * Every sequence of removed (D), kept (K) and moved (M) settings after {@code type} of 3 or 4
     * entries with two or three neighbouring D's, one K at most and the kind's moved settings at most,
     * those of 5 with two runs of D's, and a few with {@code type} (T) after them.
     */
    static Stream<Arguments> layouts() {
        List<String> layouts = new ArrayList<>();
        for (int length = 3; length <= 5; length++) {
            sequences("", length, layouts);
        }
        List<Arguments> all = new ArrayList<>();
        for (Kind kind : List.of(METADATA, PROFILER)) {
            List<String> fitting = new ArrayList<>(layouts.stream()
                    .filter(l -> l.chars().filter(c -> c == 'M').count() <= kind.moved().size())
                    .map(l -> "T" + l).toList());
            fitting.addAll(List.of("DDMT", "MDDT", "DDTDM", "KDDMT"));
            for (Format format : Format.values()) {
                fitting.forEach(layout -> all.add(Arguments.of(kind.name(), format, layout)));
            }
        }
        return all.stream();
    }

    private static void sequences(String prefix, int length, List<String> out) {
        if (prefix.length() == length) {
            long moved = prefix.chars().filter(c -> c == 'M').count();
            long kept = prefix.chars().filter(c -> c == 'K').count();
            boolean twoRuns = prefix.matches(".*D[^D]+D.*");
            if (moved >= 1 && kept <= 1 && prefix.contains("DD") && !prefix.contains("DDDD") && (length < 5 || twoRuns)) {
                out.add(prefix);
            }
            return;
        }
        for (char c : new char[] {'D', 'K', 'M'}) {
            sequences(prefix + c, length, out);
        }
    }

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("layouts")
    void neighbouringRemovalsMigrateAndLoseNothing(String kindName, Format format, String layout) throws IOException {
        Kind kind = kindName.equals(METADATA.name()) ? METADATA : PROFILER;
        Map<String, Object> config = config(kind, layout);
        Map<String, Object> workflow = workflow(kind, config);
        Path input = dir.resolve("in" + format.extension);
        Files.writeString(input, render(workflow, format));
        Path output = dir.resolve("out" + format.extension);

        MigrateCli.Run run = MigrateCli.run("migrate", "-c", input.toString(), "-o", output.toString());

        assertThat(run.err()).as(Files.readString(input)).isEmpty();
        assertThat(run.code()).as(run.out()).isEqualTo(ExitCodes.OK);
        Path companion = dir.resolve("out-" + (kind == METADATA ? "lineage" : "autoClassification") + format.extension);
        for (Path written : List.of(output, companion)) {
            if (format.extension.equals(".json")) {
                JSON.readTree(written.toFile()); // strict JSON
            }
            MigrateCli.Run validate = MigrateCli.run("validate", "-c", written.toString());
            assertThat(validate.code()).as(written.getFileName() + ": " + validate.err() + "\n" + Files.readString(written))
                    .isEqualTo(ExitCodes.OK);
        }
        JsonNode in = YAML.readTree(input.toFile());

        // The migrated file: the input without the moved settings, nothing else changed.
        ObjectNode expectedMain = in.deepCopy();
        kind.moved().keySet().forEach(((ObjectNode) expectedMain.at("/source/sourceConfig/config"))::remove);
        assertThat(YAML.readTree(output.toFile())).as(Files.readString(output)).isEqualTo(expectedMain);

        // The companion: the same connection, sink and workflowConfig; its config holds the kept and moved settings.
        JsonNode written = YAML.readTree(companion.toFile());
        assertThat(withoutKindSpecifics(written)).isEqualTo(withoutKindSpecifics(in));
        assertThat(written.at("/source/type").asText()).isEqualTo(kind.companionSourceType());
        Map<String, Object> expectedConfig = new LinkedHashMap<>();
        List<String> leftOut = new ArrayList<>();
        config.forEach((key, value) -> {
            if (key.equals("type")) {
                expectedConfig.put(key, kind.companionType());
            } else if (kind.moved().containsKey(key)) {
                expectedConfig.put(kind.movedAs().get(key), value);
            } else if (kind.removable().containsKey(key)) {
                leftOut.add(key);
            } else {
                expectedConfig.put(key, value);
            }
        });
        kind.writtenOutDefaults().forEach(expectedConfig::putIfAbsent);
        assertThat(written.at("/source/sourceConfig/config")).as(Files.readString(companion))
                .isEqualTo(JSON.valueToTree(expectedConfig));
        // Nothing left out silently: the companion line names each setting it did not take.
        assertThat(run.out()).containsPattern("(?m)^companion " + java.util.regex.Pattern.quote(companion.toString())
                + ": .*; left out " + java.util.regex.Pattern.quote(String.join(", ", leftOut)) + "$");
    }

    /** The settings in the layout's order: the next of the kind's removable ones for each D, so all take turns. */
    private static Map<String, Object> config(Kind kind, String layout) {
        Map<String, Object> config = new LinkedHashMap<>();
        List<Map.Entry<String, Object>> removable = new ArrayList<>(kind.removable().entrySet());
        List<Map.Entry<String, Object>> moved = new ArrayList<>(kind.moved().entrySet());
        int d = layout.hashCode() & 0xff; // a different start per layout
        int m = 0;
        for (char c : layout.toCharArray()) {
            switch (c) {
                case 'T' -> config.put("type", kind.type());
                case 'K' -> config.put(kind.kept().getKey(), kind.kept().getValue());
                case 'M' -> config.put(moved.get(m).getKey(), moved.get(m++).getValue());
                default -> {
                    Map.Entry<String, Object> next = removable.get(d++ % removable.size());
                    config.put(next.getKey(), next.getValue());
                }
            }
        }
        return config;
    }

    private static Map<String, Object> workflow(Kind kind, Map<String, Object> config) {
        Map<String, Object> workflow = new LinkedHashMap<>();
        workflow.put("source", ordered("type", "postgres", "serviceName", "local_pg",
                "serviceConnection", ordered("config", ordered("type", "Postgres", "hostPort", "localhost:5432",
                        "username", "reader", "authType", ordered("password", "${PG_PASSWORD}"), "database", "shop")),
                "sourceConfig", ordered("config", config)));
        if (kind == PROFILER) {
            workflow.put("processor", ordered("type", "orm-profiler", "config", new LinkedHashMap<>()));
        }
        workflow.put("sink", ordered("type", "file", "config", ordered("path", "out/pg.ndjson")));
        workflow.put("workflowConfig", ordered("loggerLevel", "INFO"));
        return workflow;
    }

    /** The workflow without what a companion changes by design: the source type, the sourceConfig, the sink's path. */
    private static JsonNode withoutKindSpecifics(JsonNode workflow) {
        ObjectNode copy = workflow.deepCopy();
        ((ObjectNode) copy.get("source")).remove(List.of("type", "sourceConfig"));
        ((ObjectNode) copy.at("/sink/config")).remove("path");
        return copy;
    }

    private static String render(Map<String, Object> workflow, Format format) throws IOException {
        return switch (format) {
            case PRETTY_JSON -> JSON.writerWithDefaultPrettyPrinter().writeValueAsString(workflow) + "\n";
            case ONE_LINE_JSON -> JSON.writeValueAsString(workflow) + "\n";
            case FLOW_YAML -> workflow.entrySet().stream().map(e -> e.getKey() + ": " + flow(e.getValue()) + "\n")
                    .collect(Collectors.joining());
            case BLOCK_YAML -> block(workflow, "");
        };
    }

    private static String block(Map<?, ?> map, String indent) {
        StringBuilder out = new StringBuilder();
        map.forEach((key, value) -> {
            if (value instanceof Map<?, ?> inner && !inner.isEmpty()) {
                out.append(indent).append(key).append(":\n").append(block(inner, indent + "  "));
            } else {
                out.append(indent).append(key).append(": ").append(flow(value)).append('\n');
            }
        });
        return out.toString();
    }

    private static String flow(Object value) {
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().map(e -> e.getKey() + ": " + flow(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        return value instanceof String text && !text.matches("\\w+") ? "\"" + text + "\"" : String.valueOf(value);
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
