package io.metaingest.connectors.postgres;

import static io.metaingest.connectors.postgres.Golden.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaingest.api.SettingProblem;
import io.metaingest.runtime.config.ConfigProblem;
import io.metaingest.runtime.config.InvalidConfigException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The server settings of the connector's sessions: our defaults, the user's lock_timeout and
 * options from connectionOptions and connectionArguments, and the values that are refused when the
 * workflow file is read. {@code LockTimeoutTest} shows them taking effect on the server. Also how
 * the file may sign in: OpenMetadata's IAM and Azure alternatives are refused saying why.
 */
class SessionOptionsTest {

    @TempDir
    Path dir;

    private static final String DEFAULTS =
            "-c statement_timeout=300000 -c default_transaction_read_only=on -c lock_timeout=10000 -c work_mem=64MB";

    static PostgresConnection connection(Map<String, Object> options, Map<String, Object> arguments) {
        return Golden.JSON.convertValue(map("hostPort", "db:5432", "username", "u", "connectionOptions", options,
                "connectionArguments", arguments), PostgresConnection.class);
    }

    @Test
    void withoutSettingsTheDriverGetsOurDefaults() {
        Properties props = new PostgresClient(PostgresConnection.of("db:5432", "u", "p", "d")).properties();
        assertThat(props.getProperty("options")).isEqualTo(DEFAULTS);
    }

    @ParameterizedTest
    @CsvSource({"30000, 30000", "30s, 30000", "' 2min ', 120000", "1.5s, 1500", "1500us, 2", "0, 0", "1h, 3600000",
            "24d, 2073600000", "250ms, 250", ".5min, 30000"})
    void lockTimeoutInConnectionOptionsReplacesOurTenSeconds(String value, String millis) {
        PostgresConnection c = connection(map("lock_timeout", value), null);
        assertThat(c.sessionOptions().lockTimeout()).isEqualTo(millis);
        assertThat(new PostgresClient(c).properties().getProperty("options"))
                .isEqualTo(DEFAULTS.replace("lock_timeout=10000", "lock_timeout=" + millis));
        assertThat(new PostgresClient(c).properties()).doesNotContainKey("lock_timeout");
    }

    /**
     * The server enforces statement_timeout itself; a server process or a network that stops answering is
     * noticed only by the driver's read timeout, which by default is the statement timeout and a margin.
     */
    @Test
    void theReadTimeoutFollowsTheStatementTimeoutUnlessTheUserSetsOne() {
        assertThat(new PostgresClient(PostgresConnection.of("db:5432", "u", "p", "d")).properties()
                .getProperty("socketTimeout")).isEqualTo("330");
        assertThat(new PostgresClient(connection(null, map("options", "-c statement_timeout=1min"))).properties()
                .getProperty("socketTimeout")).isEqualTo("90");
        assertThat(new PostgresClient(connection(null, map("options", "-c statement_timeout=1500"))).properties()
                .getProperty("socketTimeout")).isEqualTo("32");
        // No statement timeout: no read timeout either, a statement may take as long as it takes.
        assertThat(new PostgresClient(connection(null, map("options", "-c statement_timeout=0"))).properties())
                .doesNotContainKey("socketTimeout");
        assertThat(new PostgresClient(connection(map("socketTimeout", "7"), map("options", "-c statement_timeout=1min")))
                .properties().getProperty("socketTimeout")).isEqualTo("7");
        assertThat(new PostgresClient(connection(null, map("socketTimeout", 0))).properties()
                .getProperty("socketTimeout")).isEqualTo("0");
    }

