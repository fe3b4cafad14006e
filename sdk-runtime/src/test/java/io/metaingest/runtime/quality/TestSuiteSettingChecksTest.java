package io.metaingest.runtime.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.metaingest.api.SettingProblem;
import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.config.ConfigProblem;
import io.metaingest.runtime.config.InvalidConfigException;
import io.metaingest.runtime.exec.RunResult;
import io.metaingest.runtime.exec.RunState;
import io.metaingest.runtime.testing.ShelfWorkflows;
import io.metaingest.testconnectors.ShelfConnection;
import io.metaingest.testconnectors.ShelfExecutor;
import io.metaingest.testconnectors.ShelfSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each service of a test suite gets its connector's own checks of the settings (settingProblems, settingWarnings), as
 * a metadata workflow's {@code source.serviceConnection} does, located in its {@code serviceConnections} entry.
 */
class TestSuiteSettingChecksTest {

    private static final String ENTRY = "source.sourceConfig.config.serviceConnections[%d].serviceConnection.config";

    /**
     * The shelf with checks of its own: a host named "refused…" is a problem, one named "elsewhere…" a problem of this
     * machine, a user named "ann" a warning.
     */
    static final class CheckedShelf extends ShelfSpec {
        @Override
        public List<SettingProblem> settingProblems(Object connection, Record sourceConfig) {
            List<SettingProblem> found = new ArrayList<>();
            if (connection instanceof ShelfConnection shelf && shelf.hostPort().startsWith("refused")) {
                found.add(new SettingProblem("serviceConnection.config.hostPort", "refused by the shelf; name another host"));
            }
            if (connection instanceof ShelfConnection shelf && shelf.hostPort().startsWith("elsewhere")) {
                found.add(SettingProblem.ofThisMachine("serviceConnection.config.hostPort", "not on this machine"));
            }
            return found;
        }

        @Override
        public List<SettingProblem> settingWarnings(Object connection, Record sourceConfig) {
            return connection instanceof ShelfConnection shelf && "ann".equals(shelf.username())
                    ? List.of(new SettingProblem("serviceConnection.config.username", "ann reads only half the shelf"))
                    : List.of();
        }
    }

    @TempDir
    Path dir;

    private final Metaingest runtime = ShelfWorkflows.runtime(TestSuiteRunTest.CLOCK, new CheckedShelf());

    @BeforeEach
    void clearEvents() {
        ShelfExecutor.EVENTS.clear();
    }

    private Path write(String yaml) throws Exception {
        return TestSuiteRunTest.writeSuite(dir, yaml);
    }

    @Test
    void aServicesSettingProblemRefusesTheSuiteNamingItsEntry() throws Exception {
        String suite = TestSuiteRunTest.SUITE.replace("hostPort: \"beta:5432\"", "hostPort: \"refused:5432\"");
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> runtime.load(write(suite)));

        assertThat(e).as("was loaded without the connector's checks").isNotNull();
        assertThat(e.problems()).map(ConfigProblem::toString).containsExactly(
                ENTRY.formatted(1) + ".hostPort: refused by the shelf; name another host");
        assertThat(ShelfExecutor.EVENTS).isEmpty();
    }

    /** A problem of this machine stays one when located in its entry, so migrate's check can leave it out. */
    @Test
    void aServicesProblemOfThisMachineKeepsItsKindInItsEntry() throws Exception {
        String suite = TestSuiteRunTest.SUITE.replace("hostPort: \"beta:5432\"", "hostPort: \"elsewhere:5432\"");
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> runtime.load(write(suite)));

        assertThat(e).as("was loaded without the connector's checks").isNotNull();
        assertThat(e.problems()).containsExactly(
                new ConfigProblem(ENTRY.formatted(1) + ".hostPort", "not on this machine", true));
    }

    @Test
    void aServicesSettingWarningIsGivenOnceNamingItsEntry() throws Exception {
        String warning = ENTRY.formatted(0) + ".username: ann reads only half the shelf";
        assertThat(runtime.load(write(TestSuiteRunTest.SUITE)).warnings()).contains(warning);

        ByteArrayOutputStream console = new ByteArrayOutputStream();
        RunResult result = runtime.ingest(write(TestSuiteRunTest.SUITE), new Metaingest.IngestOptions(Optional.empty(),
                new PrintStream(console, true, StandardCharsets.UTF_8), new PrintStream(console, true, StandardCharsets.UTF_8),
                false, false));

        assertThat(result.state()).isEqualTo(RunState.SUCCESS);
        String printed = console.toString(StandardCharsets.UTF_8);
        Matcher m = Pattern.compile(Pattern.quote(warning)).matcher(printed);
        int times = 0;
        while (m.find()) {
            times++;
        }
        assertThat(times).as(printed).isEqualTo(1);
        assertThat(result.warnings()).containsOnlyOnce(warning);
    }
}
