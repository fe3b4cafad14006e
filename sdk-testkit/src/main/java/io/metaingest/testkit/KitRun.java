package io.metaingest.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaingest.runtime.exec.RunResult;
import java.util.List;

/**
 * One run of a workflow through the runtime, as the kit saw it.
 *
 * @param kind a label for messages, e.g. {@code metadata}
 * @param result the runtime's result (the run report)
 * @param lines the NDJSON lines the file sink wrote, in order
 * @param records the same lines parsed
 * @param printed everything the run printed: console, report, standard output and error
 * @param secrets the secret values the runtime found in the workflow
 */
record KitRun(String kind, RunResult result, List<String> lines, List<JsonNode> records, String printed,
              List<String> secrets) {

    /** The one-line state for messages. */
    String describe() {
        return kind + " run ended " + result.state()
                + (result.fatalError() != null ? " (" + result.fatalError() + ")" : "")
                + " with " + lines.size() + " records";
    }
}