    /** What a read that timed out names is the timeout the connection really has. */
    @Test
    void theReadTimeoutInForceIsTheOneTheConnectionGets() {
        PostgresClient defaults = new PostgresClient(PostgresConnection.of("db:5432", "u", "p", "d"));
        assertThat(defaults.readTimeoutInForce()).isEqualTo(Long.parseLong(defaults.properties().getProperty("socketTimeout")))
                .isEqualTo(330);
        assertThat(defaults.readTimeoutInForce(60_000)).as("a profiler's per-table timeout of 60 s").isEqualTo(90);
        assertThat(defaults.readTimeoutInForce(0)).as("no statement timeout").isZero();
        PostgresClient userSet = new PostgresClient(connection(map("socketTimeout", "7"), map("options", "-c statement_timeout=1min")));
        assertThat(userSet.readTimeoutInForce()).isEqualTo(7);
        assertThat(userSet.readTimeoutInForce(60_000)).as("the user's value wins on every connection").isEqualTo(7);
        assertThat(new PostgresClient(connection(null, map("socketTimeout", "soon"))).readTimeoutInForce())
                .as("not a number: not named").isEqualTo(-1);
    }

    @Test
    void aNumberInConnectionArgumentsIsMilliseconds() {
        assertThat(connection(null, map("lock_timeout", 45000)).sessionOptions().lockTimeout()).isEqualTo("45000");
    }

    @Test
    void theUsersOptionsAreMergedWithOursAndConnectionArgumentsWin() {
        PostgresConnection c = connection(map("options", "-c search_path=sales -c lock_timeout=5s", "lock_timeout", "7s"),
                map("options", "--lock-timeout=2min -cstatement_timeout=10min -c Work_Mem=128MB -e"));
        SessionOptions session = c.sessionOptions();
        assertThat(session.settings()).containsExactly(Map.entry("statement_timeout", "10min"),
                Map.entry("default_transaction_read_only", "on"), Map.entry("lock_timeout", "120000"),
                Map.entry("work_mem", "128MB"), Map.entry("search_path", "sales"));
        assertThat(session.switches()).containsExactly("-e");
        assertThat(new PostgresClient(c).properties().getProperty("options")).isEqualTo("-c statement_timeout=10min"
                + " -c default_transaction_read_only=on -c lock_timeout=120000 -c work_mem=128MB -c search_path=sales -e");
    }

    @Test
    void catalogReadsAddNoParallelWorkersUnderTheUsersSettings() {
        assertThat(new PostgresClient(PostgresConnection.of("db:5432", "u", "p", "d")).forCatalogReads().properties()
                .getProperty("options")).isEqualTo(DEFAULTS + " -c max_parallel_workers_per_gather=0");
        PostgresConnection c = connection(null, map("options", "-c max_parallel_workers_per_gather=4"));
        assertThat(new PostgresClient(c).forCatalogReads().properties().getProperty("options"))
                .isEqualTo(DEFAULTS + " -c max_parallel_workers_per_gather=4");
    }

    @Test
    void withinOneMapTheLockTimeoutKeyWinsOverItsOptions() {
        PostgresConnection c = connection(map("options", "-c lock_timeout=5s", "lock_timeout", "7s"), null);
        assertThat(c.sessionOptions().lockTimeout()).isEqualTo("7000");
    }

    @Test
    void escapedWhiteSpaceSurvivesTheRoundTrip() {
        PostgresConnection c = connection(null, map("options", "-c search_path=sales,\\ \"my\\ schema\""));
        assertThat(c.sessionOptions().settings()).containsEntry("search_path", "sales, \"my schema\"");
        assertThat(c.sessionOptions().options()).endsWith(" -c search_path=sales,\\ \"my\\ schema\"");
        assertThat(SessionOptions.split(c.sessionOptions().options())).contains("search_path=sales, \"my schema\"");
    }

