package io.metaingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
                for a in "$@"; do
                  case "$a" in -XX:ArchiveClassesAtExit=*) echo archive > "${a#-XX:ArchiveClassesAtExit=}" ;; esac
                  # A JVM that cannot map the base archive: -Xshare:on makes that an error.
                  if [ "$a" = -Xshare:on ] && [ -n "${STUB_UNMAPPABLE:-}" ]; then exit 1; fi
                done
                exit "${STUB_EXIT:-0}"
                """.formatted(calls));
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
        assertThat(Files.readString(recordedFor())).isEqualTo(home.resolve("lib") + "\n");
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
    void aBaseArchiveThisJvmCannotMapIsSetAsideAndTheRunRecordsOnTheJdksOwn() throws Exception {
        // Another JDK than the one that built it: mapping it would disable class-data sharing altogether.
        baseArchiveDumpedFor(home.resolve("lib"));

        assertThat(launch(Map.of("STUB_UNMAPPABLE", "1"), "ingest", "-c", "w.yaml")).isZero();
        assertThat(lastCall()).contains("-XX:ArchiveClassesAtExit=").doesNotContain("SharedArchiveFile");
        assertThat(Files.list(home.resolve("lib"))).containsExactlyInAnyOrder(jsa, recordedFor(), basePath(),
                home.resolve("lib/metaingest-base.jsa.unusable"));
        assertThat(launch(Map.of(), "ingest", "-c", "w.yaml")).isZero();
        assertThat(lastCall()).contains("-XX:SharedArchiveFile=" + jsa + " ").doesNotContain(base + ":");
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
        assertThat(Files.readString(recordedFor())).isEqualTo(home.resolve("lib") + "\n");
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
        // The next ingest checks it (a damaged one fails the check and is set aside) and records again.
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

    private int launch(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/metaingest").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(home.resolve("out.txt").toFile());
        builder.environment().remove("METAINGEST_JAVA_OPTS");
        builder.environment().remove("METAINGEST_NO_CDS");
        builder.environment().put("JAVA_HOME", javaHome.toString());
        builder.environment().putAll(env);
        return builder.start().waitFor();
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
