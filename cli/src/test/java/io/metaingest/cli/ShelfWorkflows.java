package io.metaingest.cli;

import java.nio.file.Path;

/** The workflow the CLI's tests run most: the test connector's two books as tables, into a file. */
final class ShelfWorkflows {

    private ShelfWorkflows() {
    }

    /** Metadata of the books {@code a} and {@code b} into the NDJSON file {@code output}. */
    static String toFile(Path output) {
        return toFile(output, "hostPort: \"shelf:1\", books: [a, b]");
    }

    /** Metadata through the Shelf connection whose settings are {@code connection}, into the NDJSON file {@code output}. */
    static String toFile(Path output, String connection) {
        return """
                source:
                  type: shelf
                  serviceName: shelf_svc
                  serviceConnection:
                    config: {type: Shelf, %s}
                  sourceConfig:
                    config: {type: DatabaseMetadata}
                sink: {type: file, config: {path: "%s"}}
                """.formatted(connection, output);
    }

    /**
     * A test suite named {@code suite} of {@code services} (see {@link #service}), running no test case of its
     * own ({@code orm-test-runner} with {@code config: {}}), into the NDJSON file {@code output}.
     */
    static String suite(Path output, String... services) {
        return suite(output, java.util.List.of(), services);
    }

    /**
     * As {@link #suite(Path, String...)}, running {@code testCases}: each a flow mapping of the runner's
     * {@code testCases} list ({@code {name: rows, testDefinitionName: …, entityLink: "…"}}).
     */
    static String suite(Path output, java.util.List<String> testCases, String... services) {
        String runner = testCases.isEmpty() ? "  config: {}"
                : "  config:\n    testCases:\n" + testCases.stream().map(t -> "      - " + t)
                        .collect(java.util.stream.Collectors.joining("\n"));
        return """
                source:
                  type: testsuite
                  serviceName: suite
                  sourceConfig:
                    config:
                      type: TestSuite
                      serviceConnections:
                %s
                processor:
                  type: orm-test-runner
                %s
                sink:
                  type: file
                  config: {path: "%s"}
                """.formatted(String.join("\n", services), runner, output);
    }

    /**
     * One entry of a suite's {@code serviceConnections}: the service {@code name} of connector {@code type} at
     * {@code hostPort} with the book {@code orders}, and {@code more} settings of its connection (e.g.
     * {@code password: x}), or none.
     */
    static String service(String name, String type, String hostPort, String more) {
        return "        - serviceName: " + name + "\n"
                + "          serviceConnection:\n"
                + "            config: {type: " + type + ", hostPort: \"" + hostPort + "\", books: [orders]"
                + (more == null ? "" : ", " + more) + "}";
    }
}
