package io.metaingest.runtime.exec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A failure after a thread of the process died of an out-of-memory error is told as that error. */
class OutOfMemoryTest {

    @Test
    void aFailureAfterAThreadDiedOfItIsItsConsequence() throws Exception {
        RuntimeException unrelated = new IllegalStateException("Uncaught exception during scan");
        OutOfMemoryError wrapped = new OutOfMemoryError("Java heap space");
        assertThat(OutOfMemory.in(new RuntimeException("wrapper", wrapped))).contains(wrapped);
        assertThat(OutOfMemory.in(unrelated)).isEmpty();

        OutOfMemory.install(); // the command line's handler; idempotent
        OutOfMemoryError died = new OutOfMemoryError("Java heap space");
        Thread warmUp = new Thread(() -> {
            throw died;
        }, "warm-up");
        warmUp.start();
        warmUp.join();

        // A library's wrapper that lost the cause (a scan's workers interrupted after one ran out): the heap's fix.
        // (The first error any thread of this JVM died of: another test's may have come first.)
        assertThat(OutOfMemory.inOrEarlier(unrelated)).get().isInstanceOf(OutOfMemoryError.class);
        assertThat(OutOfMemory.inOrEarlier(new RuntimeException("wrapper", wrapped))).as("its own first").contains(wrapped);

        // Another thread then dies of what running out left behind: no line of its own, no stack trace.
        Thread worker = new Thread(() -> {
            throw new IllegalMonitorStateException();
        }, "scan-worker");
        worker.start();
        worker.join();
        java.io.ByteArrayOutputStream told = new java.io.ByteArrayOutputStream();
        OutOfMemory.tellUncaught(new java.io.PrintStream(told, true, java.nio.charset.StandardCharsets.UTF_8), false);
        assertThat(told.toString(java.nio.charset.StandardCharsets.UTF_8)).isEmpty();
    }
}