    @Test
    void readOnlyStaysOn() {
        assertThat(connection(null, map("options", "-c default_transaction_read_only=on")).sessionOptions()
                .settings()).containsEntry("default_transaction_read_only", "on");
        assertThatThrownBy(() -> SessionOptions.of(Map.of(), Map.of("options", "--default-transaction-read-only=off")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("connectionArguments.options: default_transaction_read_only=off is not allowed: metaingest"
                        + " only reads, so its sessions stay read-only; remove the setting");
    }

    private static final String HINT = "write milliseconds (30000) or a number and a unit, us, ms, s, min, h or d"
            + " (30s, 2min); 0 waits without limit";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "lock_timeout | soon | connectionOptions.lock_timeout | \"soon\" is not a duration: " + "HINT",
            "lock_timeout | 30 secs | connectionOptions.lock_timeout | \"30 secs\" is not a duration: " + "HINT",
            "lock_timeout | -5s | connectionOptions.lock_timeout | \"-5s\" is not a duration: " + "HINT",
            "lock_timeout | 30S | connectionOptions.lock_timeout | \"30S\" is not a duration: " + "HINT",
            "lock_timeout | 25d | connectionOptions.lock_timeout | \"25d\" is more than PostgreSQL allows (2147483647 ms,"
                    + " about 24 days): write a shorter time, or 0 to wait without limit",
            "options | -c lock_timeout=soon | connectionOptions.options | lock_timeout \"soon\" is not a duration: " + "HINT",
            "options | -c lock_timeout | connectionOptions.options | \"lock_timeout\" needs a value: write -c name=value,"
                    + " e.g. -c lock_timeout=30s",
            "options | -c search_path=x -c | connectionOptions.options | -c at the end needs a name=value after it,"
                    + " e.g. -c lock_timeout=30s"})
    void aValueTheServerWouldRefuseIsOneProblemNamingItsSetting(String key, String value, String setting, String message) {
        assertThat(connection(map(key, value), null).sessionOptionProblems())
                .containsExactly(new SettingProblem(setting, message.replace("HINT", HINT)));
        // Used directly (not through a workflow's load), the first problem is thrown.
        assertThatThrownBy(() -> connection(map(key, value), null).sessionOptions())
                .hasMessage(setting + ": " + message.replace("HINT", HINT));
    }

    @Test
    void everyRefusedValueOfBothMapsIsListed() {
        assertThat(connection(map("lock_timeout", "soon", "options", "-c default_transaction_read_only=off -c lock_timeout=abc"
                + " -c work_mem=8MB -c"), map("options", "-c lock_timeout=later", "lock_timeout", "25d")).sessionOptionProblems())
                .containsExactly(
                        new SettingProblem("connectionOptions.options", "default_transaction_read_only=off is not allowed:"
                                + " metaingest only reads, so its sessions stay read-only; remove the setting"),
                        new SettingProblem("connectionOptions.options", "lock_timeout \"abc\" is not a duration: " + HINT),
                        new SettingProblem("connectionOptions.options", "-c at the end needs a name=value after it,"
                                + " e.g. -c lock_timeout=30s"),
                        new SettingProblem("connectionOptions.lock_timeout", "\"soon\" is not a duration: " + HINT),
                        new SettingProblem("connectionArguments.options", "lock_timeout \"later\" is not a duration: " + HINT),
                        new SettingProblem("connectionArguments.lock_timeout", "\"25d\" is more than PostgreSQL allows"
                                + " (2147483647 ms, about 24 days): write a shorter time, or 0 to wait without limit"));
    }

    @Test
    void aLockTimeoutThatIsNoNumberIsRefused() {
        assertThatThrownBy(() -> SessionOptions.of(Map.of(), Map.of("lock_timeout", true)))
                .hasMessageStartingWith("connectionArguments.lock_timeout: \"true\" is not a duration");
    }

    @Test
    void theSchemaAndTheRecordAgreeOnLockTimeouts() throws Exception {
        for (String value : List.of("30000", "30s", " 2min ", "1.5s", ".5h", "0", "soon", "30 secs", "-5s", "30S", "5 m",
                "1e3", "")) {
            boolean schema = SpecAndConnectionTest.validate(Golden.JSON.writeValueAsString(map("hostPort", "db:5432",
                    "username", "u", "connectionOptions", map("lock_timeout", value)))).isEmpty();
            boolean record = connection(map("lock_timeout", value), null).sessionOptionProblems().isEmpty();
            assertThat(schema).as("schema accepts \"%s\"", value).isEqualTo(record);
        }
        assertThat(SpecAndConnectionTest.validate("{\"hostPort\": \"db:5432\", \"username\": \"u\","
                + " \"connectionArguments\": {\"lock_timeout\": -1}}")).isNotEmpty();
    }

