package io.metaingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.files.RunProcess;
import io.metaingest.runtime.exec.RunReportWriter;
import io.metaingest.runtime.exec.RunResult;
import io.metaingest.runtime.exec.RunState;
import io.metaingest.runtime.mask.SecretMasker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution's launcher ({@code src/dist/bin/metaingest}) with a stand-in {@code java} that
 * records the arguments it was given and exits with a chosen code: which JVM options a run gets, and
 * when the class-data archive is recorded and kept.
 */
class LauncherScriptTest {

    @TempDir
    Path home;
    private Path javaHome;
    private Path calls;
    private Path jsa;
    private Path base;

    @BeforeEach
    void distribution() throws IOException {
        Files.createDirectories(home.resolve("bin"));
        Files.createDirectories(home.resolve("lib"));
        Files.copy(Path.of("src/dist/bin/metaingest"), home.resolve("bin/metaingest"), StandardCopyOption.COPY_ATTRIBUTES);
        home.resolve("bin/metaingest").toFile().setExecutable(true);
        javaHome = home.resolve("jdk");
        Files.createDirectories(javaHome.resolve("bin"));
        calls = home.resolve("calls.txt");
        // Writes the archive it is asked to record, as the JVM does at exit, and exits with $STUB_EXIT.
        Path java = javaHome.resolve("bin/java");
        Files.writeString(java, """
                #!/usr/bin/env bash
                echo "$*" >> "%s"
                echo "${LC_ALL-unset} ${LC_CTYPE-unset} ${LANG-unset}" > "%s"
                for a in "$@"; do
                  case "$a" in -XX:ArchiveClassesAtExit=*) echo archive > "${a#-XX:ArchiveClassesAtExit=}" ;; esac
                  # A JVM that cannot map the base archive: -Xshare:on makes that an error.
                  if [ "$a" = -Xshare:on ] && [ -n "${STUB_UNMAPPABLE:-}" ]; then exit 1; fi
                done
                # A SIGTERM while the JVM starts, before any code of metaingest runs.
                if [ -n "${STUB_TERM:-}" ]; then kill -TERM $$; fi
                # A JVM whose shutdown hooks take a while: each SIGTERM noted, the end held until the test releases it.
                if [ -n "${STUB_SLOW_STOP:-}" ]; then
                  trap 'echo term >> "$STUB_SLOW_STOP/terms"' TERM
                  trap 'echo int >> "$STUB_SLOW_STOP/terms"' INT
                  : > "$STUB_SLOW_STOP/started"
                  until [ -e "$STUB_SLOW_STOP/release" ]; do sleep 0.02; done
                  : > "$STUB_SLOW_STOP/hooks-done"
                  exit 42
                fi
                # The real command on the tests' class path, with the launcher's -D options and arguments.
                if [ -n "${STUB_JAVA:-}" ]; then
                  real=(); found=false
                  for a in "$@"; do
                    if [ "$found" = true ]; then real+=("$a"); elif [ "$a" = io.metaingest.cli.Main ]; then found=true; real+=("$a")
                    else case "$a" in -Dmetaingest.launcherPid=*) real=("$a" "${real[@]}") ;; esac; fi
                  done
                  exec "$STUB_JAVA" -cp "$STUB_CP" "${real[@]}"
                fi
                exit "${STUB_EXIT:-0}"
                """.formatted(calls, home.resolve("locale.txt")));
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        jsa = home.resolve("lib/metaingest.jsa");
        base = home.resolve("lib/metaingest-base.jsa");
    }

    @Test
    void aRunGetsTheSerialCollectorAndASmallYoungGeneration() throws Exception {
        assertThat(launch(Map.of(), "validate", "-c", "w.yaml")).isZero();
        assertThat(lastCall()).contains("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1",
                "-XX:CompileThresholdScaling=0.5", "-XX:C1MaxInlineSize=20", "-Xms64m", "-Xmn32m",
                "io.metaingest.cli.Main validate -c w.yaml");
    }

    @Test
    void theHeapIsOnTransparentHugePagesOnlyWhereTheKernelGivesThem() throws Exception {
        Path setting = home.resolve("thp-enabled");
        for (String offered : List.of("always [madvise] never", "[always] madvise never")) {
            Files.writeString(setting, offered + "\n");
            assertThat(launch(Map.of("METAINGEST_THP_SETTING", setting.toString()), "validate", "-c", "w.yaml")).isZero();
            assertThat(lastCall()).as(offered).contains("-XX:+UseTransparentHugePages");
        }
        Files.writeString(setting, "always madvise [never]\n");
        assertThat(launch(Map.of("METAINGEST_THP_SETTING", setting.toString()), "validate", "-c", "w.yaml")).isZero();
        assertThat(lastCall()).doesNotContain("UseTransparentHugePages");
        // A kernel without them has no such file; a folder or a pipe in its place is not read (a pipe would block).
        Path pipe = home.resolve("pipe");
        assertThat(new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor()).isZero();
        for (Path other : List.of(home.resolve("absent"), home, pipe)) {
            assertThat(launch(Map.of("METAINGEST_THP_SETTING", other.toString()), "validate", "-c", "w.yaml"))
                    .as(other.toString()).isZero();
            assertThat(lastCall()).doesNotContain("UseTransparentHugePages");
        }
        assertThat(Files.readString(home.resolve("out.txt"))).isEmpty();
    }

    @Test
    void heapOptionsOfTheUserReplaceTheLaunchersSizes() throws Exception {
        // -Xms64m beside a smaller -Xmx would stop the JVM.
        assertThat(launch(Map.of("METAINGEST_JAVA_OPTS", "-Xmx48m"), "validate", "-c", "w.yaml")).isZero();
        assertThat(lastCall()).contains("-Xmx48m").doesNotContain("-Xms64m", "-Xmn32m");
        assertThat(launch(Map.of("METAINGEST_JAVA_OPTS", "-XX:MaxHeapSize=1g"), "validate", "-c", "w.yaml")).isZero();
        assertThat(lastCall()).doesNotContain("-Xms64m");
        assertThat(launch(Map.of("METAINGEST_JAVA_OPTS", "-Dx=1"), "validate", "-c", "w.yaml")).isZero();
        assertThat(lastCall()).contains("-Xms64m", "-Dx=1");
    }

