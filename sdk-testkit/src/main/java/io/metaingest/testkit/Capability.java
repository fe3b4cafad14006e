package io.metaingest.testkit;

import io.metaingest.api.WorkflowKind;
import java.util.Optional;

/**
 * What a connector supports beyond the metadata workflow, declared by its author in
 * {@link ConnectorKit#capabilities()}. Checks adapt to it: a check that needs an undeclared capability
 * is reported as "not applicable" with the reason, and a declaration that contradicts the spec fails.
 */
public enum Capability {
    /** A lineage workflow ({@code <type>-lineage}). */
    LINEAGE(WorkflowKind.LINEAGE),
    /** A usage workflow ({@code <type>-usage}). */
    USAGE(WorkflowKind.USAGE),
    /** A profiler workflow. */
    PROFILER(WorkflowKind.PROFILER),
    /** An auto-classification workflow. */
    AUTO_CLASSIFICATION(WorkflowKind.AUTO_CLASSIFICATION),
    /** A test-suite workflow. */
    TESTSUITE(WorkflowKind.TESTSUITE),
    /** A {@code ConnectionTester} for {@code metaingest test-connection}. */
    TEST_CONNECTION(null),
    /**
     * The metadata source honours the filter patterns of its source config. Must be declared exactly
     * when that config has {@code *FilterPattern} fields; the kit checks those filters either way.
     */
    FILTER_PATTERNS(null);

    private final WorkflowKind kind;

    Capability(WorkflowKind kind) {
        this.kind = kind;
    }

    /** The workflow kind this capability stands for, if it is one. */
    public Optional<WorkflowKind> kind() {
        return Optional.ofNullable(kind);
    }

    /** The capability that declares a workflow kind; empty for metadata, which every connector has. */
    public static Optional<Capability> of(WorkflowKind kind) {
        for (Capability c : values()) {
            if (c.kind == kind) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
