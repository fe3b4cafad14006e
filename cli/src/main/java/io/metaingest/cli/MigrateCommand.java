package io.metaingest.cli;

import io.metaingest.runtime.files.IoReasons;
import io.metaingest.runtime.files.OutputFiles;
import io.metaingest.api.ConnectionException;
import io.metaingest.api.FilterNameResolver;
import io.metaingest.api.RenamedFilterNames;
import io.metaingest.api.Status;
import io.metaingest.api.StepError;
import io.metaingest.cli.migrate.Companion;
import io.metaingest.cli.migrate.Finding;
import io.metaingest.cli.migrate.Migration;
import io.metaingest.cli.migrate.WorkflowMigrator;
import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.config.InvalidConfigException;
import io.metaingest.runtime.config.LoadedWorkflow;
import io.metaingest.runtime.config.WorkflowLoader;
import io.metaingest.runtime.exec.Injectors;
import io.metaingest.runtime.mask.SecretMasker;
import io.metaingest.runtime.output.ConsoleOutput;
import io.metaingest.runtime.sink.WritableFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code metaingest migrate -c OLD.yaml [-o NEW.yaml] [--check] [--resolve]}: rewrites a 1.5-shaped
 * workflow file into the 1.6 shape and prints each change with its reason. The input is never
 * modified unless {@code -o} names it; files are written atomically; values are never printed.
 */
@Command(name = MigrateCommand.NAME, mixinStandardHelpOptions = true,
        description = "Rewrite a 1.5-shaped workflow file into the 1.6 shape, printing each change with its reason.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:migrated (or already 1.6)", "1:--check found changes to make, or an item needs your decision",
                "2:not a workflow file, its kind or service is unknown, or a file to write cannot be created", "3:--resolve could not reach the service",
                "70:migrate stopped on an internal error (a bug of metaingest; nothing was written)"})
final class MigrateCommand implements Callable<Integer> {

    /** The command's name on the command line. */
    static final String NAME = "migrate";

