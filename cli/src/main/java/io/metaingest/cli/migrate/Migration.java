package io.metaingest.cli.migrate;

import java.util.List;
import java.util.Set;

/**
 * What {@link WorkflowMigrator} made of a workflow file.
 *
 * @param original the file as read
 * @param text the migrated file
 * @param findings each change, move, note and open question, in file order per rule
 * @param companions the workflow files to write beside the migrated one
 * @param formerNames how many filter entries look like names a connector used before 1.6
 *                    (what {@code --resolve} rewrites)
 * @param secrets the file's secret values, for masking every output
 */
public record Migration(String original, String text, List<Finding> findings, List<Companion> companions,
                        int formerNames, Set<String> secrets) {

    /** Whether the file must change to be a 1.6 file (its text, or a companion to write). */
    public boolean changes() {
        return !text.equals(original) || !companions.isEmpty();
    }

    /** Whether something is left that a human must decide. */
    public boolean needsAttention() {
        return findings.stream().anyMatch(f -> f.kind() == Finding.Kind.ATTENTION);
    }
}
