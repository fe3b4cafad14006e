package io.metaingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.api.ConnectionTester;
import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.registry.ServiceSpecRegistry;
import io.metaingest.testconnectors.ShelfConnection;
import io.metaingest.testconnectors.ShelfSpec;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
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

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

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
        Path file = dir.resolve("shelf.yaml");
        Files.writeString(file, """
                source:
                  type: shelf
                  serviceName: shelf_svc
                  serviceConnection:
                    config: {type: Shelf, hostPort: "shelf:1", books: [a], password: %s}
                  sourceConfig:
                    config: {type: DatabaseMetadata}
                sink: {type: console}
                """.formatted(PASSWORD));
        Main main = new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                plugins -> new Metaingest(ServiceSpecRegistry.of(new MissingLibrarySpec()), Mappers.standard(),
                        Clock.systemUTC(), System::getenv));

        int code = Main.execute(main, "test-connection", "-c", file.toString());

        String printed = err.toString(StandardCharsets.UTF_8);
        assertThat(code).as(printed).isEqualTo(ExitCodes.FAILED);
        assertThat(printed.lines().toList()).containsExactly(
                "error: NoClassDefFoundError: com/acme/client/Session (opened with ******)",
                "(run with --debug for the stack trace)");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