    @Test
    void aSuccessfulIngestRecordsTheArchiveThatLaterRunsMap() throws Exception {
        assertThat(launch(Map.of(), "ingest", "-c", "w.yaml")).isZero();
        // The launcher waits for this JVM, which stops its run if the launcher is killed alone.
        assertThat(lastCall()).contains("-XX:ArchiveClassesAtExit=").containsPattern("-D" + Main.LAUNCHER_PID + "=\\d+ ");
        assertThat(jsa).exists();
        assertThat(launch(Map.of(), "ingest", "-c", "w.yaml")).isZero();
        assertThat(lastCall()).contains("-XX:SharedArchiveFile=" + jsa).doesNotContain("ArchiveClassesAtExit", Main.LAUNCHER_PID);
        assertThat(Files.list(home.resolve("lib"))).containsExactlyInAnyOrder(jsa, recordedFor());
        // The folder, then the JVM that recorded it: an archive maps only in the JVM build that made it.
        assertThat(Files.readString(recordedFor())).isEqualTo(home.resolve("lib") + "\n" + jvmId(javaHome) + "\n");
    }

    @Test
    void anArchiveAnotherJvmRecordedIsNotMappedAndIsRecordedAgain() throws Exception {
        // A second JDK (JAVA_HOME) would run without class-data sharing at all with the first one's archive.
        assertThat(launch(Map.of(), "ingest", "-c", "w.yaml")).isZero();
        Path other = secondJdk();

        assertThat(launch(Map.of("JAVA_HOME", other.toString()), "validate", "-c", "w.yaml")).isZero();
        assertThat(lastCall()).doesNotContain("SharedArchiveFile");
        assertThat(launch(Map.of("JAVA_HOME", other.toString()), "ingest", "-c", "w.yaml")).isZero();
        assertThat(lastCall()).contains("-XX:ArchiveClassesAtExit=");
        assertThat(Files.readString(recordedFor())).isEqualTo(home.resolve("lib") + "\n" + jvmId(other) + "\n");
        assertThat(launch(Map.of("JAVA_HOME", other.toString()), "ingest", "-c", "w.yaml")).isZero();
        assertThat(lastCall()).contains("-XX:SharedArchiveFile=" + jsa).doesNotContain("ArchiveClassesAtExit");
        // The first JDK's next ingest records its own again.
        assertThat(launch(Map.of(), "ingest", "-c", "w.yaml")).isZero();
        assertThat(lastCall()).contains("-XX:ArchiveClassesAtExit=");
    }

    @Test
    void theDistributionsBaseArchiveIsMappedByEveryCommandAndTheRunsArchiveIsRecordedOnTopOfIt() throws Exception {
        baseArchiveDumpedFor(home.resolve("lib"));

        assertThat(launch(Map.of(), "validate", "-c", "w.yaml")).isZero();
        assertThat(lastCall()).contains("-XX:SharedArchiveFile=" + base + " ").doesNotContain("ArchiveClassesAtExit");
        assertThat(launch(Map.of("METAINGEST_JAVA_OPTS", "-Xmx1g"), "ingest", "-c", "w.yaml")).isZero();
        // The check runs the JVM as the user sizes it, and its own archive options come last, so they hold.
        assertThat(calls()).anySatisfy(call -> assertThat(call).contains("-Xmx1g -Xshare:on -XX:SharedArchiveFile=" + base,
                "-version"));
        assertThat(lastCall()).contains("-XX:SharedArchiveFile=" + base + " ", "-XX:ArchiveClassesAtExit=");
        assertThat(launch(Map.of(), "ingest", "-c", "w.yaml")).isZero();
        assertThat(lastCall()).contains("-XX:SharedArchiveFile=" + base + ":" + jsa).doesNotContain("ArchiveClassesAtExit");
        assertThat(Files.list(home.resolve("lib"))).containsExactlyInAnyOrder(base, basePath(), jsa, recordedFor());
    }

    @Test
    void aBaseArchiveThisJvmCannotMapIsLeftOutForThatJvmAloneWhichRecordsOnTheJdksOwn() throws Exception {
        // Another JDK than the one that built it: mapping it would disable class-data sharing altogether.
        baseArchiveDumpedFor(home.resolve("lib"));
        Path refused = home.resolve("lib/metaingest-base.refused");

        assertThat(launch(Map.of("STUB_UNMAPPABLE", "1"), "ingest", "-c", "w.yaml")).isZero();
        assertThat(lastCall()).contains("-XX:ArchiveClassesAtExit=").doesNotContain("SharedArchiveFile");
        assertThat(Files.list(home.resolve("lib"))).containsExactlyInAnyOrder(base, basePath(), jsa, recordedFor(), refused);
        assertThat(Files.readString(refused)).isEqualTo(jvmId(javaHome) + "\n");
        // That JVM maps its own archive without the base, and checks the base no more.
        int before = calls().size();
        assertThat(launch(Map.of(), "validate", "-c", "w.yaml")).isZero();
        assertThat(lastCall()).contains("-XX:SharedArchiveFile=" + jsa + " ").doesNotContain(base.toString());
        assertThat(launch(Map.of(), "ingest", "-c", "w.yaml")).isZero();
        assertThat(lastCall()).contains("-XX:SharedArchiveFile=" + jsa + " ").doesNotContain(base.toString());
        assertThat(calls().subList(before, calls().size())).noneSatisfy(call -> assertThat(call).contains("-Xshare:on"));

        // The JDK that built it (here: any other) keeps mapping it: one JVM's refusal used to set it aside for all.
        Path builder = secondJdk();
        assertThat(launch(Map.of("JAVA_HOME", builder.toString()), "validate", "-c", "w.yaml")).isZero();
        assertThat(lastCall()).contains("-XX:SharedArchiveFile=" + base + " ");
        assertThat(launch(Map.of("JAVA_HOME", builder.toString()), "ingest", "-c", "w.yaml")).isZero();
        assertThat(lastCall()).contains("-XX:SharedArchiveFile=" + base + " ", "-XX:ArchiveClassesAtExit=");
        assertThat(launch(Map.of("JAVA_HOME", builder.toString()), "ingest", "-c", "w.yaml")).isZero();
        assertThat(lastCall()).contains("-XX:SharedArchiveFile=" + base + ":" + jsa);

        // A base archive built after the refusal (by that JVM's JDK, say) is checked again.
        Files.setLastModifiedTime(refused, FileTime.fromMillis(Files.getLastModifiedTime(base).toMillis() - 10_000));
        assertThat(launch(Map.of(), "validate", "-c", "w.yaml")).isZero();
        assertThat(lastCall()).contains("-XX:SharedArchiveFile=" + base + " ");
    }

