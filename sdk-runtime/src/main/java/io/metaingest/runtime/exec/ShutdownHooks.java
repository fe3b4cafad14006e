package io.metaingest.runtime.exec;

/**
 * Where a run registers what it does on a stop (SIGTERM): the JVM's shutdown hooks, or, in tests,
 * a hook the test starts at the moment it chooses.
 */
interface ShutdownHooks {

    /** The JVM's own. */
    ShutdownHooks RUNTIME = new ShutdownHooks() {
        @Override
        public void add(Thread hook) {
            StopSignals.runStarted(); // a command that runs several workflows (demo): only the current run's end counts
            Runtime.getRuntime().addShutdownHook(hook);
        }

        @Override
        public void remove(Thread hook) {
            Runtime.getRuntime().removeShutdownHook(hook);
        }

        @Override
        public void ranToItsEnd(int exitCode) {
            StopSignals.ranToItsEnd(exitCode);
        }

        @Override
        public void awaitingCommit() {
            StopSignals.awaitingCommit();
        }
    };

    /**
     * Registers {@code hook}.
     *
     * @throws IllegalStateException when the process is already being stopped
     */
    void add(Thread hook);

    /**
     * Unregisters {@code hook}.
     *
     * @throws IllegalStateException when the process is already being stopped
     */
    void remove(Thread hook);

    /**
     * The run took its own final state (written to its report), ending with {@code exitCode}: a stop that comes
     * later does not change how it ended, and the process ends with this code ({@link StopSignals#runsOwnExitCode}).
     */
    void ranToItsEnd(int exitCode);

    /** A stop waits for the sink's commit to end, longer than a stop's other waits ({@link StopSignals#commitAwaited}). */
    void awaitingCommit();
}
