package io.metaingest.runtime.sink;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.Sink;
import io.metaingest.api.SinkUnavailableException;
import io.metaingest.runtime.mask.TerminalText;
import io.metaingest.runtime.mask.SecretMasker;
import io.metaingest.runtime.output.ConsoleOutput;
import jakarta.inject.Inject;
import java.io.PrintStream;

/**
 * Prints records to standard output: one JSON line per record (the file sink's format) when the
 * output is a pipe or a file, so {@code metaingest ingest ... | jq} works; one {@code [entityType] key}
 * line per record on a terminal. The run's logs, progress and summary go to stderr.
 */
public final class ConsoleSink implements Sink<EntityRequest> {

    /** Why output did not arrive, as the user needs to read it (the command line says it too). */
    public static final String STDOUT_LOST = "cannot write to standard output: it was closed by its reader, or its disk is full";

    private final PrintStream out;
    private final RecordLines lines;
    private final boolean terminal;

    /** The {@code console} sink takes no settings. */
    public record Config() {
    }

    /** Prints to the run's standard output; created by the run's injector. */
    @Inject
    public ConsoleSink(ConsoleOutput output, ObjectMapper mapper, SecretMasker masker) {
        this(output.stream(), mapper, masker, output.terminal());
    }

    /**
     * Prints to {@code out}.
     *
     * @param out standard output
     * @param mapper the run's ObjectMapper
     * @param masker hides secrets
     * @param terminal whether {@code out} is a terminal (human-readable lines) or not (JSON lines)
     */
    public ConsoleSink(PrintStream out, ObjectMapper mapper, SecretMasker masker, boolean terminal) {
        this.out = out;
        this.lines = new RecordLines(mapper, masker);
        this.terminal = terminal;
    }

    @Override
    public WriteOutcome write(EntityRequest record) throws Exception {
        if (!terminal) {
            out.println(lines.line(record));
        } else {
            out.println("[" + record.entityType() + "] " + TerminalText.oneLine(record.key()));
        }
        if (out.checkError()) {
            // PrintStream swallows I/O errors: a reader that went away (| head) or a full disk ends the run once.
            throw new SinkUnavailableException(STDOUT_LOST);
        }
        return WriteOutcome.CREATED;
    }

    @Override
    public void flush() {
        out.flush();
    }

    @Override
    public String destination() {
        return "standard output";
    }
}