    @Test
    void aBaseArchiveTheBuildDumpedWithAnotherJdkIsLeftOutWithoutACheck() throws Exception {
        // The build names its JDK: with a read-only lib/ no ingest can find out that this JVM cannot map the base, and
        // handed it, this JVM would run without class-data sharing at all.
        Path builder = secondJdk();
        Files.writeString(base, "base");
        Files.writeString(basePath(), home.resolve("lib") + "\n" + builder + "\n");

        assertThat(launch(Map.of(), "validate", "-c", "w.yaml")).isZero();
        assertThat(lastCall()).doesNotContain("SharedArchiveFile");
        assertThat(launch(Map.of(), "ingest", "-c", "w.yaml")).isZero();
        assertThat(lastCall()).contains("-XX:ArchiveClassesAtExit=").doesNotContain("SharedArchiveFile");
        assertThat(calls()).noneSatisfy(call -> assertThat(call).contains("-Xshare:on"));
        // The building JDK maps it.
        assertThat(launch(Map.of("JAVA_HOME", builder.toString()), "validate", "-c", "w.yaml")).isZero();
        assertThat(lastCall()).contains("-XX:SharedArchiveFile=" + base + " ");
    }

    /** Another stub JDK, a file of its own: another JVM to the launcher. */
    private Path secondJdk() throws IOException {
        Path other = home.resolve("jdk2");
        Files.createDirectories(other.resolve("bin"));
        Files.copy(javaHome.resolve("bin/java"), other.resolve("bin/java"), StandardCopyOption.COPY_ATTRIBUTES);
        return other;
    }

