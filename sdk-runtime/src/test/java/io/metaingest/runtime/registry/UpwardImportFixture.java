package io.metaingest.runtime.registry;

import io.metaingest.runtime.exec.RunState;

/** A registry class that looks up at exec: the package-direction rule must reject it. */
final class UpwardImportFixture {

    private UpwardImportFixture() {
    }

    static RunState upward() {
        return RunState.RUNNING;
    }
}
