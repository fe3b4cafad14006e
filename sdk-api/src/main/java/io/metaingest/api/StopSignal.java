package io.metaingest.api;

/**
 * Whether the run has been asked to stop (SIGTERM, SIGINT). The runtime checks it before each
 * {@link Sink#write}; a step that changes its destination outside {@code write} (a sink whose
 * {@link Sink#complete} deletes entities, say) injects it and checks it before each change:
 * {@code @Inject MySink(StopSignal stop, ...)}. Once it answers true, start nothing new; the change
 * in progress may finish. Polled rather than delivered as a thread interrupt, so a request in
 * flight is never cut off half way and its outcome is still known and counted.
 */
@FunctionalInterface
public interface StopSignal {

    /** A run that is never stopped: for steps created outside a run (tests, tools). */
    StopSignal NEVER = () -> false;

    /** Whether the run has been asked to stop; cheap enough to call before every change. */
    boolean stopRequested();
}
