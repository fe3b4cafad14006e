package io.metaingest.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The secret check looks at what a connector logs through SLF4J, or says that it could not. */
class LoggedSecretsTest {

    private static final String SECRETS = "conformance() / secrets: never appear in records, report, console or logs (every run)";

    @Test
    void aSecretLoggedThroughSlf4jFailsTheSecretCheckNamingTheLogs() {
        KitLauncher.Outcome outcome = KitLauncher.run(LoggedSecretKit.class);
        // Standard output too: Logback's default console appender, which a logback-test.xml may turn off.
        assertThat(outcome.onlyFailure(SECRETS)).contains("the metadata-1 run: a secret (as is) appears in its"
                        + " standard output, logs, first: '")
                .contains("$LoggingSource -- shelf: opening with key <the secret>'")
                .doesNotContain(io.metaingest.testkit.shelf.ShelfKit.PASSWORD);
    }

    /**
     * An author's test class path without an SLF4J provider (Logback excluded): SLF4J drops the
     * logged secret, and the check fails saying the logs were not checked, rather than pass.
     */
    @Test
    void withoutAnSlf4jProviderTheSecretCheckFailsSayingTheLogsWereNotChecked() throws Exception {
        String classPath = Arrays.stream(testClassPath().split(File.pathSeparator))
                .filter(entry -> !Path.of(entry).getFileName().toString().startsWith("logback-"))
                .collect(Collectors.joining(File.pathSeparator));
        assertThat(classPath).as("the test class path is a list of entries").contains("slf4j-api")
                .doesNotContain("logback-classic");
        Process kit = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                classPath, KitMain.class.getName(), LoggedSecretKit.class.getName()).redirectErrorStream(true).start();
        kit.getOutputStream().close();
        String printed = new String(kit.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(kit.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(printed).contains("PASSED conformance() / metadata workflow: a run emits records")
                .contains("FAILED " + SECRETS + " → java.lang.AssertionError: [secrets: never appear in records, report,"
                        + " console or logs (every run)] logs not checked: no SLF4J provider on the test class path, so"
                        + " SLF4J drops every line a connector logs (a logged secret would go unseen); add"
                        + " ch.qos.logback:logback-classic in test scope (sdk-testkit brings it: do not exclude it)");
    }

    /** Surefire's test class path (its own java.class.path is a manifest-only jar). */
    private static String testClassPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    static class LoggedSecretKit extends BrokenConnectorsTest.BrokenKit {
        @Override protected String serviceType() { return "LoggedSecret"; }
    }

    /**
     * A canary password in a plain string field the schema does not mark: the runtime does not know
     * it is a secret, the kit does (a canary is one wherever it is set), and sees it in the logs. In a
     * JVM of its own whose output is read here, not printed: the connector logs the canary itself, which
     * the build's canary check must not find in this module's test output.
     */
    @Test
    void aCanaryInAnUnmarkedFieldLoggedThroughSlf4jFailsNamingTheLogsAndTheField() throws Exception {
        Process kit = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                testClassPath(), KitMain.class.getName(), ProxyPasswordKit.class.getName()).redirectErrorStream(true).start();
        kit.getOutputStream().close();
        String printed = new String(kit.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(kit.waitFor(2, TimeUnit.MINUTES)).isTrue();
        String secrets = printed.lines().filter(line -> line.startsWith("FAILED " + SECRETS)).findFirst().orElse("");
        boolean leakedHere = secrets.contains(io.metaingest.testkit.canary.Canary.PASSWORD);
        assertThat(leakedHere).as("the failure names the secret by its placeholder, never as is").isFalse();
        assertThat(secrets).as("the secret check's failure").contains("the metadata-1 run: a secret (as is) appears in its")
                .contains("logs, first: '")
                .contains("$ProxyLoggingSource -- shelf: via proxy with password <the secret>'");
        assertThat(printed.lines().filter(line -> line.startsWith("FAILED conformance() / connection: the schema marks"
                + " format: password exactly the fields the record types Secret")).findFirst().orElse(""))
                .contains("proxyPassword is named like a credential but is neither format: password in"
                        + " /schemas/ProxyPasswordConnection.json nor a Secret in BrokenSpecs.ProxyConnection.proxyPassword,"
                        + " so only the console of metaingest ingest masks it (by its name): validate, test-connection,"
                        + " the run report, the records and the record's toString show it as is; mark it format: password"
                        + " and type it io.metaingest.api.Secret");
    }

    static class ProxyPasswordKit extends BrokenConnectorsTest.BrokenKit {
        @Override protected String serviceType() { return "ProxyPassword"; }

        @Override
        protected java.util.Set<Capability> capabilities() {
            return java.util.EnumSet.of(Capability.FILTER_PATTERNS);
        }

        @Override
        protected java.util.Map<io.metaingest.api.WorkflowKind, String> workflows() {
            return java.util.Map.of(io.metaingest.api.WorkflowKind.METADATA, io.metaingest.testkit.shelf.ShelfKit.workflow(
                    serviceType(), "proxypassword", "DatabaseMetadata",
                    "hostPort: \"shelf:1\", proxyPassword: \"" + io.metaingest.testkit.canary.Canary.PASSWORD + "\""));
        }
    }
}
