package io.metaingest.cli;

import io.metaingest.api.StepError;
import io.metaingest.runtime.exec.OutOfMemory;
import io.metaingest.runtime.exec.StopSignals;
import io.metaingest.runtime.LogLevels;
import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.StartUpWarmUp;
import io.metaingest.runtime.mask.MaskingOutputStream;
import io.metaingest.runtime.mask.SecretMasker;
import io.metaingest.runtime.sink.ConsoleSink;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code metaingest}: runs, validates and tests ingestion workflows, and lists connectors. */
@Command(name = "metaingest", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Runs OpenMetadata-style metadata ingestion workflows.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success or partial success",
                "1:failed, below the success threshold, a sink that cannot write, output that never arrived"
                        + " (standard output on a full disk, a --report that could not take the final state),"
                        + " or test-connection for a connector without a connection tester (nothing was checked)",
                "2:invalid configuration, unknown service type, unwritable output path (or one that is the workflow"
                        + " file, or a --report that is the sink's file) or missing plugin folder",
                "3:connection failure", ExitCodes.TESTS_NOT_PASSED_HELP,
                "127:no Java to run (the launcher names JAVA_HOME or the PATH; Java 17 or later is needed)",
                "141:standard output closed by its reader (| head), nothing else wrong: ended quietly, as on SIGPIPE",
                "143:stopped by SIGTERM (130: SIGINT, 129: SIGHUP, a closed terminal); ingest ends its report as"
                        + " failed (unless its output was committed: then its own state and code), test-connection names"
                        + " what it was checking"})
public final class Main implements Callable<Integer> {

