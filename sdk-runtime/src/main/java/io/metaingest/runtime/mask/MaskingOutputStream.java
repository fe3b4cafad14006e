package io.metaingest.runtime.mask;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A UTF-8 text stream that passes each line through the current {@link SecretMasker} before it
 * reaches {@code target}. Lines are collected up to a line end ({@code \n} or {@code \r}) or a
 * {@link #flush()}, so a secret written in several pieces is still masked. The masker can be set
 * once the secrets are known ({@link #use}); until then text passes as is.
 */
public final class MaskingOutputStream extends OutputStream {

    private final OutputStream target;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private volatile SecretMasker masker = SecretMasker.NONE;

    /** Masks what is written to {@code target}. */
    public MaskingOutputStream(OutputStream target) {
        this.target = target;
    }

    /** From now on, masks with {@code masker}. */
    public void use(SecretMasker masker) {
        this.masker = masker;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        line.write(b);
        if (b == '\n' || b == '\r') {
            emit();
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        int start = offset;
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] == '\n' || bytes[i] == '\r') {
                line.write(bytes, start, i + 1 - start);
                emit();
                start = i + 1;
            }
        }
        line.write(bytes, start, offset + length - start);
    }

    @Override
    public synchronized void flush() throws IOException {
        emit();
        target.flush();
        failIfTargetFailed();
    }

    @Override
    public synchronized void close() throws IOException {
        flush();
    }

    private void emit() throws IOException {
        if (line.size() == 0) {
            return;
        }
        SecretMasker current = masker;
        if (current.isEmpty()) {
            line.writeTo(target);
        } else {
            target.write(current.mask(line.toString(StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        }
        line.reset();
        failIfTargetFailed();
    }

    /**
     * A {@link PrintStream} target swallows its I/O errors; passing them on lets the writer above see
     * that the reader went away ({@code | head}) instead of counting lines nobody received.
     */
    private void failIfTargetFailed() throws IOException {
        if (target instanceof PrintStream print && print.checkError()) {
            throw new IOException("the output could not be written (closed by its reader, or a full disk)");
        }
    }
}
