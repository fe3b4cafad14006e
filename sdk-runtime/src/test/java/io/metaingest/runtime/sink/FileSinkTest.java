package io.metaingest.runtime.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaingest.api.SinkUnavailableException;
import io.metaingest.api.entity.CreateDatabaseRequest;
import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.mask.SecretMasker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSinkTest {

    @TempDir
    Path dir;

    private static CreateDatabaseRequest database(int i) {
        return new CreateDatabaseRequest("db" + i, null, "x".repeat(200), "svc", null, null, null);
    }

    private List<Path> files() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    @Test
    void recordsGoToATemporaryFileAndReplaceTheTargetOnlyWhenKept() throws Exception {
        Path target = dir.resolve("out.ndjson");
        Files.writeString(target, "previous\n");
        FileSink sink = new FileSink(target, Mappers.standard(), SecretMasker.NONE);
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
        Path target = dir.resolve("out.ndjson");
        Files.writeString(target, "previous\n");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
        FileSink sink = new FileSink(target, Mappers.standard(), SecretMasker.NONE);
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
        FileSink sink = new FileSink(link, Mappers.standard(), SecretMasker.NONE);
        assertThat(sink.path()).isEqualTo(real.toAbsolutePath());
        sink.write(database(2));
        assertThat(sink.complete(true)).isTrue();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(real)).contains("\"db2\"").doesNotContain("previous");
    }

    @Test
    void aDiscardedRunLeavesThePreviousTargetAndNoTemporaryFile() throws Exception {
        Path target = dir.resolve("out.ndjson");
        Files.writeString(target, "previous\n");
        FileSink sink = new FileSink(target, Mappers.standard(), SecretMasker.NONE);
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
        FileSink sink = new FileSink(target, Mappers.standard(), SecretMasker.NONE);
        sink.write(database(1));
        assertThat(sink.complete(false)).isFalse();
        assertThat(files()).as("the run left the folder as it was").isEmpty();

        Files.createDirectories(dir.resolve("kept"));
        FileSink inExisting = new FileSink(dir.resolve("kept/sub/out.ndjson"), Mappers.standard(), SecretMasker.NONE);
        inExisting.close(); // discards
        assertThat(files()).containsExactly(dir.resolve("kept"));
        assertThat(dir.resolve("kept/sub")).doesNotExist();
    }

    @Test
    void temporaryFilesOfKilledRunsAreRemovedByTheNextRun() throws Exception {
        Path target = dir.resolve("out.ndjson");
        Path abandoned = dir.resolve(".out.ndjson.999999999.tmp"); // no such process
        Files.writeString(abandoned, "{}\n");
        FileSink sink = new FileSink(target, Mappers.standard(), SecretMasker.NONE);
        assertThat(Files.exists(abandoned)).isFalse();
        sink.close();
        assertThat(files()).isEmpty();
    }

    @Test
    void anUncreatableFolderIsOneLineNamingThePath() throws Exception {
        Path file = dir.resolve("plain");
        Files.writeString(file, "");
        Path target = file.resolve("out.ndjson");
        assertThatThrownBy(() -> new FileSink(target, Mappers.standard(), SecretMasker.NONE))
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
