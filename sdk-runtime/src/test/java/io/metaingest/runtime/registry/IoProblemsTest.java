package io.metaingest.runtime.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.util.zip.ZipException;
import org.junit.jupiter.api.Test;

/** The JDK's file errors in words a user acts on (a test run as root cannot make a folder unreadable). */
class IoProblemsTest {

    @Test
    void aPermissionProblemSaysSoAndNamesTheFix() {
        // Files.list's exception carries only the path; JarFile's says "(Permission denied)" after it.
        for (IOException e : new IOException[] {new AccessDeniedException("/opt/plugins"),
                new FileNotFoundException("/opt/plugins/x/x.jar (Permission denied)")}) {
            assertThat(IoProblems.what(e)).isEqualTo("permission denied");
            assertThat(IoProblems.fix(e, "the jar", "rebuild the plugin or remove the jar"))
                    .isEqualTo("; make the jar readable by the user running metaingest");
        }
    }

    @Test
    void otherProblemsKeepTheirWordsAndTheGivenFix() {
        ZipException corrupt = new ZipException("zip END header not found");
        assertThat(IoProblems.what(corrupt)).isEqualTo("not a jar: zip END header not found");
        assertThat(IoProblems.fix(corrupt, "the jar", "rebuild the plugin or remove the jar"))
                .isEqualTo("; rebuild the plugin or remove the jar");
        assertThat(IoProblems.fix(corrupt, "the folder")).isEmpty();
        assertThat(IoProblems.what(new IOException())).isEqualTo("IOException");
    }
}