    @Test
    void validateAndIngestReportABadValueWithItsPathAndExitCodeTwo() throws Exception {
        // The schema knows lock_timeout: its own path.
        assertThat(problems("connectionOptions: {lock_timeout: soon}")).containsExactly(
                "source.serviceConnection.config.connectionOptions.lock_timeout: has the wrong format; expected how long a"
                        + " catalog query waits for a lock another session holds before it fails (default 10s):"
                        + " milliseconds (30000) or a number and a unit, us, ms, s, min, h or d (30s, 2min); 0 waits"
                        + " without limit");
        // options is free text: the connector names the setting inside it, under the option's own path.
        // Only the connector's own words: no "Cannot construct instance of" from the JSON library.
        assertThat(problems("connectionArguments: {options: \"-c lock_timeout=soon\"}")).containsExactly(
                "source.serviceConnection.config.connectionArguments.options: lock_timeout \"soon\" is not a duration: "
                        + HINT);
        assertThat(problems("connectionOptions: {options: \"-c default_transaction_read_only=off\"}"))
                .containsExactly("source.serviceConnection.config.connectionOptions.options: default_transaction_read_only=off"
                        + " is not allowed: metaingest only reads, so its sessions stay read-only; remove the setting");
    }

    /**
     * pgjdbc ignores a property it does not know, so a server setting written as a key of either map would be
     * sent and have no effect (statement_timeout stayed metaingest's 5 min): refused at load, naming the setting
     * and the options line that sets it.
     */
    @Test
    void aServerSettingWrittenAsADriverPropertyIsRefusedNamingTheOptionsThatSetIt() throws Exception {
        assertThat(problems("connectionOptions: {statement_timeout: 10min}")).containsExactly(
                "source.serviceConnection.config.connectionOptions.statement_timeout: statement_timeout is a PostgreSQL"
                        + " server setting, which the JDBC driver ignores as a connection property; set it with"
                        + " connectionOptions.options: \"-c statement_timeout=10min\"");
        assertThat(problems("connectionArguments: {options: \"-c work_mem=8MB\", search_path: \"sales, public\"}"))
                .containsExactly("source.serviceConnection.config.connectionArguments.search_path: search_path is a"
                        + " PostgreSQL server setting, which the JDBC driver ignores as a connection property; set it by"
                        + " adding -c search_path=sales,\\ public to connectionArguments.options");
        assertThat(problems("connectionArguments: {shared_buffers: 1GB}")).containsExactly(
                "source.serviceConnection.config.connectionArguments.shared_buffers: shared_buffers is a PostgreSQL server"
                        + " setting, which the JDBC driver ignores as a connection property, and no session may change it"
                        + " (it is set in the server's configuration): remove it");
        // Used directly, the first is thrown; every one of both maps is listed.
        assertThatThrownBy(() -> connection(map("idle_in_transaction_session_timeout", "1min"), null).sessionOptions())
                .hasMessageStartingWith("connectionOptions.idle_in_transaction_session_timeout: idle_in_transaction_session_timeout"
                        + " is a PostgreSQL server setting");
        assertThat(connection(map("TimeZone", "UTC"), map("statement_timeout", 60000)).sessionOptionProblems())
                .extracting(SettingProblem::path)
                .containsExactly("connectionOptions.TimeZone", "connectionArguments.statement_timeout");
    }

