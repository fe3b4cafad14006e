package io.metaingest.runtime.sink;

import io.metaingest.api.EntityRequest;
import io.metaingest.api.Sink;
import java.io.PrintStream;

/** Prints one human-readable line per record: {@code [entityType] key}. */
public final class ConsoleSink implements Sink<Object> {

    private final PrintStream out;

    /** Prints to {@code out}. */
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
