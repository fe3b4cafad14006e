package io.metaingest.cli;

import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.config.InvalidConfigException;
import io.metaingest.runtime.exec.RunResult;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code metaingest ingest -c FILE [--report FILE]}. */
@Command(name = "ingest", mixinStandardHelpOptions = true, description = "Run an ingestion workflow.")
final class IngestCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "the workflow file (YAML or JSON)")
    Path config;

    @Option(names = "--report", paramLabel = "FILE", description = "write the JSON run report here")
    Path report;

    @Override
    public Integer call() {
        Metaingest runtime = main.runtime();
        RunResult result;
        try {
            result = runtime.ingest(config, new Metaingest.IngestOptions(Optional.ofNullable(report), main.out(),
                    main.err(), System.console() != null, main.debug()));
        } catch (InvalidConfigException e) {
            return Printer.configProblems(config, e, main.err());
        }
        Printer.summary(result, main.out());
        return Printer.exitCode(result);
    }
}