    @Test
    void driverPropertiesAndOurOwnKeysAreNoServerSettings() {
        // ssl is a server setting too, but first the driver's property; application_name is libpq's ApplicationName.
        PostgresConnection c = connection(map("ssl", "false", "lock_timeout", "5s", "tcpKeepAlive", "true"),
                map("application_name", "nightly", "socketTimeout", 60, "options", "-c statement_timeout=10min"));
        assertThat(c.sessionOptionProblems()).isEmpty();
        Properties props = new PostgresClient(c).properties();
        assertThat(props.getProperty("ApplicationName")).isEqualTo("nightly");
        assertThat(props).doesNotContainKey("application_name");
        assertThat(props.getProperty("ssl")).isEqualTo("false");
        assertThat(props.getProperty("options")).contains("-c statement_timeout=10min");
    }

    /**
     * OpenMetadata hands these maps to libpq, so its workflows use libpq's keywords: those pgjdbc has are sent as its
     * properties, values translated; the two that keep sessions read-only stay on whatever the maps say.
     */
    @Test
    void libpqKeywordsAreSentAsTheDriversPropertiesAndReadOnlyStaysOn() {
        PostgresConnection c = connection(map("connect_timeout", "7", "keepalives", "0", "readOnlyMode", "ignore"),
                map("target_session_attrs", "prefer-standby", "gssencmode", "disable", "krbsrvname", "pgkrb",
                        "readOnly", false));
        Properties props = new PostgresClient(c).properties();
        assertThat(props).containsEntry("connectTimeout", "7").containsEntry("tcpKeepAlive", "false")
                .containsEntry("targetServerType", "preferSecondary").containsEntry("gssEncMode", "disable")
                .containsEntry("kerberosServerName", "pgkrb")
                .containsEntry("readOnly", "true").containsEntry("readOnlyMode", "always")
                .doesNotContainKeys("connect_timeout", "keepalives", "target_session_attrs", "gssencmode", "krbsrvname");
        assertThat(new PostgresClient(connection(null, map("target_session_attrs", "read-write"))).properties())
                .containsEntry("targetServerType", "primary");
    }

    /** Turning read-only off, or a libpq value pgjdbc has no equivalent of, is refused at load, one line each. */
    @Test
    void readOnlyOffAndAnUnknownTargetAreRefusedAtLoad() throws Exception {
        assertThat(problems("connectionArguments: {readOnly: false, target_session_attrs: writable}")).containsExactly(
                "source.serviceConnection.config.connectionArguments.readOnly: metaingest's sessions are always read-only"
                        + " (readOnly true), so readOnly cannot be false; remove it",
                "source.serviceConnection.config.connectionArguments.target_session_attrs: 'writable' is not one of"
                        + " libpq's values: any, prefer-standby, primary, read-only, read-write, standby");
    }

    /** A property the driver reads as a whole number, given text, is refused at load naming the key as written. */
    @Test
    void aWholeNumberPropertyGivenTextIsRefusedAtLoad() throws Exception {
        assertThat(problems("connectionArguments: {connect_timeout: abc, socketTimeout: 30, loginTimeout: soon}"))
                .containsExactly(
                        "source.serviceConnection.config.connectionArguments.connect_timeout: must be a whole number, not"
                                + " 'abc'; write e.g. connect_timeout: 10 (the JDBC driver's default)",
                        "source.serviceConnection.config.connectionArguments.loginTimeout: must be a whole number, not"
                                + " 'soon'; write e.g. loginTimeout: 0 (the JDBC driver's default)");
    }

    /**
     * A user or password in the maps would replace username and authType.password as the driver's properties, and a
     * refused sign-in would then blame those two: refused at load, naming the field to use, never quoting the value
     * (OpenMetadata's libpq would take them, but a second place for the credentials only hides which one is used).
     */
    @Test
    void aUserOrPasswordInTheMapsIsRefusedNamingTheFieldsThatSetThem() throws Exception {
        List<String> problems = problems("""
                connectionOptions: {user: limited}
                connectionArguments: {password: hunter2secret}""");
        assertThat(problems).containsExactly(
                "source.serviceConnection.config.connectionOptions.user: the user is set by"
                        + " source.serviceConnection.config.username, which a user here would silently replace; set it"
                        + " there and remove this key",
                "source.serviceConnection.config.connectionArguments.password: the password is set by"
                        + " source.serviceConnection.config.authType.password, which a password here would silently"
                        + " replace; set it there and remove this key");
        assertThat(String.join("\n", problems)).doesNotContain("hunter2secret");
    }

