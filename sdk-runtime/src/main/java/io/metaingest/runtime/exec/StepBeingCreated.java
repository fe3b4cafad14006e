package io.metaingest.runtime.exec;

import io.metaingest.api.OwnStatus;
import io.metaingest.api.Status;
import jakarta.inject.Provider;

/**
 * What {@link OwnStatus} injects: the {@link Status} of the step the run is creating. Steps are
 * created one after the other on the run's thread, and the runner names each one's status just
 * before; outside a run (a connection test, the kit) every step gets the status the injector was
 * made with.
 */
final class StepBeingCreated implements Provider<Status> {

    private volatile Status status;

    StepBeingCreated(Status initial) {
        this.status = initial;
    }

    /** The status the next step created gets. */
    void is(Status next) {
        this.status = next;
    }

    @Override
    public Status get() {
        return status;
    }
}
