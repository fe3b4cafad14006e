package io.metaingest.cli;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.metaingest.cli.migrate.Finding;
import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.config.ConfigProblem;
import io.metaingest.runtime.config.InvalidConfigException;
import io.metaingest.runtime.config.ServerConnections;
import io.metaingest.runtime.config.WorkflowLoader;
import io.metaingest.runtime.config.WorkflowYaml;
import io.metaingest.runtime.quality.TestSuiteSource;
import io.metaingest.runtime.registry.ServiceSpecRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * What {@code metaingest validate} would still refuse in a migrated file (an unknown key migrate has no
 * rule for, say), as {@code attention} findings: migrate must not call a file done that no run accepts.
 * The file is checked as written, never against this machine: nothing connects (a connection the
 * server is to give is taken as given), a value holding a {@code ${VAR}} or {@code $VAR} reference
 * is not judged, since the machine that runs the workflow sets the variable, and a file a setting names
 * that is not here is not a problem ({@link ConfigProblem#machineDependent}): that machine may have it.
 */
final class MigratedFileCheck {

    /** The message of a connection the server is to give: not this check's to judge. */
    private static final String FROM_SERVER = "read from the OpenMetadata server when the workflow runs";
    /** Where a workflow's connection is, when the file has one: without it, the server gives it. */
    private static final String CONNECTION = "source.serviceConnection";

    private final WorkflowLoader loader;

    MigratedFileCheck(ServiceSpecRegistry registry) {
        ServerConnections offline = (workflowConfig, serviceName, category) -> {
            throw new ServerConnections.Unavailable(FROM_SERVER);
        };
        this.loader = new WorkflowLoader(registry, Mappers.standard(), name -> null, offline)
                .withTestSuiteSource(TestSuiteSource.class);
    }

    /**
     * The problems left in {@code file} (the migrated text, in a file), one {@code attention} finding each,
     * leaving out the paths in {@code flagged}, which migrate has already flagged with its own words.
     */
    List<Finding> left(Path file, String text, Set<String> flagged) throws IOException {
        try {
            loader.load(file);
            return List.of();
        } catch (InvalidConfigException e) {
            JsonNode root = WorkflowYaml.readTree(text);
            boolean connectionFromServer = !root.path("source").has("serviceConnection");
            return e.problems().stream()
                    .filter(p -> !p.message().equals(FROM_SERVER) && !p.machineDependent() && !flagged.contains(p.path())
                            && !holdsVariable(root, p))
                    // Asked of the server or not (another problem, an unset variable, holds it back), it is given there.
                    .filter(p -> !(connectionFromServer && CONNECTION.equals(p.path())))
                    .map(p -> new Finding(Finding.Kind.ATTENTION, p.path(), p.message()
                            + " (left as written: `metaingest validate` refuses the file until it is fixed)"))
                    .toList();
        }
    }

    /** Whether the problem's value is a variable reference: what it will be is not known here. */
    private static boolean holdsVariable(JsonNode root, ConfigProblem problem) {
        if (problem.path() == null || problem.path().isEmpty()) {
            return false;
        }
        StringBuilder pointer = new StringBuilder();
        for (String part : problem.path().replaceAll("\\[(\\d+)]", ".$1").split("\\.")) {
            pointer.append('/').append(part.replace("~", "~0").replace("/", "~1"));
        }
        JsonNode value = root.at(JsonPointer.compile(pointer.toString()));
        return value.isTextual() && value.asText().contains("$");
    }
}
