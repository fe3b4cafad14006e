package io.metaingest.cli;

import io.metaingest.runtime.config.ConfigProblem;
import io.metaingest.runtime.config.InvalidConfigException;
import io.metaingest.runtime.config.LoadedWorkflow;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code --report} path that cannot be written, told together with the workflow's own problems:
 * stopping at it would hide the others, and the commands promise every problem at once.
 */
final class ReportOptionProblem {

    private ReportOptionProblem() {
    }

    /** The option's problem first (it is the command line's), then the workflow's; invalid configuration, exit 2. */
    static InvalidConfigException with(ConfigProblem report, InvalidConfigException workflow) {
        List<ConfigProblem> all = new ArrayList<>();
        all.add(report);
        all.addAll(workflow.problems());
        return new InvalidConfigException(all, false, workflow.warnings()).masking(workflow.masker());
    }

    /**
     * The option's problem alone, with the warnings of a workflow that loaded and its secrets' masker: the path
     * may hold a secret's text, as any line does.
     */
    static InvalidConfigException alone(ConfigProblem report, LoadedWorkflow workflow) {
        return new InvalidConfigException(List.of(report), false, workflow.warnings()).masking(workflow.masker());
    }
}
