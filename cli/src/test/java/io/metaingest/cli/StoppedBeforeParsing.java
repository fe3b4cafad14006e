package io.metaingest.cli;

/**
 * A child process for {@link EarlyStopTest}: a stop right after {@link Main#main}'s first line, while
 * picocli would still be parsing (as a SIGTERM in the first few hundred milliseconds). Deterministic
 * where a real signal would have to hit that window.
 */
public final class StoppedBeforeParsing {

    private StoppedBeforeParsing() {
    }

    public static void main(String[] args) {
        EarlyStop.guard(args, System.err); // what Main.main does first
        System.exit(143); // as the JVM does on SIGTERM: the shutdown hooks run
    }
}
