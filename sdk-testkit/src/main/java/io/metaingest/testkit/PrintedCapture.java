package io.metaingest.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the connector's code prints to standard output and standard error and logs through SLF4J while
 * the kit runs it (a workflow, a connection test), kept apart by place so that a leaked secret is
 * reported with where it went. Standard output and error still reach the test's console (a tee).
 */
final class PrintedCapture implements AutoCloseable {

    private final PrintStream out0 = System.out;
    private final PrintStream err0 = System.err;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final LogCapture logs;

    private PrintedCapture() {
        this.logs = LogCapture.start();
        System.setOut(new PrintStream(new Tee(out0, stdout), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(err0, stderr), true, StandardCharsets.UTF_8));
    }

    /** Starts capturing; {@link #close()} puts the streams back and stops capturing the logs. */
    static PrintedCapture start() {
        return new PrintedCapture();
    }

    /** What was captured, by place: {@code standard output}, {@code standard error}, {@code logs}. */
    Map<String, String> places() {
        Map<String, String> places = new LinkedHashMap<>();
        places.put("standard output", stdout.toString(StandardCharsets.UTF_8));
        places.put("standard error", stderr.toString(StandardCharsets.UTF_8));
        places.put("logs", logs.text());
        return places;
    }

    @Override
    public void close() {
        System.out.flush();
        System.err.flush();
        System.setOut(out0);
        System.setErr(err0);
        logs.close();
    }

    /** Writes to two streams. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] bytes, int off, int len) throws IOException {
            a.write(bytes, off, len);
            b.write(bytes, off, len);
        }
    }
}
