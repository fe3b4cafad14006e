package io.metaingest.runtime.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.zip.ZipException;
import org.junit.jupiter.api.Test;

/** The JDK's file errors in words a user acts on (a test run as root cannot make a file unreadable). */
class IoReasonsTest {

    @Test
    void aPermissionProblemSaysSoHoweverTheJdkPutsIt() {
        // Files.list's exception carries only the path; JarFile's says "(Permission denied)" after it.
        for (IOException e : new IOException[] {new AccessDeniedException("/opt/plugins"),
                new FileNotFoundException("/opt/plugins/x/x.jar (Permission denied)")}) {
            assertThat(IoReasons.isPermission(e)).isTrue();
            assertThat(IoReasons.reason(e)).isEqualTo("permission denied");
        }
    }

    @Test
    void otherProblemsKeepTheirWordsWithoutClassNamesOrLineBreaks() {
        assertThat(IoReasons.reason(new ZipException("zip END header not found")))
                .isEqualTo("not a jar: zip END header not found");
        assertThat(IoReasons.reason(new NoSuchFileException("/x"))).isEqualTo("no such file or folder");
        assertThat(IoReasons.reason(new IOException("first\n  second"))).isEqualTo("first second");
        assertThat(IoReasons.reason(new IOException())).isEqualTo("IOException");
        assertThat(IoReasons.isPermission(new ZipException("zip END header not found"))).isFalse();
    }
}
