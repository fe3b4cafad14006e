package io.metaingest.testing;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class CapturedLogsTest {

    private static final Logger WATCHED = LoggerFactory.getLogger("capture.watched");
    private static final Logger BELOW = LoggerFactory.getLogger("capture.watched.below");
    private static final Logger ELSEWHERE = LoggerFactory.getLogger("capture.elsewhere");

    @Test
    void aNamedLoggerIsCapturedWithTheLoggersBelowItAndNoOther() {
        try (CapturedLogs logs = CapturedLogs.logger("capture.watched")) {
            WATCHED.warn("one {}", 1);
            BELOW.info("two");
            ELSEWHERE.error("not mine");
            assertThat(logs.lines()).containsExactly("WARN one 1", "INFO two");
            assertThat(logs.messages()).containsExactly("one 1", "two");
            assertThat(logs.events()).extracting(ILoggingEvent::getLoggerName)
                    .containsExactly("capture.watched", "capture.watched.below");
        }
    }

    @Test
    void theRootSeesEveryLogger() {
        try (CapturedLogs logs = CapturedLogs.root()) {
            WATCHED.info("a");
            ELSEWHERE.info("b");
            assertThat(logs.messages()).containsSubsequence("a", "b");
        }
    }

    @Test
    void nothingIsCapturedAfterCloseAndWhatWasStaysReadable() {
        CapturedLogs logs = CapturedLogs.logger(CapturedLogsTest.class);
        Logger mine = LoggerFactory.getLogger(CapturedLogsTest.class);
        mine.info("before close");
        logs.close();
        mine.info("after close");
        assertThat(logs.messages()).containsExactly("before close");
    }

    @Test
    void eventsKeepTheThrowableAndTheMdcOfTheMomentTheyWereLogged() {
        try (CapturedLogs logs = CapturedLogs.logger("capture.watched")) {
            MDC.put("run", "r1");
            try {
                WATCHED.error("failed", new IllegalStateException("boom"));
            } finally {
                MDC.remove("run");
            }
            ILoggingEvent event = logs.events().get(0);
            assertThat(event.getLevel()).isEqualTo(Level.ERROR);
            assertThat(event.getThrowableProxy().getMessage()).isEqualTo("boom");
            assertThat(event.getMDCPropertyMap()).containsEntry("run", "r1");
        }
    }

    @Test
    void ofGivesTheLinesLoggedWhileTheActionRan() throws Exception {
        List<String> lines = CapturedLogs.of("capture.watched", () -> WATCHED.debug("inside"));
        WATCHED.debug("outside");
        assertThat(lines).containsExactly("DEBUG inside");
    }

    @Test
    void eventsIsASnapshotThatLaterLoggingLeavesAlone() {
        try (CapturedLogs logs = CapturedLogs.logger("capture.watched")) {
            WATCHED.info("first");
            List<ILoggingEvent> snapshot = logs.events();
            WATCHED.info("second");
            assertThat(snapshot).hasSize(1);
            assertThat(logs.events()).hasSize(2);
        }
    }
}