    @ParentCommand
    Main main;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "OLD.yaml", description = "the workflow file to migrate")
    Path config;

    @Option(names = {"-o", "--output"}, paramLabel = "NEW.yaml",
            description = "where to write the 1.6 file (companion workflows go beside it); without it nothing is written")
    Path output;

    @Option(names = "--check", description = "write nothing; exit 1 when the file needs changes (for CI)")
    boolean check;

    @Option(names = "--resolve", description = "ask the service (with the file's credentials) for names that changed "
            + "meaning, e.g. Fivetran connector ids in pipelineFilterPattern, and rewrite them")
    boolean resolve;

    @Override
    public Integer call() {
        if (ConfigOption.refusedEmpty(config, main.err())
                || ConfigOption.refusedEmpty("-o", output, "the 1.6 file's path, or leave the option out to print the"
                + " changes", main.err())) {
            return ExitCodes.INVALID_CONFIG;
        }
        if (check && output != null) {
            // --check writes nothing: an -o beside it would be silently ignored, and the user expects a file there.
            main.err().println("-o " + output + ": --check writes nothing, so no file would be written there;"
                    + " drop -o to check, or --check to write the 1.6 file");
            return ExitCodes.INVALID_CONFIG;
        }
        try {
            WorkflowLoader.checkReadable(config); // before discovery: a hostile file is refused at once
            String text = Files.readString(config, StandardCharsets.UTF_8);
            Metaingest runtime = main.runtime();
            WorkflowMigrator migrator = new WorkflowMigrator(runtime.registry());
            String name = config.getFileName().toString();
            Migration migration = migrator.migrate(text, name, null);
            main.mask(SecretMasker.of(migration.secrets()));
            if (resolve && migration.formerNames() > 0) {
                migration = migrator.migrate(text, name, currentNames(runtime, migration));
            }
            return report(migration, left(runtime, migration));
        } catch (InvalidConfigException e) {
            return Printer.configProblems(config, e, main.err(), "nothing was written");
        } catch (WorkflowMigrator.MigratorFault e) {
            main.mask(SecretMasker.of(e.secrets()));
            Throwable cause = e.getCause();
            main.err().println("error: " + config + ": migrate stopped on an internal error (" + StepError.oneLine(cause)
                    + "); nothing was written. This is a bug of metaingest: please report it with the stack trace "
                    + (main.debug() ? "below" : "--debug prints"));
            if (main.debug()) {
                cause.printStackTrace(main.err());
            }
            return ExitCodes.INTERNAL_ERROR; // not 1: --check ends with 1 when the file needs changes
        } catch (ConnectionException e) {
            main.err().println("--resolve: connection failed (" + e.reason().name().toLowerCase(java.util.Locale.ROOT)
                    + "): " + e.getMessage() + "; nothing was written");
            return ExitCodes.CONNECTION_FAILURE;
        } catch (IOException e) {
            main.err().println(config + ": " + e.getMessage());
            return ExitCodes.INVALID_CONFIG;
        }
    }

    /**
     * Loads the file as migrated so far (the connection bound, {@code ${VAR}}s substituted) and asks
     * the connector's resolver, created by the runtime like any step.
     */
    private Map<String, String> currentNames(Metaingest runtime, Migration migration)
            throws InvalidConfigException, ConnectionException, IOException {
        Path temp = temporaryCopy(migration.text());
        try {
            LoadedWorkflow workflow = runtime.loadForConnectionTest(temp);
            main.mask(workflow.masker());
            Optional<RenamedFilterNames> renamed = workflow.spec().spec().renamedFilterNames();
            if (renamed.isEmpty()) {
                return Map.of();
            }
            FilterNameResolver resolver = Injectors.create(Injectors.forRun(workflow, Mappers.standard(),
                    Clock.systemUTC(), new Status(), new ConsoleOutput(main.err(), false)), renamed.get().resolver());
            return resolver.currentNames();
        } catch (Injectors.StepCreationException e) {
            throw new IllegalStateException(e.getMessage(), e);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * What {@code validate} would still refuse in the migrated file (a key no rule covers), beyond what the
     * migration has flagged already: each an item to decide, so the file is not called done.
     */
    private List<Finding> left(Metaingest runtime, Migration migration) throws IOException {
        Path temp = temporaryCopy(migration.text());
        try {
            return new MigratedFileCheck(runtime.registry()).left(temp, migration.text(), migration.findings().stream()
                    .filter(f -> f.kind() == Finding.Kind.ATTENTION).map(Finding::path)
                    .collect(java.util.stream.Collectors.toSet()));
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** {@code text} in an owner-only temporary file named like the input: it holds the same secrets. */
    private Path temporaryCopy(String text) throws IOException {
        Path temp = Files.createTempFile("metaingest-migrate-", name(config));
        restrictToOwner(temp);
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        return temp;
    }

    /** The output's problem with what migrate did about it, and its fix unless the problem says one. */
    private static String unwritable(String problem) {
        return problem + (problem.contains("; ") ? "; nothing written" : "; nothing written, give another -o");
    }

    private int report(Migration migration, List<Finding> left) throws IOException {
        migration.findings().forEach(f -> main.out().println(f.line()));
        left.forEach(f -> main.out().println(f.line()));
        long decisions = migration.findings().stream().filter(f -> f.kind() == Finding.Kind.ATTENTION).count() + left.size();
        if (!migration.changes()) {
            main.out().println(config + ": " + (decisions == 0 ? "already in the 1.6 shape; nothing to change"
                    : "nothing rewritten; " + decide(decisions)));
            if (!check && output != null && !sameFile(config, output)) {
                Optional<String> problem = WritableFile.problem(output);
                if (problem.isPresent()) {
                    main.err().println(config + ": " + unwritable(problem.get()));
                    return ExitCodes.INVALID_CONFIG;
                }
                write(output, migration.original());
                main.out().println("copied unchanged to " + output);
            }
            return decisions == 0 ? ExitCodes.OK : ExitCodes.FAILED;
        }
        long changes = migration.findings().stream()
                .filter(f -> f.kind() == Finding.Kind.CHANGED || f.kind() == Finding.Kind.MOVED).count();
        String counted = changes + " change" + (changes == 1 ? "" : "s");
        if (check || output == null) {
            for (Companion companion : migration.companions()) {
                main.out().println("companion " + companion.type().typeName() + " workflow with "
                        + String.join(", ", companion.movedFields()) + ": not written (" + (check ? "--check" : "no -o") + ")");
            }
            main.out().println(config + ": " + counted + " needed" + (decisions == 0 ? "" : "; " + decide(decisions))
                    + (check ? "" : "; nothing written, give -o NEW" + extension(config) + " to write the 1.6 file"));
            return check || decisions > 0 ? ExitCodes.FAILED : ExitCodes.OK;
        }
        // Checked before anything is written: the 1.6 file without the settings a companion was to take
        // over would lose them when that companion cannot be written.
        List<Path> blocked = new ArrayList<>();
        for (Companion companion : migration.companions()) {
            Path file = output.toAbsolutePath().resolveSibling(companion.fileNameBeside(name(output)));
            if (Files.exists(file) && !Files.readString(file, StandardCharsets.UTF_8).equals(companion.text())) {
                main.out().println(new Finding(Finding.Kind.ATTENTION, file.toString(), "exists with other content; not "
                        + "overwritten. The " + companion.type().typeName() + " workflow needs "
                        + String.join(", ", companion.movedFields())).line());
                blocked.add(file);
            }
        }
        if (!blocked.isEmpty()) {
            main.out().println(config + ": nothing was written, so that no setting is lost: move or remove "
                    + blocked.stream().map(Path::toString).collect(java.util.stream.Collectors.joining(", "))
                    + ", or give another -o");
            return ExitCodes.FAILED;
        }
        // Also before anything is written, for the same reason: a read-only folder, a folder under a plain file.
        List<Path> targets = new ArrayList<>(List.of(output));
        migration.companions().forEach(c -> targets.add(output.toAbsolutePath().resolveSibling(c.fileNameBeside(name(output)))));
        for (Path target : targets) {
            Optional<String> problem = WritableFile.problem(target);
            if (problem.isPresent()) {
                main.err().println(config + ": " + unwritable(problem.get()));
                return ExitCodes.INVALID_CONFIG;
            }
        }
        java.util.Map<Path, String> files = new java.util.LinkedHashMap<>();
        files.put(output, migration.text());
        migration.companions().forEach(c -> files.put(output.toAbsolutePath().resolveSibling(c.fileNameBeside(name(output))),
                c.text()));
        writeAll(files);
        for (Companion companion : migration.companions()) {
            Path file = output.toAbsolutePath().resolveSibling(companion.fileNameBeside(name(output)));
            main.out().println("companion " + file + ": " + companion.type().typeName() + " workflow with "
                    + String.join(", ", companion.movedFields())
                    + (companion.keptFields().isEmpty() ? "" : "; kept " + String.join(", ", companion.keptFields()))
                    + (companion.leftOut().isEmpty() ? "" : "; left out " + String.join(", ", companion.leftOut())));
        }
        main.out().println(config + ": " + counted + " written to " + output + (decisions == 0 ? "" : "; " + decide(decisions)));
        return decisions == 0 ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private static String decide(long decisions) {
        return decisions + (decisions == 1 ? " item needs" : " items need") + " your decision (attention above)";
    }

    /** Temp file beside the target, then one atomic rename: a reader sees the old file or the new one. */
    private void write(Path target, String text) throws IOException {
        writeAll(java.util.Map.of(target, text));
    }

    /**
     * Each file to a temporary file beside it first, then one atomic rename each: when one cannot be written (a
     * full disk), none is, so the 1.6 file never lacks settings its companion was to take over. A rename needs no
     * space, so once all are written they all take their place.
     */
    private void writeAll(java.util.Map<Path, String> files) throws IOException {
        java.util.Map<Path, Path> staged = new java.util.LinkedHashMap<>();
        try {
            for (java.util.Map.Entry<Path, String> file : files.entrySet()) {
                Path absolute = file.getKey().toAbsolutePath();
                Files.createDirectories(absolute.getParent());
                Path temp = absolute.resolveSibling("." + name(absolute) + "." + ProcessHandle.current().pid() + ".tmp");
                staged.put(temp, absolute);
                try {
                    Files.writeString(temp, file.getValue(), StandardCharsets.UTF_8);
                    OutputFiles.keepPermissions(config, temp); // the file holds the same secrets as the input
                } catch (IOException e) {
                    throw new IOException("cannot write " + absolute + ": " + IoReasons.reason(e)
                            + (files.size() > 1 ? "; nothing was written (" + files.size() + " files go together)"
                            : "; nothing was written"), e);
                }
            }
            for (java.util.Map.Entry<Path, Path> file : staged.entrySet()) {
                try {
                    Files.move(file.getKey(), file.getValue(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(file.getKey(), file.getValue(), StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    throw new IOException("cannot write " + file.getValue() + ": " + IoReasons.reason(e), e);
                }
            }
        } finally {
            for (Path temp : staged.keySet()) {
                removeTemporary(temp);
            }
        }
    }

    /** Removes a temporary file left by a failed write; never what else stands there, nor with an error of its own. */
    private static void removeTemporary(Path temp) {
        try {
            if (!Files.isDirectory(temp, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            // The write's own error is the one to report.
        }
    }

    private static void restrictToOwner(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            // Not a POSIX file system.
        }
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    private static String name(Path path) {
        return path.getFileName().toString();
    }

    /** The output's extension to suggest: the input's, so a JSON file is written as JSON. */
    private static String extension(Path input) {
        String name = input.getFileName() == null ? "" : input.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".json") ? ".json" : name.endsWith(".yml") ? ".yml" : ".yaml";
    }
}
