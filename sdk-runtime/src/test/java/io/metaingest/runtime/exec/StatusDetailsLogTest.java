package io.metaingest.runtime.exec;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.metaingest.api.Status;
import io.metaingest.api.StepError;
import io.metaingest.testing.CapturedLogs;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A step keeps its first ten failures and warnings; every one is logged at DEBUG, so none is out of reach. */
class StatusDetailsLogTest {

    @Test
    void everyFailureAndWarningIsLoggedAtDebugBeyondTheKeptOnes() {
        Logger logger = (Logger) LoggerFactory.getLogger(Status.class);
        Level before = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        try (CapturedLogs logged = CapturedLogs.logger(Status.class)) {
            Status status = new Status();
            for (int i = 0; i < 15; i++) {
                status.failed(new StepError("t" + i, "no such table", null));
                status.warning("v" + i, "no columns");
            }
            assertThat(status.firstFailures()).hasSize(Status.KEPT_DETAILS);
            assertThat(logged.messages())
                    .contains("failed t14: no such table", "warning v14: no columns")
                    .filteredOn(m -> m.startsWith("failed ")).hasSize(15);
        } finally {
            logger.setLevel(before);
        }
    }
}