    /**
     * The commands, by name. Only the one a command line asks for is modelled: picocli reflects over
     * every command it is given, on every start. Help, a missing or an unknown command get them all.
     */
    private static final Map<String, Class<?>> COMMANDS = commands();

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "log at DEBUG and print stack traces")
    boolean debug;

    @Option(names = "--plugins", scope = ScopeType.INHERIT, paramLabel = "<plugin-folder>",
            description = "plugin directory (one sub-folder per connector); default: the distribution's plugins/")
    Path plugins;

    /** The standard output given, which may tell a reader that closed it from a failure ({@link StandardOutput}). */
    private final PrintStream given;
    private final MaskingOutputStream maskedOut;
    /** The secrets known before the workflow was loaded ({@link #maskEarly}); masked beside every later masker. */
    private volatile SecretMasker early = SecretMasker.NONE;
    private final MaskingOutputStream maskedErr;
    private final PrintStream out;
    private final PrintStream err;
    private final Function<Path, Metaingest> runtimeFactory;
    /** The run the container environment asks for, when started without arguments. */
    private Optional<ContainerRun> container = Optional.empty();
    /** The environment variables the commands read (the container mode's workflow, status's token). */
    private final Map<String, String> environment;
    /** Handles releasing this command's secrets from the log's masking. */
    private final List<Runnable> logMasks = new ArrayList<>();

    /** A command writing to the given streams, for tests and embedding; its output is masked once secrets are known. */
    public Main(PrintStream out, PrintStream err, Function<Path, Metaingest> runtimeFactory) {
        this(out, err, runtimeFactory, System.getenv());
    }

    /** As {@link #Main(PrintStream, PrintStream, Function)}, reading {@code environment} instead of the process's. */
    Main(PrintStream out, PrintStream err, Function<Path, Metaingest> runtimeFactory, Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
        this.given = out;
        this.maskedOut = new MaskingOutputStream(out);
        this.maskedErr = new MaskingOutputStream(err);
        // Not auto-flushing: a PrintStream that does flushes after every piece it writes (each field
        // and pad of a printf), and a flush hands the masking stream a partial line, which it must
        // pass on as it is; a secret split over two pieces would then escape the mask. The masking
        // stream passes each whole line on at its line end, so lines still appear at once.
        this.out = new PrintStream(maskedOut, false, StandardCharsets.UTF_8);
        this.err = new PrintStream(maskedErr, false, StandardCharsets.UTF_8);
        this.runtimeFactory = runtimeFactory;
    }

    /**
     * Runs the command line and exits with its code. The process's own stdout and stderr are
     * replaced by the command's masked streams, so logs written to {@code System.err} are masked too.
     */
    public static void main(String[] args) {
        // First: a stop from here on ends this run's report, not leaving the previous run's in place.
        PrintStream unmasked = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        EarlyStop.guard(args, unmasked);
        StopSignals.install(); // a stop's report names its signal; the JVM still handles each as before
        stopWhenTheLauncherEnds(unmasked);
        Main main = new Main(new StandardOutput(new FileOutputStream(FileDescriptor.out)),
                new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8),
                Metaingest::discover);
        System.setOut(main.out);
        System.setErr(main.err);
        // A thread of its own (the warm-up) dying of it: one line, not a stack trace; and an end, should a
        // library wait for that thread for ever.
        OutOfMemory.install(OUT_OF_MEMORY_GRACE, ExitCodes.FAILED);
        String[] commandLine = args.length > 0 ? args : fromEnvironment(main);
        if (args.length == 0) {
            EarlyStop.guard(commandLine, unmasked); // a container run's report (its variable) is watched as --report's
        }
        if (warmsUp(commandLine)) {
            StartUpWarmUp.begin();
        }
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger commandCode = new AtomicInteger(ExitCodes.FAILED);
        // Only ingest's exit code is its run's: demo runs several workflows and goes on after each.
        boolean ingest = IngestCommand.NAME.equals(EarlyStop.command(commandLine));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> awaitLastLines(done, commandCode, main, ingest),
                "metaingest-last-lines"));
        int code = execute(main, commandLine);
        OutOfMemory.tellIfLost(main.err); // its line, had printing it run out of memory too
        OutOfMemory.tellUncaught(main.err, main.debug); // other threads' errors, unless they followed running out
        EarlyStop.release(unmasked, code); // an ingest that never started (a usage error, --help) is no interrupted run
        commandCode.set(code); // before done: the last-lines hook reads it once done
        done.countDown();
        System.exit(code);
    }

    private static final long LAST_LINES_WAIT_SECONDS = 3;
    /** Beyond {@link #LAST_LINES_WAIT_SECONDS}, while a stop waits for a sink's commit (up to 5 s from the stop). */
    private static final long COMMIT_EXTRA_WAIT_SECONDS = 3;
    /** Set when the launcher that waited for this JVM ended, stopping the run as on SIGTERM. */
    private static volatile boolean launcherEnded;
    /**
     * How long the process may go on after a thread died of an out-of-memory error: a run ends on its own in
     * well under a second then (failed); one still going waits for the dead thread, and is ended.
     */
    static final java.time.Duration OUT_OF_MEMORY_GRACE = java.time.Duration.ofSeconds(10);

    /** Set by the launcher when it waits for this JVM instead of becoming it (the ingest that records the class-data archive). */
    static final String LAUNCHER_PID = io.metaingest.runtime.exec.RunReportWriter.LAUNCHER_PID;
    /** What a run stopped by SIGTERM exits with (128 + 15). */
    private static final int AS_ON_SIGTERM = 143;

    /**
     * A SIGKILL of a launcher that waits for this JVM would leave the run going on unseen, its
     * process gone from the user's view: when the launcher has ended, the run stops as on SIGTERM
     * (the same shutdown hooks: a final report, no partial output kept).
     */
    private static void stopWhenTheLauncherEnds(PrintStream err) {
        String pid = System.getProperty(LAUNCHER_PID);
        if (pid == null) {
            return;
        }
        long launcher;
        try {
            launcher = Long.parseLong(pid);
        } catch (NumberFormatException e) {
            return; // not one the launcher set
        }
        Runnable stop = () -> {
            launcherEnded = true;
            err.println("error: the launcher (process " + launcher + ") has ended: stopping the run as on SIGTERM");
            System.exit(AS_ON_SIGTERM);
        };
        ProcessHandle.of(launcher).ifPresentOrElse(handle -> handle.onExit().thenRun(stop), stop);
    }

    /**
     * On a stop (SIGTERM), the JVM ends as soon as its shutdown hooks return, also while the command
     * is printing its summary: the run's own hook releases the source, after which the command
     * finishes and prints. Holding the JVM until then, for a bounded time, keeps the last lines whole.
     */
    private static void awaitLastLines(CountDownLatch done, AtomicInteger commandCode, Main main, boolean ingest) {
        boolean finished = false;
        try {
            finished = done.await(LAST_LINES_WAIT_SECONDS, TimeUnit.SECONDS);
            if (!finished && StopSignals.commitAwaited()) {
                // The stop waits for the sink's commit, after which the run ends on its own and prints its lines.
                finished = done.await(COMMIT_EXTRA_WAIT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        OptionalInt own = codeAfterAStop(StopSignals.received().isPresent() || launcherEnded, finished, commandCode.get(),
                ingest ? StopSignals.runsOwnExitCode() : OptionalInt.empty());
        if (own.isPresent()) {
            main.out.flush();
            main.err.flush();
            // The JVM would end with the signal's code (128 + n) although the run ended on its own, its output
            // committed and its report saying so: the process ends with the code the report and the outcome line hold.
            Runtime.getRuntime().halt(own.getAsInt());
        }
    }

    /**
     * The code a process being stopped ends with instead of the signal's: when the run had ended on its own
     * ({@code runsOwn}: its output committed, its final report written) before the stop could end it, the
     * command's code once the command has returned ({@code finished}; it may differ from the run's, a report that
     * could not be written says 1), else the run's. Empty when no stop ends the process, or the stop ended the run.
     */
    static OptionalInt codeAfterAStop(boolean stopped, boolean finished, int commandCode, OptionalInt runsOwn) {
        if (!stopped || runsOwn.isEmpty()) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(finished ? commandCode : runsOwn.getAsInt());
    }

    /** No arguments: the container mode's command line when the environment holds a workflow. */
    private static String[] fromEnvironment(Main main) {
        try {
            main.container = ContainerEnvironment.run(main.environment);
            return main.container.map(ContainerRun::arguments).orElse(new String[0]);
        } catch (ContainerEnvironment.UnnameableReport e) {
            main.err.println("error: " + PathArguments.endingTheMark(e.value(), e.getMessage(), main.err));
            System.exit(ExitCodes.INVALID_CONFIG);
            return new String[0];
        } catch (IllegalArgumentException e) {
            // A refused environment is the user's to fix: its message alone.
            main.err.println("error: " + e.getMessage());
            System.exit(ExitCodes.INVALID_CONFIG);
            return new String[0];
        }
    }

    /**
     * Runs a command line and returns the exit code. The secrets the command learns are masked in
     * its streams and, while it runs, in the process's log ({@link LogMasking}).
     */
    public static int execute(Main main, String... args) {
        int code;
        try {
            code = run(main, args);
        } finally {
            // A last line without a line end, masked while this command's secrets are still known.
            main.out.flush();
            main.err.flush();
            main.releaseLogMasks();
        }
        // Output that never arrived (a full disk) fails a command that otherwise succeeded; a failed
        // one has already said why it failed. A reader that stopped reading (| head) wanted no more:
        // the command ends quietly, as the shell's tools do on SIGPIPE.
        if (code == ExitCodes.OK && main.out.checkError()) {
            if (main.given instanceof StandardOutput stdout && stdout.readerClosed()) {
                return ExitCodes.READER_CLOSED;
            }
            main.err.println("error: " + ConsoleSink.STDOUT_LOST);
            main.err.flush();
            return ExitCodes.FAILED;
        }
        return code;
    }

    private static int run(Main main, String... args) {
        CommandLine commandLine = new CommandLine(main);
        Optional<String> requested = requested(args);
        if (requested.isPresent()) {
            commandLine.addSubcommand(requested.get(), COMMANDS.get(requested.get()));
        } else {
            addAll(commandLine);
        }
        // After the sub-commands: picocli registers a converter only with those added already.
        commandLine.registerConverter(Path.class, new PathArguments.Converter());
        commandLine.setOut(new PrintWriter(main.out, true));
        commandLine.setErr(new PrintWriter(main.err, true));
        commandLine.setExecutionExceptionHandler(new FailureHandler(main));
        commandLine.setParameterExceptionHandler(new UsageProblem(main));
        commandLine.setExecutionStrategy(new PluginCheck(main));
        try {
            return commandLine.execute(args);
        } catch (OutOfMemoryError e) {
            // Outside a run (a run ends failed with it itself): one line with the fix, not the JVM's stack trace.
            return new FailureHandler(main).fail(e);
        } catch (LinkageError e) {
            // picocli hands only exceptions to the FailureHandler; a plugin whose folder lacks a class
            // fails with an Error where its code first touches it (a connection tester, say), which would
            // otherwise reach the JVM's handler: a stack trace on the unmasked standard error.
            return new FailureHandler(main).fail(e);
        }
    }

    /** By the commands' own name constants: reading their annotations here cost tens of milliseconds per start. */
    private static Map<String, Class<?>> commands() {
        Map<String, Class<?>> byName = new LinkedHashMap<>();
        byName.put(IngestCommand.NAME, IngestCommand.class);
        byName.put(ValidateCommand.NAME, ValidateCommand.class);
        byName.put(TestConnectionCommand.NAME, TestConnectionCommand.class);
        byName.put(ConnectorsCommand.NAME, ConnectorsCommand.class);
        byName.put(DemoCommand.NAME, DemoCommand.class);
        byName.put(StatusCommand.NAME, StatusCommand.class);
        byName.put(MigrateCommand.NAME, MigrateCommand.class);
        return Collections.unmodifiableMap(byName);
    }

    private static void addAll(CommandLine commandLine) {
        for (Map.Entry<String, Class<?>> command : COMMANDS.entrySet()) {
            commandLine.addSubcommand(command.getKey(), command.getValue());
        }
    }

    /**
     * A command's failure: one line, the stack trace with --debug. A class, not a lambda: a lambda
     * implementing one of picocli's interfaces makes the class-data archive's build link picocli's
     * Java 5 classes, which then leaves them out of the archive (loaded and verified anew on every start).
     */
    private record FailureHandler(Main main) implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parsed) {
            int code = fail(e);
            // migrate --check ends with 1 when the file needs changes: its own failures must not read as that.
            return code == ExitCodes.FAILED && commandLine.getCommand() instanceof MigrateCommand
                    ? ExitCodes.INTERNAL_ERROR : code;
        }

        /** One line naming the failure (a class a plugin lacks: with the plugin and the fix); exit 1. */
        int fail(Throwable e) {
            java.util.Optional<OutOfMemoryError> oom = OutOfMemory.inOrEarlier(e);
            if (oom.isPresent()) {
                // Also wrapped (a library's worker thread ran out), or a consequence of a thread that died of it
                // (the warm-up): its fix, not the wrapper's name; once.
                OutOfMemory.ranOut(oom.get());
                OutOfMemory.tell(main.err, oom.get(), "");
                return ExitCodes.FAILED;
            }
            main.err.println("error: " + io.metaingest.runtime.registry.PluginClassLoader.missingClass(e)
                    .orElseGet(() -> StepError.oneLine(e)));
            if (main.debug) {
                e.printStackTrace(main.err);
            } else {
                main.err.println("(run with --debug for the stack trace)");
            }
            return ExitCodes.FAILED;
        }
    }

    /**
     * A command line picocli cannot parse: its problem on one line (a value's own reason, without the
     * converter's exception class), the likely option or command for a mistyped one, and where the usage
     * is, instead of the whole usage after the line (which pushed the problem off the screen); exit 2.
     * A class, not a lambda, for the reason {@link FailureHandler} gives.
     */
    private record UsageProblem(Main main) implements CommandLine.IParameterExceptionHandler {
        /** picocli's text for a value its converter refused: "… cannot convert 'x' to T (java.lang.E: reason)". */
        private static final java.util.regex.Pattern REFUSED_VALUE =
                java.util.regex.Pattern.compile("cannot convert '.*' to [\\w.$]+ \\([\\w.$]+: (.*)\\)$");

        @Override
        public int handleParseException(CommandLine.ParameterException parsed, String[] args) {
            CommandLine.ParameterException e = parsed;
            if (parsed.getCause() instanceof PathArguments.Refused refused) {
                main.err.println("error: " + unnameablePath(parsed, refused, main.err, args));
                return ExitCodes.INVALID_CONFIG;
            }
            List<String> leftOver = parsed.getCommandLine().getUnmatchedArguments();
            if (parsed instanceof CommandLine.MissingParameterException missing && leftOver.isEmpty()) {
                Optional<String> needs = valueMissing(missing, args);
                if (needs.isPresent()) {
                    main.err.println("error: " + needs.get());
                    return ExitCodes.INVALID_CONFIG;
                }
            }
            if (parsed instanceof CommandLine.OverwrittenOptionException twice) {
                Optional<String> line = givenTwice(twice, args);
                if (line.isPresent()) {
                    main.err.println("error: " + line.get());
                    return ExitCodes.INVALID_CONFIG;
                }
            }
            if (parsed instanceof CommandLine.MissingParameterException && !leftOver.isEmpty()) {
                // A mistyped option (--confg) leaves a required one missing: the unknown one is the cause, so it is said.
                e = new CommandLine.UnmatchedArgumentException(parsed.getCommandLine(), leftOver);
            }
            if (e instanceof CommandLine.UnmatchedArgumentException unmatched) {
                Optional<String> command = SubcommandChoice.unknown(unmatched);
                if (command.isPresent()) {
                    main.err.println("error: " + command.get());
                    return ExitCodes.INVALID_CONFIG;
                }
                Optional<List<Unknown>> mistyped = unknownOptions(unmatched, args);
                if (mistyped.isPresent()) {
                    mistyped.get().forEach(unknown -> main.err.println("error: " + unknown.line()));
                    if (mistyped.get().stream().anyMatch(Unknown::needsUsage)) {
                        main.err.println("run '" + unmatched.getCommandLine().getCommandSpec().qualifiedName()
                                + " --help' for the usage");
                    }
                    return ExitCodes.INVALID_CONFIG;
                }
                Optional<String> stray = strayArgument(unmatched);
                if (stray.isPresent()) {
                    main.err.println("error: " + stray.get());
                    return ExitCodes.INVALID_CONFIG;
                }
            }
            String problem = e.getMessage() == null ? "invalid command line" : e.getMessage();
            java.util.regex.Matcher refused = REFUSED_VALUE.matcher(problem);
            if (refused.find()) {
                problem = problem.substring(0, refused.start()) + refused.group(1);
            }
            main.err.println("error: " + problem);
            if (e instanceof CommandLine.UnmatchedArgumentException unmatched) {
                CommandLine.UnmatchedArgumentException.printSuggestions(unmatched, main.err);
            }
            CommandLine command = e.getCommandLine();
            main.err.println("run '" + command.getCommandSpec().qualifiedName() + " --help' for the usage");
            return ExitCodes.INVALID_CONFIG;
        }
    }

    /**
     * A path the JVM cannot name ({@link PathArguments}): the option as the user typed it (or the parameter's label),
     * why and the fix; for {@code ingest}'s report also whether the launcher's queued mark on it could be ended.
     */
    static String unnameablePath(CommandLine.ParameterException parsed, PathArguments.Refused refused, PrintStream err,
            String... args) {
        String name = "the path";
        boolean report = false;
        if (parsed.getArgSpec() instanceof CommandLine.Model.OptionSpec option) {
            name = option.longestName();
            for (String arg : args) {
                for (String each : option.names()) {
                    boolean attached = oneLetter(each) ? arg.startsWith(each) : arg.startsWith(each + "=");
                    if (arg.equals(each) || attached) {
                        name = each;
                    }
                }
            }
            report = List.of(option.names()).contains("--report");
        } else if (parsed.getArgSpec() != null) {
            name = parsed.getArgSpec().paramLabel();
        }
        boolean ingest = IngestCommand.NAME.equals(parsed.getCommandLine().getCommandName());
        String line = name + ": " + refused.getMessage();
        return report && ingest ? PathArguments.endingTheMark(parsed.getValue(), line, err) : line;
    }

    /**
     * An option given without its value ({@code --report} last): the name the user typed, not picocli's choice
     * among its aliases ({@code --status-file}), and what it wants. Empty for a required option not given at all.
     */
    static Optional<String> valueMissing(CommandLine.MissingParameterException missing, String... args) {
        if (missing.getMissing() == null || missing.getMissing().size() != 1
                || !(missing.getMissing().get(0) instanceof CommandLine.Model.OptionSpec option)) {
            return Optional.empty();
        }
        List<String> names = List.of(option.names());
        String typed = null;
        for (String arg : args) {
            if (names.contains(arg)) {
                typed = arg;
            }
        }
        return Optional.ofNullable(typed).map(name -> name + " needs " + wanted(option.paramLabel()));
    }

    /**
     * An option given more than once, by the names the user typed: picocli names the alias it happens to keep
     * ({@code --status-file} for two {@code --report}s), and two aliases are not obviously one option. Empty
     * when the option cannot be found among the arguments.
     */
    static Optional<String> givenTwice(CommandLine.OverwrittenOptionException twice, String... args) {
        if (!(twice.getOverwritten() instanceof CommandLine.Model.OptionSpec option)) {
            return Optional.empty();
        }
        java.util.Set<String> typed = new java.util.LinkedHashSet<>();
        for (String arg : args) {
            for (String name : option.names()) {
                boolean attached = oneLetter(name) ? arg.startsWith(name) : arg.startsWith(name + "=");
                if (arg.equals(name) || attached) {
                    typed.add(name);
                }
            }
        }
        if (typed.isEmpty()) {
            return Optional.empty();
        }
        List<String> names = List.copyOf(typed);
        return Optional.of(names.size() == 1 ? names.get(0) + " is given more than once; give it once"
                : String.join(" and ", names) + " are names of the same option, given more than once; give it once");
    }

    /** What an option's value is, by its label ({@code FILE}: a file path). */
    private static String wanted(String label) {
        String bare = label.replaceAll("[<>]", "");
        if (bare.equals("FILE") || bare.endsWith(".yaml")) {
            return "a file path";
        }
        if (bare.equals("DIR") || bare.endsWith("folder")) {
            return "a folder path";
        }
        if (bare.equals("DURATION")) {
            return "a duration (e.g. 90s, 10m, 2h)";
        }
        return bare.equals("URL") ? "a URL" : "a value (" + bare + ")";
    }

    /** One line about an argument left over, and whether the command's usage should follow it (no fix in the line). */
    record Unknown(String line, boolean needsUsage) {
    }

    /**
     * One line per unknown option, with the command's own option it most likely meant ({@code --confg}:
     * {@code --config}), or the other command it belongs to ({@code --allow-unset-variables} is {@code validate}'s);
     * picocli would name the option's value as a second unknown argument. A word after {@code --} is an argument,
     * not an option, and is told as one. Empty when something else is left over (a stray argument), which
     * picocli's own message then names.
     */
    static Optional<List<Unknown>> unknownOptions(CommandLine.UnmatchedArgumentException unmatched, String... args) {
        List<String> leftOver = unmatched.getUnmatched();
        int afterDashes = afterDoubleDash(leftOver, args);
        List<Unknown> lines = new ArrayList<>();
        java.util.Collection<String> names = unmatched.getCommandLine().getCommandSpec().optionsMap().keySet();
        Map<String, List<String>> owners = null;
        for (int i = 0; i < leftOver.size() - afterDashes; i++) {
            String arg = leftOver.get(i);
            boolean option = arg.startsWith("-") && arg.length() > 1;
            if (!option) {
                boolean valueOfTheOneBefore = i > 0 && leftOver.get(i - 1).startsWith("-") && !leftOver.get(i - 1).contains("=");
                if (!valueOfTheOneBefore) {
                    return Optional.empty();
                }
                continue;
            }
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (owners == null) {
                owners = optionsOfCommands(); // only now: modelling every command costs start-up time
            }
            List<String> of = owners.getOrDefault(name, List.of());
            if (!of.isEmpty()) {
                lines.add(new Unknown("unknown option '" + name + "'; " + name + " is an option of " + listed(of), false));
                continue;
            }
            Optional<String> meant = meant(name, names);
            lines.add(new Unknown("unknown option '" + name + "'" + meant.map(m -> "; did you mean " + m + "?").orElse(""),
                    meant.isEmpty()));
        }
        for (String arg : leftOver.subList(leftOver.size() - afterDashes, leftOver.size())) {
            lines.add(new Unknown("unexpected argument '" + arg + "' after '--' (everything after '--' is an argument,"
                    + " not an option; put options before it)", false));
        }
        return lines.isEmpty() ? Optional.empty() : Optional.of(lines);
    }

    /**
     * One line for a word the command does not take ({@code connectors list extra}, or the second half of an
     * unquoted path with a space): what the command takes instead. Empty when an option is left over too, which
     * {@link #unknownOptions} or picocli names.
     */
    static Optional<String> strayArgument(CommandLine.UnmatchedArgumentException unmatched) {
        List<String> leftOver = unmatched.getUnmatched();
        if (leftOver.isEmpty() || leftOver.stream().anyMatch(arg -> arg.startsWith("-") && arg.length() > 1)) {
            return Optional.empty();
        }
        CommandLine.Model.CommandSpec spec = unmatched.getCommandLine().getCommandSpec();
        String command = spec.qualifiedName();
        List<String> takes = spec.positionalParameters().stream().map(p -> p.paramLabel()).toList();
        String instead = takes.isEmpty() ? "takes no arguments (a value with a space needs quotes)"
                : "takes " + String.join(" ", takes) + " only";
        return Optional.of("unexpected argument '" + leftOver.get(0) + "'; `" + command + "` " + instead
                + "; run '" + command + " --help' for the usage");
    }

    /** {@code `a`}, {@code `a` and `b`}, {@code `a`, `b` and `c`}. */
    private static String listed(List<String> commands) {
        List<String> quoted = commands.stream().map(c -> "`" + c + "`").toList();
        return quoted.size() == 1 ? quoted.get(0)
                : String.join(", ", quoted.subList(0, quoted.size() - 1)) + " and " + quoted.get(quoted.size() - 1);
    }

    /**
     * How many of the arguments left over came after {@code --}: those at the end of both, as picocli leaves the
     * words after {@code --} that no positional parameter took.
     */
    private static int afterDoubleDash(List<String> leftOver, String... args) {
        int dashes = java.util.Arrays.asList(args).indexOf("--");
        if (dashes < 0) {
            return 0;
        }
        int count = 0;
        while (count < leftOver.size() && count < args.length - dashes - 1
                && leftOver.get(leftOver.size() - 1 - count).equals(args[args.length - 1 - count])) {
            count++;
        }
        return count;
    }

    /**
     * The command's option {@code typed} plausibly is, never {@code typed} itself: a one-letter option only by
     * a change of case ({@code -C}: {@code -c}), as any other letter is one edit from it; a longer one by edit distance.
     */
    static Optional<String> meant(String typed, java.util.Collection<String> names) {
        if (oneLetter(typed)) {
            return names.stream().filter(n -> oneLetter(n) && !n.equals(typed) && n.equalsIgnoreCase(typed)).findFirst();
        }
        return io.metaingest.runtime.config.Suggestions.closest(typed, names.stream().filter(n -> !oneLetter(n)).toList())
                .filter(n -> !n.equals(typed));
    }

    private static boolean oneLetter(String option) {
        return option.length() == 2 && option.charAt(0) == '-' && option.charAt(1) != '-';
    }

    /** Each command's options by name, to the commands (with their sub-commands: {@code connectors list}) that have it. */
    private static Map<String, List<String>> optionsOfCommands() {
        Map<String, List<String>> owners = new LinkedHashMap<>();
        for (Map.Entry<String, Class<?>> command : COMMANDS.entrySet()) {
            optionsOf(new CommandLine(command.getValue()), command.getKey(), owners);
        }
        return owners;
    }

    private static void optionsOf(CommandLine command, String name, Map<String, List<String>> owners) {
        for (String option : command.getCommandSpec().optionsMap().keySet()) {
            List<String> of = owners.computeIfAbsent(option, o -> new ArrayList<>());
            if (!of.contains(name)) {
                of.add(name);
            }
        }
        command.getSubcommands().values().stream().distinct()
                .forEach(sub -> optionsOf(sub, name + " " + sub.getCommandName(), owners));
    }

    /** Runs the command unless --plugins names no folder. A class for the reason {@link FailureHandler} gives. */
    private record PluginCheck(Main main) implements CommandLine.IExecutionStrategy {
        @Override
        public int execute(CommandLine.ParseResult parsed) {
            Optional<String> problem = main.pluginProblem();
            if (problem.isPresent()) {
                main.err.println(("--plugins " + main.plugins).strip() + ": " + problem.get());
                return ExitCodes.INVALID_CONFIG;
            }
            return new CommandLine.RunLast().execute(parsed);
        }
    }

    /** The command the arguments name, when they name one: the first argument that is not a global option. */
    static Optional<String> requested(String... args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--plugins")) {
                i++; // its value
            } else if (!arg.startsWith("-")) {
                return COMMANDS.containsKey(arg) ? Optional.of(arg) : Optional.empty();
            } else if (!arg.equals("--debug") && !arg.startsWith("--plugins=")) {
                return Optional.empty(); // help, version or an unknown option: the full model answers
            }
        }
        return Optional.empty();
    }

    private static final Set<Class<?>> WARMED_UP = Set.of(IngestCommand.class, DemoCommand.class, ValidateCommand.class,
            TestConnectionCommand.class);

    /**
     * Whether the command line runs a workflow file (ingest, demo, validate, test-connection): those
     * need the JSON, YAML, schema and injection libraries next, so they start {@link StartUpWarmUp}
     * while picocli parses. Other commands (help, version, connectors, status) would only pay its CPU.
     */
    static boolean warmsUp(String... args) {
        for (String arg : args) {
            if (arg.equals("-h") || arg.equals("--help") || arg.equals("-V") || arg.equals("--version")) {
                return false;
            }
        }
        return requested(args).map(COMMANDS::get).filter(WARMED_UP::contains).isPresent();
    }

    /** Without a command: the usage, on stderr, and exit code 2. */
    @Override
    public Integer call() {
        CommandLine usage = new CommandLine(this);
        addAll(usage);
        return SubcommandChoice.missing(usage, err);
    }

    private Optional<String> pluginProblem() {
        // Path.of("") is the working directory: an empty value (an unset variable, say) must not read that.
        if (plugins != null && plugins.toString().isBlank()) {
            return Optional.of("empty; give the folder holding one sub-folder per connector, or leave the option out"
                    + " for the distribution's plugins/");
        }
        if (plugins != null && Files.isDirectory(plugins) && !(Files.isReadable(plugins) && Files.isExecutable(plugins))) {
            return Optional.of("permission denied; make the folder readable by the user running metaingest");
        }
        if (plugins == null || Files.isDirectory(plugins)) {
            return Optional.empty();
        }
        return Optional.of((Files.exists(plugins) ? "not a folder" : "no such folder")
                + "; give the folder holding one sub-folder per connector");
    }

    /**
     * The secrets read from the workflow file before it is loaded ({@code EarlySecrets}): masked from now on,
     * and beside whatever {@link #mask} is given later, as a refused file's masker may know none of them.
     */
    void maskEarly(SecretMasker masker) {
        early = masker;
        mask(SecretMasker.NONE);
    }

    /** From now on, every line printed masks these secrets, and so does the log until the command ends. */
    void mask(SecretMasker masker) {
        SecretMasker all = early.and(masker);
        maskedOut.use(all);
        maskedErr.use(all);
        synchronized (logMasks) {
            logMasks.add(LogMasking.activate(masker));
        }
    }

    private void releaseLogMasks() {
        synchronized (logMasks) {
            logMasks.forEach(Runnable::run);
            logMasks.clear();
        }
    }

    /** The container run this command line came from, if it is the one for {@code config}. */
    Optional<ContainerRun> container(Path config) {
        return container.filter(c -> Path.of(ContainerRun.SOURCE).equals(config));
    }

    /** Sets the container run, as {@link #main} does when the environment holds a workflow (for tests). */
    void container(ContainerRun run) {
        container = Optional.of(run);
    }

    /** The environment variables the commands read ({@code metaingest status} reads the token from them). */
    Map<String, String> environment() {
        return environment;
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

    /** The plugin directory this command discovers connectors in, if any. */
    Optional<Path> pluginDirectoryUsed() {
        return Optional.ofNullable(pluginDirectory()).map(Path::toAbsolutePath);
    }

    private Path pluginDirectory() {
        if (plugins != null) {
            return plugins;
        }
        String home = System.getProperty("metaingest.home");
        if (home == null) {
            return null;
        }
        // Set by the launcher from its own folder; one the JVM cannot name holds no plugins it could load either.
        Path dir = PathArguments.ifNameable(home).map(h -> h.resolve("plugins")).orElse(null);
        return dir != null && Files.isDirectory(dir) ? dir : null;
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
