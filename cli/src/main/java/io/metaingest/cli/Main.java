package io.metaingest.cli;

import io.metaingest.api.StepError;
import io.metaingest.runtime.LogLevels;
import io.metaingest.runtime.Metaingest;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code metaingest}: runs, validates and tests ingestion workflows, and lists connectors. */
@Command(name = "metaingest", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Runs OpenMetadata-style metadata ingestion workflows.",
        subcommands = {IngestCommand.class, ValidateCommand.class, TestConnectionCommand.class,
                ConnectorsCommand.class, DemoCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success or partial success", "1:failed or below the success threshold",
                "2:invalid configuration or unknown service type", "3:connection failure"})
public final class Main implements Runnable {

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "log at DEBUG and print stack traces")
    boolean debug;

    @Option(names = "--plugins", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "plugin directory (one sub-folder per connector); default: the distribution's plugins/")
    Path plugins;

    private final PrintStream out;
    private final PrintStream err;
    private final Function<Path, Metaingest> runtimeFactory;

    /** The command as launched from a shell. */
    public Main() {
        this(System.out, System.err, Metaingest::discover);
    }

    /** A command writing to the given streams, for tests and embedding. */
    public Main(PrintStream out, PrintStream err, Function<Path, Metaingest> runtimeFactory) {
        this.out = out;
        this.err = err;
        this.runtimeFactory = runtimeFactory;
    }

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(execute(new Main(), args));
    }

    /** Runs a command line and returns the exit code. */
    public static int execute(Main main, String... args) {
        CommandLine commandLine = new CommandLine(main);
        commandLine.setOut(new PrintWriter(main.out, true));
        commandLine.setErr(new PrintWriter(main.err, true));
        commandLine.setExecutionExceptionHandler((e, cl, parsed) -> {
            main.err.println("error: " + StepError.oneLine(e));
            if (main.debug) {
                e.printStackTrace(main.err);
            } else {
                main.err.println("(run with --debug for the stack trace)");
            }
            return ExitCodes.FAILED;
        });
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(out);
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    boolean debug() {
        return debug;
    }

    /** Discovers connectors once per command, printing discovery problems as warnings. */
    Metaingest runtime() {
        LogLevels.apply(debug, null);
        Metaingest runtime = runtimeFactory.apply(pluginDirectory());
        runtime.registry().problems().forEach(p -> err.println("warning: " + p));
        return runtime;
    }

    private Path pluginDirectory() {
        if (plugins != null) {
            return plugins;
        }
        String home = System.getProperty("metaingest.home");
        if (home == null) {
            return null;
        }
        Path dir = Path.of(home, "plugins");
        return Files.isDirectory(dir) ? dir : null;
    }

    /** Reads the version written into the jar at build time. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties properties = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("/metaingest-version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            }
            return new String[] {"metaingest " + properties.getProperty("version", "unknown")};
        }
    }
}
