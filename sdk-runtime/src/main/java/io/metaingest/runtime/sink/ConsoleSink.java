package io.metaingest.runtime.sink;

import io.metaingest.api.EntityRequest;
import io.metaingest.api.Sink;
import jakarta.inject.Inject;
import java.io.PrintStream;

/** Prints one human-readable line per record: {@code [entityType] key}. */
public final class ConsoleSink implements Sink<Object> {

    private final PrintStream out;

    /** The {@code console} sink takes no settings. */
    public record Config() {
    }

    /** Prints to {@code out}, the run's console stream. */
    @Inject
    public ConsoleSink(PrintStream out) {
        this.out = out;
    }

    @Override
    public WriteOutcome write(Object record) {
        if (record instanceof EntityRequest entity) {
            out.println("[" + entity.entityType() + "] " + entity.key());
        } else {
            out.println("[" + record.getClass().getSimpleName() + "] " + record);
        }
        return WriteOutcome.CREATED;
    }

    @Override
    public void flush() {
        out.flush();
    }
}
