package io.metaingest.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.config.ConfigProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A {@code --report} file that already holds something else than a run report: the run would replace it
 * (a typo's {@code notes.txt}), so it is refused before anything runs. A previous report is replaced, as
 * each run's is. A run report is recognised as a JSON object with the fields every state of ours has,
 * {@code state} and {@code startedAt}; the launcher ({@code bin/metaingest}) marks a report {@code queued}
 * only when its first lines hold both (a subset of these files), so it never rewrites a file refused here.
 */
final class ReportFile {

    /** Fields every report of ours has, from {@code queued} on (the launcher's mark too). */
    static final String STATE = "state";
    static final String STARTED_AT = "startedAt";

    private ReportFile() {
    }

    /** The problem of a {@code report} that exists, is not empty and is no run report; empty otherwise. */
    static Optional<ConfigProblem> foreign(Path report) {
        if (!Files.isRegularFile(report) || isRunReportOrEmpty(report)) {
            return Optional.empty(); // none yet, or no file at all (a folder, a device): WritableFile tells those
        }
        return Optional.of(new ConfigProblem("--report", report + " holds something other than a run report, which"
                + " the report would replace; give another file name, or remove the file if it may go"));
    }

    /** Whether {@code file} holds a run report, or nothing but white space. Reads only up to both fields. */
    static boolean isRunReportOrEmpty(Path file) {
        try (JsonParser parser = Mappers.standard().getFactory().createParser(file.toFile())) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return true; // empty (a file made ready for the report, say)
            }
            if (first != JsonToken.START_OBJECT) {
                return false;
            }
            boolean state = false;
            boolean startedAt = false;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.VALUE_STRING && name.equals(STATE)) {
                    state = true;
                } else if (value == JsonToken.VALUE_STRING && name.equals(STARTED_AT)) {
                    startedAt = true;
                } else {
                    parser.skipChildren();
                }
                if (state && startedAt) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false; // not JSON, or unreadable: nothing tells it is ours
        }
    }
}
