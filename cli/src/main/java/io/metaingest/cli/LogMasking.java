package io.metaingest.cli;

import io.metaingest.runtime.mask.MaskingOutputStream;
import io.metaingest.runtime.mask.SecretMasker;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The masking of the log. The log is the process's, not one command's: connectors log through SLF4J
 * to the one Logback appender whichever {@link Main} runs them. So every secret of every command in
 * progress in this process is masked in every log line until that command ends; an application or a
 * test running {@link Main#execute} in-process gets masked logs, not only the real process, whose
 * {@code System.err} is itself a masked stream.
 */
final class LogMasking {

    /** Where the log appender writes: standard error as it is when the line is written, masked. */
    static final MaskingOutputStream STDERR = new MaskingOutputStream(new OutputStream() {
        @Override
        public void write(int b) {
            System.err.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            System.err.write(bytes, offset, length);
        }

        @Override
        public void flush() {
            System.err.flush();
        }
    });

    private static final List<SecretMasker> ACTIVE = new ArrayList<>();

    private LogMasking() {
    }

    /** Masks {@code masker}'s secrets in the log until the returned handle is run. */
    static synchronized Runnable activate(SecretMasker masker) {
        ACTIVE.add(masker);
        STDERR.use(combined());
        return () -> release(masker);
    }

    private static synchronized void release(SecretMasker masker) {
        // By identity: two commands may mask the same secrets, and each releases only its own.
        for (int i = 0; i < ACTIVE.size(); i++) {
            if (ACTIVE.get(i) == masker) {
                ACTIVE.remove(i);
                break;
            }
        }
        STDERR.use(combined());
    }

    private static SecretMasker combined() {
        SecretMasker all = SecretMasker.NONE;
        for (SecretMasker masker : ACTIVE) {
            all = all.and(masker);
        }
        return all;
    }
}