    /** The launcher's name of the JVM in {@code jdk}: its java binary's device, inode and change time, as stat prints them. */
    private static String jvmId(Path jdk) throws Exception {
        Process stat = new ProcessBuilder("stat", "-L", "-c", "%d:%i:%Z", jdk.resolve("bin/java").toString()).start();
        String id = new String(stat.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(stat.waitFor()).isZero();
        return id;
    }

    @Test
    void aBaseArchiveDumpedForAnotherFolderIsLeftAsideByAMovedDistribution() throws Exception {
        // A copy of the distribution (into a container image, say): the JVM would not map it here.
        baseArchiveDumpedFor(Path.of("/build/elsewhere/metaingest/lib"));

        assertThat(launch(Map.of(), "validate", "-c", "w.yaml")).isZero();
        assertThat(lastCall()).doesNotContain("SharedArchiveFile");
        assertThat(launch(Map.of(), "ingest", "-c", "w.yaml")).isZero();
        assertThat(calls()).noneSatisfy(call -> assertThat(call).contains("-Xshare:on"));
        assertThat(lastCall()).contains("-XX:ArchiveClassesAtExit=").doesNotContain("SharedArchiveFile");
        assertThat(launch(Map.of(), "ingest", "-c", "w.yaml")).isZero();
        assertThat(lastCall()).contains("-XX:SharedArchiveFile=" + jsa + " ");
    }

    @Test
    void optionsThatManageClassDataSharingThemselvesGetNoArchiveOfTheLaunchersAndRecordNothing() throws Exception {
        baseArchiveDumpedFor(home.resolve("lib"));
        for (String own : List.of("-Xshare:off", "-XX:SharedArchiveFile=/elsewhere/my.jsa")) {
            assertThat(launch(Map.of("METAINGEST_JAVA_OPTS", own), "ingest", "-c", "w.yaml")).isZero();
            assertThat(lastCall()).contains(own).doesNotContain("ArchiveClassesAtExit", "SharedArchiveFile=" + base);
        }
        assertThat(calls()).noneSatisfy(call -> assertThat(call).contains("-Xshare:on"));
        assertThat(Files.list(home.resolve("lib"))).containsExactlyInAnyOrder(base, basePath());
    }

    @Test
    void anArchiveRecordedForAnotherFolderIsRecordedAgain() throws Exception {
        // The distribution was copied after its first ingest: the archive it carries was made elsewhere.
        Files.writeString(jsa, "recorded elsewhere");
        Files.writeString(recordedFor(), "/build/elsewhere/metaingest/lib\n");

        assertThat(launch(Map.of(), "validate", "-c", "w.yaml")).isZero();
        assertThat(lastCall()).doesNotContain("SharedArchiveFile");
        assertThat(launch(Map.of(), "ingest", "-c", "w.yaml")).isZero();
        assertThat(lastCall()).contains("-XX:ArchiveClassesAtExit=");
        assertThat(Files.readString(jsa)).isEqualTo("archive\n");
        assertThat(Files.readString(recordedFor())).isEqualTo(home.resolve("lib") + "\n" + jvmId(javaHome) + "\n");
    }

    @Test
    void anArchiveChangedAfterItWasRecordedIsNotMappedAndTheNextIngestRecordsItAgain() throws Exception {
        // A truncated archive would crash every JVM that maps it (SIGBUS); truncating it makes it newer.
        assertThat(launch(Map.of(), "ingest", "-c", "w.yaml")).isZero();
        Files.writeString(jsa, "trunc");
        laterThanTheRecording(jsa);

        assertThat(launch(Map.of(), "validate", "-c", "w.yaml")).isZero();
        assertThat(lastCall()).doesNotContain("SharedArchiveFile");
        assertThat(launch(Map.of(), "ingest", "-c", "w.yaml")).isZero();
        assertThat(lastCall()).contains("-XX:ArchiveClassesAtExit=");
        assertThat(Files.readString(jsa)).isEqualTo("archive\n");
        assertThat(launch(Map.of(), "ingest", "-c", "w.yaml")).isZero();
        assertThat(lastCall()).contains("-XX:SharedArchiveFile=" + jsa).doesNotContain("ArchiveClassesAtExit");
    }

    @Test
    void aBaseArchiveChangedAfterARunRecordedOnItIsLeftOutUntilAnIngestChecksItAgain() throws Exception {
        baseArchiveDumpedFor(home.resolve("lib"));
        assertThat(launch(Map.of(), "ingest", "-c", "w.yaml")).isZero();
        laterThanTheRecording(base);

        assertThat(launch(Map.of(), "validate", "-c", "w.yaml")).isZero();
        assertThat(lastCall()).doesNotContain("SharedArchiveFile");
        // The next ingest checks it (a damaged one fails the check and is left out for this JVM) and records again.
        int before = calls().size();
        assertThat(launch(Map.of(), "ingest", "-c", "w.yaml")).isZero();
        assertThat(calls().subList(before, calls().size())).anySatisfy(call -> assertThat(call)
                .contains("-Xshare:on -XX:SharedArchiveFile=" + base, "-version"));
        assertThat(lastCall()).contains("-XX:SharedArchiveFile=" + base + " ", "-XX:ArchiveClassesAtExit=");
        assertThat(launch(Map.of(), "validate", "-c", "w.yaml")).isZero();
        assertThat(lastCall()).contains("-XX:SharedArchiveFile=" + base + ":" + jsa);
    }

    /** Makes {@code archive} newer than the file that records the run's archive, as a later change to it would. */
    private void laterThanTheRecording(Path archive) throws IOException {
        Files.setLastModifiedTime(recordedFor(), FileTime.fromMillis(
                Files.getLastModifiedTime(archive).toMillis() - 10_000));
    }

    @Test
    void whatAKilledRecordingLeftIsRemovedByTheNextAndNothingIsRecordedWithoutRoom() throws Exception {
        Path stale = home.resolve("lib/metaingest.jsa.2147483646.tmp"); // no such process
        Files.writeString(stale, "half an archive");

        assertThat(launch(Map.of("METAINGEST_CDS_MIN_FREE_KB", "9999999999999"), "ingest", "-c", "w.yaml")).isZero();
        assertThat(lastCall()).doesNotContain("ArchiveClassesAtExit");
        assertThat(stale).exists();
        assertThat(launch(Map.of(), "ingest", "-c", "w.yaml")).isZero();
        assertThat(lastCall()).contains("-XX:ArchiveClassesAtExit=");
        assertThat(stale).doesNotExist();
    }

    @Test
    void aSymlinkToTheLauncherRunsTheDistributionItPointsTo() throws Exception {
        Path onPath = Files.createDirectories(home.resolve("usr/local/bin")).resolve("metaingest");
        Files.createSymbolicLink(onPath, Path.of("../../../bin/metaingest"));

        ProcessBuilder builder = new ProcessBuilder(onPath.toString(), "validate", "-c", "w.yaml").redirectErrorStream(true)
                .redirectOutput(home.resolve("out.txt").toFile());
        builder.environment().remove("METAINGEST_JAVA_OPTS");
        builder.environment().put("JAVA_HOME", javaHome.toString());
        assertThat(builder.start().waitFor()).isZero();
        assertThat(lastCall()).contains("-Dmetaingest.home=" + home + " ", "-cp " + home + "/lib/*");
    }

    @Test
    void aFailedRunLeavesNoArchive() throws Exception {
        assertThat(launch(Map.of("STUB_EXIT", "2"), "ingest", "-c", "missing.yaml")).isEqualTo(2);
        assertThat(lastCall()).contains("-XX:ArchiveClassesAtExit=");
        assertThat(Files.list(home.resolve("lib"))).isEmpty();
    }

    @Test
    void helpAndVersionNeverRecordTheArchive() throws Exception {
        for (String flag : List.of("--help", "-h", "--version", "-V")) {
            assertThat(launch(Map.of(), "ingest", flag)).isZero();
            assertThat(lastCall()).doesNotContain("ArchiveClassesAtExit");
        }
        assertThat(Files.list(home.resolve("lib"))).isEmpty();
    }

    /** No java where the launcher looks: one line naming where it looked and what is needed, exit 127 as before. */
    @Test
    void noJavaToRunIsOneLineNamingJavaHomeOrThePath() throws Exception {
        Path missing = home.resolve("no-jdk");
        assertThat(launch(Map.of("JAVA_HOME", missing.toString()), "validate", "-c", "w.yaml")).isEqualTo(127);
        assertThat(Files.readString(home.resolve("out.txt"))).isEqualTo("metaingest: JAVA_HOME is " + missing
                + ", which has no bin/java; set JAVA_HOME to a Java 17 or later installation, or unset it to use the"
                + " java on the PATH\n");

        // No JAVA_HOME, and a PATH with bash alone (no java, nor any other tool: the line must still be the only one).
        Path tools = Files.createDirectories(home.resolve("tools"));
        for (String tool : List.of("bash")) {
            Files.createSymbolicLink(tools.resolve(tool), Path.of(new ProcessBuilder("bash", "-c", "command -v " + tool)
                    .start().inputReader().readLine()));
        }
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/metaingest").toString(), "validate", "-c", "w.yaml")
                .redirectErrorStream(true).redirectOutput(home.resolve("out.txt").toFile());
        builder.environment().remove("JAVA_HOME");
        builder.environment().put("PATH", tools.toString());
        assertThat(builder.start().waitFor()).isEqualTo(127);
        assertThat(Files.readString(home.resolve("out.txt"))).isEqualTo("metaingest: no java on the PATH and no"
                + " JAVA_HOME; install Java 17 or later, or set JAVA_HOME to one\n");
        assertThat(home.resolve("calls.txt")).doesNotExist();
    }

    private int launch(Map<String, String> env, String... args) throws Exception {
        return start(env, args).waitFor();
    }

    private Process start(Map<String, String> env, String... args) throws IOException {
        return start(List.of(), env, args);
    }

    /** The launcher started through {@code prefix} (a command that then execs it). */
    private Process start(List<String> prefix, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.add(home.resolve("bin/metaingest").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(home.resolve("out.txt").toFile());
        builder.environment().remove("METAINGEST_JAVA_OPTS");
        builder.environment().remove("METAINGEST_NO_CDS");
        builder.environment().put("JAVA_HOME", javaHome.toString());
        builder.environment().putAll(env);
        return builder.start();
    }

    /** The previous run's status file, as the runtime writes it, in {@code state}. */
    private Path previousReport(RunState state) {
        return previousReport(state, "6a1f2c3d-1111-4a4a-9a9a-123456789abc");
    }

    /** As {@link #previousReport(RunState)}; a run that never loaded its workflow has no id, nor service. */
    private Path previousReport(RunState state, String runId) {
        Path report = home.resolve("report.json");
        new RunReportWriter(Optional.of(report), Mappers.standard(), SecretMasker.NONE).write(new RunResult(
                runId, runId == null ? null : "shelf_svc", runId == null ? null : "shelf", state, 100.0, 90,
                Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:01:00Z"), null, false, List.of(),
                List.of(), List.of(), null, null));
        return report;
    }

    private static JsonNode read(Path report) throws IOException {
        return Mappers.standard().readTree(report.toFile());
    }

    @Test
    void aStopWhileTheJvmStartsLeavesThisRunQueuedNotThePreviousRunsFinalState() throws Exception {
        // Both ways the launcher starts the JVM: exec (it keeps the launcher's pid), and the recording
        // run's child, which knows the launcher's pid.
        for (Map<String, String> env : List.of(Map.of("STUB_TERM", "1", "METAINGEST_NO_CDS", "1"), Map.of("STUB_TERM", "1"))) {
            assertQueuedAfterAStopWhileStarting(env, previousReport(RunState.SUCCESS));
            // The report of a command that refused its workflow has neither id nor service: its state comes second.
            assertQueuedAfterAStopWhileStarting(env, previousReport(RunState.FAILED, null));
        }
    }

    private void assertQueuedAfterAStopWhileStarting(Map<String, String> env, Path report) throws Exception {
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Process launcher = start(env, "--plugins", "p", "ingest", "-c", "w.yaml", "--status-file=" + report);

        assertThat(launcher.waitFor()).as(env.toString()).isEqualTo(143);
        JsonNode written = read(report);
        assertThat(written.path("state").asText()).as(env.toString()).isEqualTo("queued");
        assertThat(written.has("pipelineRunId")).isFalse();
        // Numbered where this JVM's pids are: the boot and PID namespace recorded, the start not (the JDK's reading).
        RunProcess here = RunProcess.current();
        assertThat(RunProcess.of(written)).contains(new RunProcess(launcher.pid(), here.host(), here.bootId(),
                here.pidNamespace(), null));
        assertThat(Instant.parse(written.path("startedAt").asText())).isBetween(before, Instant.now());
    }

    /**
     * The recording run's JVM is the launcher's child: two stop signals (timeout, a terminal's signal to the launcher and
     * its group) each interrupt the launcher's wait, and it used to end after the second while the JVM still ran its
     * shutdown hooks, which stop the demo's server: the server and its data were left behind. The launcher now waits
     * until the JVM has ended, and ends with its code.
     */
    @Test
    void theRecordingLauncherWaitsForItsJvmThroughEveryStop() throws Exception {
        Path stub = Files.createDirectories(home.resolve("slow-stop"));
        Process launcher = start(Map.of("STUB_SLOW_STOP", stub.toString()), "ingest", "-c", "w.yaml");
        FolderChanges.awaitTrue(stub, () -> Files.exists(stub.resolve("started")), Duration.ofSeconds(30), "the JVM's start");
        for (int stop = 1; stop <= 2; stop++) {
            launcher.destroy(); // SIGTERM; the next one once this one has been passed on (signals do not queue)
            int passedOn = stop;
            FolderChanges.awaitTrue(stub, () -> Files.exists(stub.resolve("terms"))
                    && Files.readAllLines(stub.resolve("terms")).size() == passedOn, Duration.ofSeconds(30), "stop " + stop
                    + " passed on to the JVM");
        }
        assertThat(launcher.isAlive()).as("the launcher waits for its JVM").isTrue();
        Files.createFile(stub.resolve("release"));

        assertThat(launcher.waitFor()).as(Files.readString(home.resolve("out.txt"))).isEqualTo(42);
        assertThat(stub.resolve("hooks-done")).exists();
    }

    /**
     * A Ctrl-C reaches the recording launcher's JVM as SIGINT, not as SIGTERM, so that the report names the stop the
     * user made: a background job starts with SIGINT ignored, and the stub (a shell, as the JVM) could not trap it.
     */
    @Test
    void theRecordingLauncherPassesOnAnInterruptAsAnInterrupt() throws Exception {
        Path stub = Files.createDirectories(home.resolve("slow-stop"));
        // As from a terminal: SIGINT at its default, whatever this test JVM inherited (a CI job started in the
        // background ignores it, and a shell cannot trap a signal ignored when it started). env execs the launcher.
        Process launcher = start(List.of("env", "--default-signal=INT"), Map.of("STUB_SLOW_STOP", stub.toString()),
                "ingest", "-c", "w.yaml");
        FolderChanges.awaitTrue(stub, () -> Files.exists(stub.resolve("started")), Duration.ofSeconds(30), "the JVM's start");
        assertThat(new ProcessBuilder("kill", "-INT", Long.toString(launcher.pid())).start().waitFor()).isZero();
        FolderChanges.awaitTrue(stub, () -> Files.exists(stub.resolve("terms")) && !Files.readAllLines(stub.resolve("terms"))
                .isEmpty(), Duration.ofSeconds(30), "the interrupt passed on to the JVM");
        Files.createFile(stub.resolve("release"));

        assertThat(launcher.waitFor()).as(Files.readString(home.resolve("out.txt"))).isEqualTo(42);
        assertThat(Files.readAllLines(stub.resolve("terms"))).containsExactly("int");
    }

    /**
     * A run killed while its JVM started leaves the launcher's {@code queued} mark, whose process is gone: {@code status}
     * calls it stale at once (exit 1) and {@code --mark-failed} finalises it, without waiting for {@code --stale-after}.
     */
    @Test
    void theQueuedMarkOfARunKilledWhileItsJvmStartedIsStaleAtOnce() throws Exception {
        Path report = previousReport(RunState.SUCCESS);
        Process launcher = start(Map.of("STUB_TERM", "1", "METAINGEST_NO_CDS", "1"), "ingest", "-c", "w.yaml",
                "--report", report.toString());
        assertThat(launcher.waitFor()).isEqualTo(143);
        assertThat(read(report).path("state").asText()).isEqualTo("queued");

        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream print = new java.io.PrintStream(out, true, StandardCharsets.UTF_8);
        java.util.function.Function<String[], Integer> status = args -> Main.execute(new Main(print, print,
                io.metaingest.runtime.Metaingest::discover, Map.of()), args);
        assertThat(status.apply(new String[] {"status", report.toString()})).isEqualTo(ExitCodes.FAILED);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(report + ": run (not started) queued, last heartbeat ")
                .contains(" - STALE: its process " + launcher.pid() + " is no longer running on this host;"
                        + " run with --mark-failed to finalise it");

        assertThat(status.apply(new String[] {"status", "--mark-failed", report.toString()})).isEqualTo(ExitCodes.OK);
        JsonNode marked = read(report);
        assertThat(marked.path("state").asText()).isEqualTo("failed");
        assertThat(marked.path("fatalError").asText()).isEqualTo("its process " + launcher.pid()
                + " ended without a final state (killed?); marked failed by metaingest status");
    }

    /** The mark names the workflow (-c, in each of its spellings) as the JVM's queued report does: absolute. */
    @Test
    void theQueuedMarkNamesTheWorkflowFile() throws Exception {
        Map<String, String> env = Map.of("STUB_TERM", "1", "METAINGEST_NO_CDS", "1");
        Path absolute = home.resolve("my \"odd\" \\ flow.yaml");
        for (List<String> config : List.of(List.of("-c", "w.yaml"), List.of("--config=w.yaml"), List.of("-cw.yaml"),
                List.of("--config", absolute.toString()))) {
            Path report = previousReport(RunState.SUCCESS);
            List<String> args = new ArrayList<>(List.of("ingest", "--report", report.toString()));
            args.addAll(config);
            assertThat(start(env, args.toArray(String[]::new)).waitFor()).isEqualTo(143);
            JsonNode written = read(report);
            assertThat(written.path("state").asText()).isEqualTo("queued");
            assertThat(written.path(QueuedRun.WORKFLOW).asText()).as(config.toString()).isEqualTo(
                    config.get(config.size() - 1).equals(absolute.toString()) ? absolute.toString()
                            : Path.of("w.yaml").toAbsolutePath().toString());
        }
    }

    /**
     * Container mode: no arguments, the workflow in {@code config} and the status file in {@code report}; the launcher
     * marks that report queued (no workflow file to name), so a stop while the JVM starts is not the last run's state.
     */
    @Test
    void inContainerModeTheReportVariableIsMarkedQueued() throws Exception {
        Path report = previousReport(RunState.SUCCESS);
        assertThat(start(Map.of("STUB_TERM", "1", "METAINGEST_NO_CDS", "1", "config", "source: {}",
                "report", report.toString())).waitFor()).isEqualTo(143);
        JsonNode written = read(report);
        assertThat(written.path("state").asText()).isEqualTo("queued");
        assertThat(written.has(QueuedRun.WORKFLOW)).isFalse();
    }

    @Test
    void theQueuedMarkReplacesTheReportWholeKeepingItsPermissions() throws Exception {
        Path report = previousReport(RunState.SUCCESS);
        java.nio.file.Files.setPosixFilePermissions(report, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
        Object before = Files.readAttributes(report, java.nio.file.attribute.BasicFileAttributes.class).fileKey();

        assertThat(launch(Map.of("STUB_TERM", "1", "METAINGEST_NO_CDS", "1"), "ingest", "-c", "w.yaml", "--report",
                report.toString())).isEqualTo(143);

        assertThat(read(report).path("state").asText()).isEqualTo("queued");
        // Rewritten in place by the shell alone (no cp, mv before it): the same file, its owner and permissions kept.
        assertThat(Files.readAttributes(report, java.nio.file.attribute.BasicFileAttributes.class).fileKey())
                .isEqualTo(before);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(report)))
                .isEqualTo("rw-r-----");
        try (var left = Files.list(report.getParent())) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".tmp"));
        }
    }

    /** A report given as a symbolic link stays one: the mark replaces the file it points to, as the JVM's writes do. */
    @Test
    void theQueuedMarkOfAReportGivenAsALinkKeepsTheLink() throws Exception {
        Path target = previousReport(RunState.SUCCESS);
        Path link = Files.createSymbolicLink(target.resolveSibling("link.json"), target.getFileName());

        assertThat(launch(Map.of("STUB_TERM", "1", "METAINGEST_NO_CDS", "1"), "ingest", "-c", "w.yaml", "--report",
                link.toString())).isEqualTo(143);

        assertThat(Files.isSymbolicLink(link)).as("the link was replaced by a file").isTrue();
        assertThat(read(target).path("state").asText()).isEqualTo("queued");
    }

    @Test
    void onlyAFinalStatusFileOfAnIngestIsMarked() throws Exception {
        Path running = previousReport(RunState.RUNNING); // another run's, still going on: its own warning says so
        String text = Files.readString(running);
        assertThat(launch(Map.of("STUB_TERM", "1"), "ingest", "-c", "w.yaml", "--report", running.toString())).isEqualTo(143);
        assertThat(Files.readString(running)).isEqualTo(text);

        Path done = previousReport(RunState.FAILED);
        text = Files.readString(done);
        assertThat(launch(Map.of("STUB_TERM", "1"), "validate", "-c", "w.yaml", "--report", done.toString())).isEqualTo(143);
        assertThat(Files.readString(done)).isEqualTo(text);

        // Never over a file the runtime did not write as a status file: a workflow, a sink's records.
        Path workflow = home.resolve("w.yaml");
        Files.writeString(workflow, "state: success\n");
        Path records = home.resolve("out.ndjson");
        Files.writeString(records, "{\"state\" : \"success\",\n  \"state\" : \"success\",\n}\n");
        for (Path other : List.of(workflow, records)) {
            String before = Files.readString(other);
            assertThat(launch(Map.of("STUB_TERM", "1"), "ingest", "-c", "w.yaml", "--report", other.toString())).isEqualTo(143);
            assertThat(Files.readString(other)).isEqualTo(before);
        }
        Path none = home.resolve("none.json");
        assertThat(launch(Map.of("STUB_TERM", "1"), "ingest", "-c", "w.yaml", "--report", none.toString())).isEqualTo(143);
        assertThat(none).doesNotExist();
    }

    /**
     * The launcher marks {@code queued} only a file the JVM's check ({@link ReportFile}) takes for a run report:
     * a file it would refuse as the user's is never rewritten in the moments before the JVM refuses it.
     */
    @Test
    void theLauncherMarksOnlyAFileTheJvmTakesForARunReport() throws Exception {
        Path report = home.resolve("candidate.json");
        String previous = Files.readString(previousReport(RunState.SUCCESS));
        List<String> candidates = List.of(previous,
                previous.replaceFirst("\n  \"startedAt\" : \"[^\"]*\",", ""), // a state but no start: not ours
                "{\n  \"state\" : \"failed\",\n  \"note\" : \"mine\"\n}\n",
                "my notes\n");
        int marked = 0;
        for (String text : candidates) {
            Files.writeString(report, text);
            assertThat(launch(Map.of("STUB_TERM", "1"), "ingest", "-c", "w.yaml", "--report", report.toString()))
                    .isEqualTo(143);
            boolean rewritten = !Files.readString(report).equals(text);
            Files.writeString(report, text);
            if (rewritten) {
                marked++;
                assertThat(ReportFile.foreign(report)).as(text).isEmpty();
            }
        }
        assertThat(marked).as("the previous report is marked").isEqualTo(1);
    }

    /**
     * Under a file-size limit (ulimit -f) that the previous report is over, the launcher's mark, smaller, is written in
     * place without a shell line about SIGXFSZ and leaves no temporary file; the run records no archive it could not
     * write: what is said about the limit is the JVM's.
     */
    @Test
    void aFileSizeLimitMakesTheLaunchersOwnWritesFailQuietly() throws Exception {
        Path report = previousReport(RunState.SUCCESS);
        Files.writeString(report, " ".repeat(4096) + "\n", java.nio.file.StandardOpenOption.APPEND); // past 1 KiB
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", "ulimit -f 1; exec \"$0\" \"$@\"",
                home.resolve("bin/metaingest").toString(), "ingest", "-c", "w.yaml", "--report", report.toString())
                .redirectErrorStream(true).redirectOutput(home.resolve("out.txt").toFile());
        builder.environment().remove("METAINGEST_JAVA_OPTS");
        builder.environment().remove("METAINGEST_NO_CDS");
        builder.environment().put("JAVA_HOME", javaHome.toString());

        assertThat(builder.start().waitFor()).as(Files.readString(home.resolve("out.txt"))).isZero();

        assertThat(Files.readString(home.resolve("out.txt"))).isEmpty();
        assertThat(read(report).path("state").asText()).isEqualTo("queued");
        try (var left = Files.list(report.getParent())) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".tmp"));
        }
        assertThat(lastCall()).doesNotContain("ArchiveClassesAtExit");
    }

    /**
     * A mark that cannot be written (here over a file-size limit, as on a full disk) fails quietly and removes the
     * previous run's report, whose success would otherwise read as this run's: no report is the truth. The launcher
     * then stops for a java it cannot find, as a stop could come while the JVM starts.
     */
    @Test
    void aMarkThatCannotBeWrittenRemovesThePreviousRunsReport() throws Exception {
        Path report = previousReport(RunState.SUCCESS);
        Path missing = home.resolve("no-jdk");
        // The mark names the workflow's path, which is long enough here to take it past 1 KiB.
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", "ulimit -f 1; exec \"$0\" \"$@\"",
                home.resolve("bin/metaingest").toString(), "ingest", "-c", "folder/".repeat(150) + "w.yaml", "--report",
                report.toString()).redirectErrorStream(true).redirectOutput(home.resolve("out.txt").toFile());
        builder.environment().put("JAVA_HOME", missing.toString());

        assertThat(builder.start().waitFor()).isEqualTo(127);

        assertThat(Files.readString(home.resolve("out.txt"))).isEqualTo("metaingest: JAVA_HOME is " + missing
                + ", which has no bin/java; set JAVA_HOME to a Java 17 or later installation, or unset it to use the"
                + " java on the PATH\n");
        assertThat(report).doesNotExist();
        try (var left = Files.list(report.getParent())) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".tmp"));
        }
    }

    @Test
    void aCOrPosixLocaleIsReadAsUtf8AndAnyOtherIsKept() throws Exception {
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("LC_ALL=POSIX", "C.UTF-8 unset unset");
        cases.put("LC_ALL=C LANG=de_DE.UTF-8", "C.UTF-8 unset de_DE.UTF-8");
        cases.put("", "unset C.UTF-8 unset");
        cases.put("LANG=C", "unset C.UTF-8 C");
        cases.put("LC_CTYPE=POSIX LANG=en_US.UTF-8", "unset C.UTF-8 en_US.UTF-8");
        cases.put("LANG=de_DE.ISO-8859-1", "unset unset de_DE.ISO-8859-1");
        cases.put("LC_ALL=en_US.UTF-8", "en_US.UTF-8 unset unset");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            assertThat(startWithLocale(c.getKey(), Map.of(), "connectors", "list").waitFor()).isZero();
            assertThat(Files.readString(home.resolve("locale.txt")).strip()).as(c.getKey()).isEqualTo(c.getValue());
        }
    }

    @Test
    void underThePosixLocaleANonAsciiPathReachesTheCommandWhole() throws Exception {
        Path missing = home.resolve("wörk flow 表.yaml");

        int exit = startWithLocale("LC_ALL=POSIX", realJava(Map.of("METAINGEST_NO_CDS", "1")), "validate", "-c",
                missing.toString()).waitFor();

        String out = Files.readString(home.resolve("out.txt"), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(out).contains(missing.toString()).doesNotContain("cannot convert");
        assertThat(exit).as(out).isEqualTo(ExitCodes.INVALID_CONFIG);
    }

    /** The launcher with only the locale variables of {@code locale} ({@code NAME=value ...}) set. */
    private Process startWithLocale(String locale, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/metaingest").toString()));
        command.addAll(List.of(args));
        return withLocale(command, locale, env).start();
    }

    /** {@code command} with only the locale variables of {@code locale} ({@code NAME=value ...}) set, output to out.txt. */
    private ProcessBuilder withLocale(List<String> command, String locale, Map<String, String> env) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(home.resolve("out.txt").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("LC_") || name.equals("LANG")
                || name.startsWith("METAINGEST_"));
        builder.environment().put("JAVA_HOME", javaHome.toString());
        builder.environment().putAll(env);
        for (String setting : locale.split(" ")) {
            if (!setting.isEmpty()) {
                builder.environment().put(setting.substring(0, setting.indexOf('=')), setting.substring(setting.indexOf('=') + 1));
            }
        }
        return builder;
    }

    /** The real command behind the launcher. */
    private Map<String, String> realJava(Map<String, String> env) {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("STUB_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        all.put("STUB_CP", System.getProperty("java.class.path"));
        return all;
    }

    /**
     * A workflow name that is not UTF-8 (a Latin-1 byte under a UTF-8 locale): the JVM cannot name it, and says so in one
     * line; the mark leaves the name out (written raw it made the mark invalid JSON), so the JVM still ends it as failed.
     */
    @Test
    void aWorkflowNameThatIsNotUtf8IsOneLineAndTheMarkEndsAsFailed() throws Exception {
        Path report = previousReport(RunState.SUCCESS);
        // The raw byte only a shell can pass: Java would encode any string of the test's as UTF-8.
        List<String> command = List.of("bash", "-c", "printf -v wf 'w\\xe9.yaml'; exec \"$0\" ingest -c \"$wf\" --report \"$1\"",
                home.resolve("bin/metaingest").toString(), report.toString());
        int exit = withLocale(command, "LC_ALL=C.UTF-8", realJava(Map.of("METAINGEST_NO_CDS", "1"))).start().waitFor();

        String out = Files.readString(home.resolve("out.txt"), StandardCharsets.UTF_8);
        assertThat(exit).as(out).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(out.lines()).hasSize(1);
        assertThat(out).startsWith("error: -c: 'w\uFFFD.yaml' holds bytes that are not valid UTF-8").doesNotContain("Exception");
        JsonNode written = read(report);
        assertThat(written.path("state").asText()).isEqualTo("failed");
        assertThat(written.path("endedBy").asText()).isEqualTo("nothingRun");
        assertThat(written.path("exitCode").asInt()).isEqualTo(ExitCodes.INVALID_CONFIG);
    }

    /**
     * A report name that is not UTF-8: the launcher marks it by its bytes; the JVM, which cannot name it, finds it among
     * its folder's entries and ends that mark as failed, so it does not stay queued, with one line saying so.
     */
    @Test
    void aReportNameThatIsNotUtf8HasItsMarkEndedAsFailed() throws Exception {
        Path previous = previousReport(RunState.SUCCESS);
        List<String> command = List.of("bash", "-c", "printf -v r '%s/rep \\xfc.json' \"$(dirname \"$1\")\"; mv \"$1\" \"$r\";"
                + " exec \"$0\" ingest -c w.yaml --report \"$r\"", home.resolve("bin/metaingest").toString(), previous.toString());
        int exit = withLocale(command, "LC_ALL=C.UTF-8", realJava(Map.of("METAINGEST_NO_CDS", "1"))).start().waitFor();

        String out = Files.readString(home.resolve("out.txt"), StandardCharsets.UTF_8);
        assertThat(exit).as(out).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(out.lines()).hasSize(1);
        assertThat(out).startsWith("error: --report: '" + previous.getParent() + "/rep \uFFFD.json' holds bytes that are not valid UTF-8")
                .endsWith("; the launcher's queued mark on it was ended as failed\n");
        Path report;
        try (var entries = Files.list(previous.getParent())) {
            report = entries.filter(p -> p.getFileName().toString().equals("rep \uFFFD.json")).findFirst().orElseThrow();
        }
        JsonNode written;
        try (var in = Files.newInputStream(report)) {
            written = Mappers.standard().readTree(in);
        }
        assertThat(written.path("state").asText()).isEqualTo("failed");
        assertThat(written.path("endedBy").asText()).isEqualTo("invalidConfiguration");
    }

    @Test
    void aCommandLineThatRunsNothingEndsTheLaunchersMarkAsFailed() throws Exception {
        for (Map<String, String> env : List.of(Map.of("METAINGEST_NO_CDS", "1"), Map.<String, String>of())) {
            Path report = previousReport(RunState.SUCCESS);

            assertThat(launch(realJava(env), "ingest", "-c", home.resolve("missing.yaml").toString(), "--report",
                    report.toString())).as(Files.readString(home.resolve("out.txt"))).isEqualTo(ExitCodes.INVALID_CONFIG);

            JsonNode written = read(report);
            assertThat(written.path("state").asText()).isEqualTo("failed");
            assertThat(written.path("fatalError").asText()).startsWith("nothing was run");
            assertThat(written.path("endedBy").asText()).isEqualTo("nothingRun");
            assertThat(written.path("exitCode").asInt()).as("the command's own").isEqualTo(ExitCodes.INVALID_CONFIG);
        }
    }

    @Test
    void aRunAfterTheLaunchersMarkEndsWithItsOwnStateAndNoWarningOfAnotherRun() throws Exception {
        Path workflow = home.resolve("shelf.yaml");
        Files.writeString(workflow, ShelfWorkflows.toFile(home.resolve("out.ndjson")));
        for (Map<String, String> env : List.of(Map.of("METAINGEST_NO_CDS", "1"), Map.<String, String>of())) {
            Path report = previousReport(RunState.FAILED);

            assertThat(launch(realJava(env), "ingest", "-c", workflow.toString(), "--report", report.toString())).isZero();

            assertThat(Files.readString(home.resolve("out.txt"))).as(env.toString()).doesNotContain("another run");
            JsonNode written = read(report);
            assertThat(written.path("state").asText()).isEqualTo("success");
            assertThat(written.path("pipelineRunId").asText()).isNotEqualTo("6a1f2c3d-1111-4a4a-9a9a-123456789abc");
        }
    }

    /** A base archive as the build leaves it: the archive, and beside it the lib/ folder it was dumped for. */
    private void baseArchiveDumpedFor(Path lib) throws IOException {
        Files.writeString(base, "base");
        Files.writeString(basePath(), lib + "\n");
    }

    /** Where the launcher writes the lib/ folder it recorded the run's archive for. */
    private Path recordedFor() {
        return home.resolve("lib/metaingest.path");
    }

    private Path basePath() {
        return home.resolve("lib/metaingest-base.path");
    }

    private String lastCall() throws IOException {
        List<String> lines = calls();
        return lines.get(lines.size() - 1);
    }

    private List<String> calls() throws IOException {
        return Files.readAllLines(calls, StandardCharsets.UTF_8);
    }
}
