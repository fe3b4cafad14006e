package io.metaingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The progress line is drawn only where standard error itself is a terminal. */
class TerminalsTest {

    @TempDir
    Path dir;

    @Test
    void aDescriptorIsATerminalOnlyWhenItLinksToATerminalDevice() throws Exception {
        assertThat(Terminals.isTerminal(Files.createSymbolicLink(dir.resolve("pts"), Path.of("/dev/pts/3")))).isTrue();
        assertThat(Terminals.isTerminal(Files.createSymbolicLink(dir.resolve("tty"), Path.of("/dev/tty1")))).isTrue();
        assertThat(Terminals.isTerminal(Files.createSymbolicLink(dir.resolve("log"), dir.resolve("run.log")))).isFalse();
        assertThat(Terminals.isTerminal(Files.createSymbolicLink(dir.resolve("pipe"), Path.of("pipe:[4242]")))).isFalse();
        assertThat(Terminals.isTerminal(Files.createSymbolicLink(dir.resolve("null"), Path.of("/dev/null")))).isFalse();
        // Not a link (no /proc, as on macOS), or nothing there: unsure, so no progress line.
        assertThat(Terminals.isTerminal(Files.writeString(dir.resolve("plain"), ""))).isFalse();
        assertThat(Terminals.isTerminal(dir.resolve("missing"))).isFalse();
    }

    /**
     * Under a pseudo-terminal ({@code script}, util-linux): with stdin and stdout at the terminal,
     * {@code System.console()} is there whether or not stderr is, so it cannot tell {@code 2>run.log}.
     */
    @Test
    void standardErrorRedirectedToAFileAtATerminalIsNoTerminal() throws Exception {
        assertThat(probe("")).contains("console=true stderr=true");
        assertThat(probe(" 2>" + dir.resolve("run.log"))).contains("console=true stderr=false");
    }

    private String probe(String redirect) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = "'" + java + "' -cp '" + System.getProperty("java.class.path") + "' " + TerminalsProbe.class.getName()
                + redirect;
        Path typescript = dir.resolve("typescript");
        Process process = new ProcessBuilder(List.of("script", "-qec", command, typescript.toString()))
                .redirectInput(ProcessBuilder.Redirect.PIPE).redirectErrorStream(true)
                .redirectOutput(dir.resolve("script.out").toFile()).start();
        process.getOutputStream().close();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return Files.readString(typescript);
    }
}
