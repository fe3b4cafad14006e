package io.metaingest.runtime.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaingest.api.SinkUnavailableException;
import io.metaingest.api.entity.CreateDatabaseRequest;
import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.files.RunProcess;
import io.metaingest.runtime.mask.SecretMasker;
import io.metaingest.testing.CapturedLogs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSinkTest {

    @TempDir
    Path dir;

    private static CreateDatabaseRequest database(int i) {
        return new CreateDatabaseRequest("db" + i, null, "x".repeat(200), "svc", null, null, null);
    }

    /** The sink over {@code target}, as a run's file sink with nothing to mask. */
    private static FileSink sinkTo(Path target) throws Exception {
        return new FileSink(target, Mappers.standard(), SecretMasker.NONE);
    }

    /** out.ndjson, holding "previous" as an earlier run's output. */
    private Path targetHoldingAPreviousRun() throws Exception {
        return Files.writeString(dir.resolve("out.ndjson"), "previous\n");
    }

    private List<Path> files() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    @Test
    void recordsGoToATemporaryFileAndReplaceTheTargetOnlyWhenKept() throws Exception {
        Path target = targetHoldingAPreviousRun();
        FileSink sink = sinkTo(target);
        for (int i = 0; i < 1000; i++) {
            sink.write(database(i));
        }
        assertThat(Files.readString(target)).isEqualTo("previous\n");
        // Only whole lines reach the temporary file, and exactly the confirmed ones.
        List<String> partial = Files.readAllLines(sink.temporaryPath());
        assertThat(Files.readString(sink.temporaryPath())).endsWith("}\n");
        assertThat((long) partial.size()).isEqualTo(sink.confirmed()).isPositive().isLessThan(1000);
        sink.flush();
        assertThat(sink.confirmed()).isEqualTo(1000);
        assertThat(sink.complete(true)).isTrue();
        assertThat(Files.readAllLines(target)).hasSize(1000);
        assertThat(files()).containsExactly(target);
    }

    /** A file the user restricted keeps its permissions once replaced; it may hold sample rows. */
    @Test
    void theReplacedFileKeepsThePermissionsTheUserGaveIt() throws Exception {
        Path target = targetHoldingAPreviousRun();
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
        FileSink sink = sinkTo(target);
        // Restricted from its first byte: what a killed run leaves behind is no more readable than the file.
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sink.temporaryPath())))
                .isEqualTo("rw-------");
        sink.write(database(1));
        assertThat(sink.complete(true)).isTrue();
        assertThat(Files.readString(target)).contains("\"db1\"");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-------");
    }

    /** A path that is a symbolic link: the file it points to is replaced, and the link stays. */
    @Test
    void aLinkedPathReplacesTheFileTheLinkPointsTo() throws Exception {
        Path real = Files.createDirectories(dir.resolve("real")).resolve("out.ndjson");
        Files.writeString(real, "previous\n");
        Path link = Files.createSymbolicLink(dir.resolve("latest.ndjson"), Path.of("real/out.ndjson"));
        FileSink sink = sinkTo(link);
        assertThat(sink.path()).isEqualTo(real.toAbsolutePath());
        sink.write(database(2));
        assertThat(sink.complete(true)).isTrue();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(real)).contains("\"db2\"").doesNotContain("previous");
    }

    @Test
    void aDiscardedRunLeavesThePreviousTargetAndNoTemporaryFile() throws Exception {
        Path target = targetHoldingAPreviousRun();
        FileSink sink = sinkTo(target);
        sink.write(database(1));
        sink.flush();
        assertThat(sink.complete(false)).isFalse();
        assertThat(Files.readString(target)).isEqualTo("previous\n");
        assertThat(files()).containsExactly(target);
        assertThatThrownBy(() -> sink.write(database(2))).isInstanceOf(SinkUnavailableException.class);
    }

    @Test
    void aDiscardedRunTakesAwayTheFoldersItCreatedButNoneThatExisted() throws Exception {
        Path target = dir.resolve("new/deeper/out.ndjson");
        FileSink sink = sinkTo(target);
        sink.write(database(1));
        assertThat(sink.complete(false)).isFalse();
        assertThat(files()).as("the run left the folder as it was").isEmpty();

        Files.createDirectories(dir.resolve("kept"));
        FileSink inExisting = sinkTo(dir.resolve("kept/sub/out.ndjson"));
        inExisting.close(); // discards
        assertThat(files()).containsExactly(dir.resolve("kept"));
        assertThat(dir.resolve("kept/sub")).doesNotExist();
    }

    /** A process of this host that ran and ended: a writer certainly gone. */
    private static RunProcess endedHere() throws Exception {
        Process child = new ProcessBuilder("true").start();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        RunProcess here = RunProcess.current();
        return new RunProcess(child.pid(), here.host(), here.bootId(), here.pidNamespace(), here.startedAt());
    }

    /** What the file sink logged while {@code action} ran, as "LEVEL message". */
    private static List<String> logged(CapturedLogs.Action action) throws Exception {
        return CapturedLogs.of(FileSink.class, action);
    }

    @Test
    void temporaryFilesOfKilledRunsAreRemovedByTheNextRun() throws Exception {
        Path target = dir.resolve("out.ndjson");
        FileSink killed = new FileSink(target, Mappers.standard(), SecretMasker.NONE, null, endedHere());
        killed.write(database(1));
        killed.flush(); // and never completed: kill -9
        Path abandoned = killed.temporaryPath();
        List<String> log = logged(() -> sinkTo(target).close());
        assertThat(log).anySatisfy(line -> assertThat(line).startsWith("INFO removing " + abandoned
                + ", left by a run that was killed"));
        assertThat(files()).as("the temporary file and the file naming its writer").isEmpty();
    }

    /**
     * A run in another container (another PID namespace) on a shared volume: its pid says nothing
     * here, even when no process here has it, so its temporary file is left and the run completes.
     */
    @Test
    void aLiveRunsTemporaryFileFromAnotherPidNamespaceIsLeftAndThatRunCompletes() throws Exception {
        Path target = dir.resolve("out.ndjson");
        RunProcess ended = endedHere();
        RunProcess elsewhere = new RunProcess(ended.pid(), ended.host(), ended.bootId(), "pid:[4026500001]",
                ended.startedAt());
        FileSink other = new FileSink(target, Mappers.standard(), SecretMasker.NONE, null, elsewhere);
        other.write(database(1));
        other.flush();
        List<String> log = logged(() -> {
            FileSink second = sinkTo(target);
            second.write(database(2));
            assertThat(second.complete(true)).isTrue();
        });
        assertThat(log).anySatisfy(line -> assertThat(line).startsWith("INFO leaving " + other.temporaryPath()
                + ": its writer (process " + ended.pid() + " on host " + ended.host() + ") cannot be told alive"));
        assertThat(other.temporaryPath()).exists();
        assertThat(other.complete(true)).as("the other run keeps its records").isTrue();
        assertThat(Files.readString(target)).contains("\"db1\"").doesNotContain("\"db2\"");
        assertThat(files()).containsExactly(target);
    }

    @Test
    void aTemporaryFileThatNamesNoWriterIsLeftAndSaidSo() throws Exception {
        Path target = dir.resolve("out.ndjson");
        Path older = dir.resolve(".out.ndjson.999999999.tmp"); // an older release's, or not ours: nothing proves it abandoned
        Files.writeString(older, "{}\n");
        List<String> log = logged(() -> sinkTo(target).close());
        assertThat(log).contains("INFO leaving " + older + ": it does not name its writer, so it may be a live run's;"
                + " remove it by hand once no run writes " + target);
        assertThat(files()).containsExactly(older);
    }

    /** Two runs of this host writing the same file: the last rename wins, so the second is warned. */
    @Test
    void aSecondRunWritingTheSameFileIsWarned() throws Exception {
        Path target = dir.resolve("out.ndjson");
        FileSink first = sinkTo(target);
        io.metaingest.api.Status own = new io.metaingest.api.Status();
        List<String> log = logged(() -> new FileSink(target, Mappers.standard(), SecretMasker.NONE, own).close());
        assertThat(own.warnings()).as("the sink's warning, in the summary and the report").isEqualTo(1);
        assertThat(log).contains("WARN " + target + " is also being written by another run still going on (process "
                + ProcessHandle.current().pid() + " on this host, temporary file " + first.temporaryPath()
                + "); the run that finishes last replaces the other's records: give each run its own sink path");
        assertThat(first.temporaryPath()).exists();
        first.close();
        assertThat(files()).isEmpty();
    }

    @Test
    void aTemporaryFileRemovedByAnotherProcessIsSaidSoNotNoSuchFile() throws Exception {
        Path target = targetHoldingAPreviousRun();
        FileSink sink = sinkTo(target);
        sink.write(database(1));
        sink.write(database(2));
        Files.delete(sink.temporaryPath()); // what an older release in another container did
        assertThatThrownBy(() -> sink.complete(true)).isInstanceOf(SinkUnavailableException.class)
                .hasMessage("cannot write " + target + ": its temporary file " + sink.temporaryPath() + " was removed"
                        + " by another process while this run wrote it, so its 2 records are lost; run again, and give"
                        + " runs that may overlap their own sink path");
        assertThat(Files.readString(target)).isEqualTo("previous\n");
        assertThat(files()).containsExactly(target);
    }

    @Test
    void anUncreatableFolderIsOneLineNamingThePath() throws Exception {
        Path file = dir.resolve("plain");
        Files.writeString(file, "");
        Path target = file.resolve("out.ndjson");
        assertThatThrownBy(() -> sinkTo(target))
                .isInstanceOf(SinkUnavailableException.class).hasMessageStartingWith("cannot write " + target + ": ");
        assertThat(WritableFile.problem(target)).hasValueSatisfying(p -> assertThat(p).contains(file.toString()));
        assertThat(WritableFile.problem(Path.of("/proc/x/out.ndjson"))).isPresent();
        assertThat(WritableFile.problem(dir.resolve("new/folder/out.ndjson"))).isEmpty();
        // A shell's ~ is not expanded in a workflow file: said, with the variable that works.
        assertThat(WritableFile.problem(Path.of("~/out/x.ndjson"))).contains("~/out/x.ndjson starts with ~, which only"
                + " a shell expands (here it would make a folder named ~); write ${HOME}/out/x.ndjson");
        assertThat(WritableFile.folderProblem(Path.of("~"))).isPresent();
        assertThat(WritableFile.problem(dir.resolve("~x.ndjson"))).isEmpty();
        assertThat(Files.exists(dir.resolve("new"))).isFalse(); // checking creates nothing
    }

    @Test
    void secretsAreMaskedInTheLines() throws Exception {
        Path target = dir.resolve("out.ndjson");
        FileSink sink = new FileSink(target, Mappers.standard(), SecretMasker.of(List.of("xxxxx")));
        sink.write(database(1));
        sink.flush();
        sink.complete(true);
        assertThat(Files.readString(target)).doesNotContain("xxxxx").contains("******");
    }

    @Test
    void aRecordWrittenWithASecretsTextMaskedIsTheSinksWarningNotOnlyALogLine() throws Exception {
        Path target = dir.resolve("out.ndjson");
        io.metaingest.api.Status own = new io.metaingest.api.Status();
        FileSink sink = new FileSink(target, Mappers.standard(), SecretMasker.of(List.of("db2x")), own);
        sink.write(database(1));
        sink.write(new CreateDatabaseRequest("db2x", null, "kept", "svc", null, null, null));
        sink.flush();
        sink.complete(true);
        assertThat(own.warnings()).isEqualTo(1);
        // The record's key as the runtime has it: the report and the console mask it when they write it.
        assertThat(own.firstWarnings()).singleElement().asString()
                .startsWith("svc.db2x: written with a secret's text masked as ******");
        assertThat(Files.readString(target)).doesNotContain("db2x");
    }
}
