package io.metaingest.runtime.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileNotFoundException;
import java.nio.file.AccessDeniedException;
import java.util.zip.ZipException;
import org.junit.jupiter.api.Test;

/** The fix discovery names for a plugin folder or jar it cannot read. */
class IoProblemsTest {

    @Test
    void aPermissionProblemNamesTheFixOfPermissions() {
        assertThat(IoProblems.fix(new AccessDeniedException("/opt/plugins"), "the plugin directory"))
                .isEqualTo("; make the plugin directory readable by the user running metaingest");
        assertThat(IoProblems.fix(new FileNotFoundException("/opt/plugins/x/x.jar (Permission denied)"), "the jar",
                "rebuild the plugin or remove the jar")).isEqualTo("; make the jar readable by the user running metaingest");
    }

    @Test
    void otherProblemsGetTheGivenFixOrNone() {
        ZipException corrupt = new ZipException("zip END header not found");
        assertThat(IoProblems.fix(corrupt, "the jar", "rebuild the plugin or remove the jar"))
                .isEqualTo("; rebuild the plugin or remove the jar");
        assertThat(IoProblems.fix(corrupt, "the folder")).isEmpty();
    }
}
