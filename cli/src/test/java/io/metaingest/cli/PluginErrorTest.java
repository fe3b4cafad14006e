package io.metaingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.api.ConnectionTester;
import io.metaingest.runtime.registry.ServiceSpecRegistry;
import io.metaingest.testconnectors.ShelfConnection;
import io.metaingest.testconnectors.ShelfSpec;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A connector's code that fails with an {@link Error} rather than an exception, as a plugin whose
 * folder lacks a library does the first time it touches one of its classes (in a connection tester,
 * say): one masked line and exit 1, as for an exception, not the JVM's unmasked stack trace.
 */
class PluginErrorTest {

    private static final String PASSWORD = "pa55-word-XYZ";

    @TempDir
    Path dir;

    private final CapturedCli cli = new CapturedCli();

    /** The shelf, with a tester whose library is missing from its plugin folder. */
    public static final class MissingLibrarySpec extends ShelfSpec {
        @Override public Optional<Class<? extends ConnectionTester>> connectionTester() {
            return Optional.of(MissingLibraryTester.class);
        }
    }

    /** Fails as the JVM does when a class of the tester's library is not in the plugin's folder. */
    public static final class MissingLibraryTester implements ConnectionTester {
        private final ShelfConnection connection;

        /** Created by the runtime's injector. */
        @Inject
        public MissingLibraryTester(ShelfConnection connection) {
            this.connection = connection;
        }

        @Override
        public List<String> test() {
            throw new NoClassDefFoundError("com/acme/client/Session (opened with " + connection.password().reveal() + ")");
        }
    }

    @Test
    void anErrorOfTheConnectorsCodeIsOneMaskedLineAndExitOne() throws Exception {
        Path file = Files.writeString(dir.resolve("shelf.yaml"),
                ShelfWorkflows.toConsole("hostPort: \"shelf:1\", books: [a], password: " + PASSWORD));
        Main main = cli.main(plugins -> CapturedCli.runtime(ServiceSpecRegistry.of(new MissingLibrarySpec()),
                System.getenv()));

        int code = Main.execute(main, "test-connection", "-c", file.toString());

        String printed = cli.err();
        assertThat(code).as(printed).isEqualTo(ExitCodes.FAILED);
        assertThat(printed.lines().toList()).containsExactly(
                "error: NoClassDefFoundError: com/acme/client/Session (opened with ******)",
                "(run with --debug for the stack trace)");
        assertThat(cli.out()).isEmpty();
    }
}