    /** pgjdbc ignores a property it does not know: the workflow's warning says so, once, with the likely fix. */
    @Test
    void aKeyTheDriverWouldIgnoreIsAWarningOfTheWorkflow() throws Exception {
        Path file = Workflows.unreachedMetadata(dir, """
                username: u
                connectionOptions: {sslMode: require, keepalives_idle: "30"}
                connectionArguments: {socketTimout: 60, connect_timeout: 5, ssl: "true"}""", "{type: DatabaseMetadata}");
        List<String> warnings = Workflows.runtime().load(file).warnings();
        assertThat(warnings).containsExactly(
                "source.serviceConnection.config.connectionOptions.keepalives_idle: libpq's keepalives_idle has no"
                        + " equivalent in the JDBC driver (pgjdbc), so it is ignored; remove it",
                "source.serviceConnection.config.connectionOptions.sslMode: not a connection property the JDBC driver"
                        + " (pgjdbc) knows, so it is ignored; did you mean 'sslmode'? (its properties are case-sensitive)",
                "source.serviceConnection.config.connectionArguments.socketTimout: not a connection property the JDBC"
                        + " driver (pgjdbc) knows, so it is ignored; correct it (see pgjdbc's connection properties) or"
                        + " remove it");
    }

    /** validate lists a bad value inside options with the workflow's other problems, not once they are fixed. */
    @Test
    void aBadOptionIsListedWithTheSchemasProblemsElsewhere() throws Exception {
        assertThat(problems("connectionArguments: {options: \"-c lock_timeout=abc -c default_transaction_read_only=no\"}",
                "{type: DatabaseMetadata, includeTabels: true}")).containsExactlyInAnyOrder(
                "source.sourceConfig.config.includeTabels: unknown field; did you mean 'includeTables'?",
                "source.serviceConnection.config.connectionArguments.options: lock_timeout \"abc\" is not a duration: " + HINT,
                "source.serviceConnection.config.connectionArguments.options: default_transaction_read_only=no is not allowed:"
                        + " metaingest only reads, so its sessions stay read-only; remove the setting");
    }

    /** OpenMetadata 1.6's other sign-in methods say why they are refused, not "unknown field". */
    @Test
    void iamAndAzureSignInAreRefusedSayingWhyAndTheFix() throws Exception {
        assertThat(problems("authType: {awsConfig: {awsRegion: us-east-1}}")).containsExactly(
                "source.serviceConnection.config.authType.awsConfig: not supported here: metaingest's Postgres connector"
                        + " signs in with a password only, not with an AWS IAM token; write authType: {password: ...} for"
                        + " a user with a password");
        assertThat(problems("authType: {azureConfig: {scopes: x}}")).containsExactly(
                "source.serviceConnection.config.authType.azureConfig: not supported here: metaingest's Postgres connector"
                        + " signs in with a password only, not with an Azure AD token; write authType: {password: ...} for"
                        + " a user with a password");
        // The refused alternatives are not offered as fields to write.
        assertThat(problems("authType: {secret: x}")).containsExactly(
                "source.serviceConnection.config.authType.secret: unknown field; known fields: password");
    }

    /** The problems {@code load} (what {@code validate} and {@code ingest} run first; exit code 2) finds. */
    private List<String> problems(String connectionExtra) throws Exception {
        return problems(connectionExtra, "{type: DatabaseMetadata}");
    }

    private List<String> problems(String connectionExtra, String sourceConfig) throws Exception {
        Path file = Workflows.unreachedMetadata(dir, "username: u\n" + connectionExtra, sourceConfig);
        InvalidConfigException e = org.assertj.core.api.Assertions.catchThrowableOfType(InvalidConfigException.class,
                () -> Workflows.runtime().load(file));
        assertThat(e).as("load refuses the file").isNotNull();
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }
}
