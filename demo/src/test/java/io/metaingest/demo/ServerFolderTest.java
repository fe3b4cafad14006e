package io.metaingest.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerFolderTest {

    @TempDir
    Path dir;

    @Test
    void theTemporaryFolderWhenProgramsRunThereElseTheCacheFolder() {
        Path tmp = dir.resolve("tmp");
        Path cache = dir.resolve("cache/metaingest");
        assertThat(ServerFolder.choose(tmp, Optional.of(cache), f -> true)).isEqualTo(tmp);
        // A /tmp mounted noexec: the server's initdb cannot run from it.
        assertThat(ServerFolder.choose(tmp, Optional.of(cache), f -> !f.equals(tmp))).isEqualTo(cache);
    }

    @Test
    void neitherFolderRunningProgramsIsOneLineNamingBothAndTheFix() {
        Path tmp = dir.resolve("tmp");
        Path cache = dir.resolve("cache/metaingest");
        assertThatThrownBy(() -> ServerFolder.choose(tmp, Optional.of(cache), f -> false))
                .isInstanceOf(DemoDatabase.NotStarted.class)
                .hasMessage("cannot start the embedded PostgreSQL: programs cannot run from " + tmp + " nor from " + cache
                        + " (a folder mounted noexec?); point the JVM's temporary folder at one where they can:"
                        + " METAINGEST_JAVA_OPTS=-Djava.io.tmpdir=<folder>");
        assertThatThrownBy(() -> ServerFolder.choose(tmp, Optional.empty(), f -> false))
                .hasMessageStartingWith("cannot start the embedded PostgreSQL: programs cannot run from " + tmp + " (");
    }

    @Test
    void theCacheFolderIsXdgsOrTheHomesAndNoneWithoutEither() {
        assertThat(ServerFolder.cacheFolder(Map.of("XDG_CACHE_HOME", "/var/cache/u", "HOME", "/home/u")))
                .contains(Path.of("/var/cache/u/metaingest"));
        assertThat(ServerFolder.cacheFolder(Map.of("XDG_CACHE_HOME", "relative", "HOME", "/home/u")))
                .contains(Path.of("/home/u/.cache/metaingest"));
        assertThat(ServerFolder.cacheFolder(Map.of())).isEmpty();
    }

    @Test
    void anOrdinaryFolderRunsProgramsAndTheProbeLeavesNothing() throws Exception {
        Path folder = dir.resolve("made/here");
        assertThat(ServerFolder.runsPrograms(folder)).isTrue();
        try (var left = Files.list(folder)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aFolderThatCannotBeWrittenRunsNoProgramsOfOurs() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
        assertThat(ServerFolder.runsPrograms(file.resolve("below"))).isFalse();
    }
}
