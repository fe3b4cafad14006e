package io.metaingest.canary;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.testkit.canary.CanaryScan;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Runs last in the reactor (it depends on the modules whose outputs it reads): the canary password
 * and token of the tests must appear in no module's captured test output, error, report or NDJSON.
 */
class NoCanaryLeakTest {

    @Test
    void noModuleLeakedTheCanaryInItsTestOutputs() {
        Path root = Path.of(System.getProperty("metaingest.reactor.root", "..")).toAbsolutePath().normalize();
        Path self = Path.of("").toAbsolutePath();
        CanaryScan.Result result = CanaryScan.scan(root, self);
        System.out.println("canary scan: " + result.files() + " output files under " + root + ", "
                + result.leaks().size() + " leaks");
        assertThat(result.files()).as("test outputs found under " + root + " (run the whole build)").isPositive();
        assertThat(result.leaks()).as("the canary password or token in test outputs").isEmpty();
    }
}
