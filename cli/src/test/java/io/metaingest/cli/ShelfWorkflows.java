package io.metaingest.cli;

import java.nio.file.Path;

/** The workflows the CLI's tests run most: the test connector's books as tables (into a file, unless told), and test suites. */
final class ShelfWorkflows {

    private ShelfWorkflows() {
    }

    /** Metadata of the books {@code a} and {@code b} into the NDJSON file {@code output}. */
    static String toFile(Path output) {
        return toFile(output, "hostPort: \"shelf:1\", books: [a, b]");
    }

    /** Metadata through the Shelf connection whose settings are {@code connection}, into the NDJSON file {@code output}. */
    static String toFile(Path output, String connection) {
        return metadata(connection, fileSink(output));
    }

    /** The sink section writing NDJSON into {@code output}. */
    static String fileSink(Path output) {
        return "sink: {type: file, config: {path: \"" + output + "\"}}\n";
    }

    /** Metadata through the Shelf connection whose settings are {@code connection}, onto standard output. */
    static String toConsole(String connection) {
        return metadata(connection, "sink: {type: console}\n");
    }

    /**
     * The service {@code shelf_svc}'s metadata through the Shelf connection whose settings are {@code connection}
     * (e.g. {@code hostPort: "shelf:1", books: [a]}), followed by {@code rest}: the workflow's other top-level
     * sections as YAML text (its sink, workflowConfig...), or none.
     */
    static String metadata(String connection, String rest) {
        return metadata("shelf_svc", connection, rest);
    }

    /** As {@link #metadata(String, String)}, of the service {@code serviceName}. */
    static String metadata(String serviceName, String connection, String rest) {
        return """
                source:
                  type: shelf
                  serviceName: %s
                  serviceConnection:
                    config: {type: Shelf, %s}
                  sourceConfig:
                    config: {type: DatabaseMetadata}
                """.formatted(serviceName, connection) + rest;
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
        return serviceConnection(name, "type: " + type + ", hostPort: \"" + hostPort + "\", books: [orders]"
                + (more == null ? "" : ", " + more));
    }

    /**
     * One entry of a suite's {@code serviceConnections}: the service {@code name} whose connection's settings are
     * {@code config} (e.g. {@code type: Shelf, hostPort: "shelf:1"}).
     */
    static String serviceConnection(String name, String config) {
        return "        - serviceName: " + name + "\n"
                + "          serviceConnection:\n"
                + "            config: {" + config + "}";
    }
}
