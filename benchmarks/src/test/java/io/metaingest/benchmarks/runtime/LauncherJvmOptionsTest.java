package io.metaingest.benchmarks.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LauncherJvmOptionsTest {

    @Test
    void readsTheShippedLaunchersJitCollectorAndHeapOptions() throws Exception {
        var options = LauncherJvmOptions.read(Path.of("../cli/src/dist/bin/metaingest"));

        assertThat(options).contains("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmn32m")
                .allSatisfy(option -> assertThat(option).startsWith("-X").doesNotContain(")", "$", "\""));
    }

    @Test
    void readsArraysOverSeveralLinesAndAppendedOnes(@TempDir Path dir) throws Exception {
        Path script = Files.writeString(dir.resolve("launcher"), """
                opts=(-XX:+UseSerialGC
                  -XX:CICompilerCount=1)
                exec java "${opts[@]}" -cp x Main
                case x in *) opts+=(-Xms64m) ;; esac
                if [ -f "$base" ]; then opts+=(-XX:SharedArchiveFile="$base"); fi
                """);

        assertThat(LauncherJvmOptions.read(script)).containsExactly("-XX:+UseSerialGC", "-XX:CICompilerCount=1", "-Xms64m");
    }

    @Test
    void failsOnAScriptWithoutOptions(@TempDir Path dir) throws Exception {
        Path script = Files.writeString(dir.resolve("launcher"), "exec java -cp x Main\n");

        assertThatThrownBy(() -> LauncherJvmOptions.read(script)).hasMessageContaining("no JVM options found");
    }
}
