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
            Runtime.getRuntime().addShutdownHook(hook);
        }

        @Override
        public void remove(Thread hook) {
            Runtime.getRuntime().removeShutdownHook(hook);
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
}
