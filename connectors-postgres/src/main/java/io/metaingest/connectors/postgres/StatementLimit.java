package io.metaingest.connectors.postgres;

import io.metaingest.api.ConnectionPath;
import java.util.OptionalLong;

/**
 * The statement timeout of the sessions that read tables' rows (profiler, auto-classification, test
 * suites) and the setting it comes from, so a statement cancelled at it names what to change. One rule
 * for every step: a {@code statement_timeout} the user sets in {@code connectionOptions} or
 * {@code connectionArguments} holds on all of metaingest's sessions, as it does on OpenMetadata's own
 * (libpq passes it to every session); a step's own limit (the profiler's {@code timeoutSeconds}) holds
 * besides it, so the shorter of the two ends a statement; without the user's, the step's limit replaces
 * metaingest's default, and a step without a limit of its own keeps the session's.
 *
 * @param millis  the timeout in milliseconds, 0 for none
 * @param setting what sets it, as messages name it: a config path, or metaingest's default
 */
public record StatementLimit(long millis, String setting) {

    private static final String STATEMENT_TIMEOUT = "statement_timeout";

    /**
     * The limit of {@code config}'s sessions for a step whose own limit is {@code stepMillis} (empty for
     * none; 0 for none either), named {@code stepSetting}.
     */
    public static StatementLimit of(PostgresConnection config, OptionalLong stepMillis, String stepSetting) {
        String userPath = SessionOptions.origin(STATEMENT_TIMEOUT, config.connectionOptions(),
                config.connectionArguments());
        OptionalLong session = config.sessionOptions().statementTimeoutMillis();
        StatementLimit user = userPath == null || session.isEmpty() ? null
                : new StatementLimit(session.getAsLong(), STATEMENT_TIMEOUT + " in " + ConnectionPath.of(userPath));
        StatementLimit step = stepMillis.isEmpty() ? null : new StatementLimit(stepMillis.getAsLong(), stepSetting);
        if (user == null) {
            return step != null ? step
                    : new StatementLimit(session.orElse(PostgresClient.STATEMENT_TIMEOUT_MILLIS),
                            STATEMENT_TIMEOUT + " (metaingest's default)");
        }
        if (step == null || step.millis == 0) {
            return user;
        }
        return user.millis == 0 || step.millis < user.millis ? step : user;
    }

    /**
     * What a statement the server cancelled at this limit read ({@code what}: "the table", "the test's
     * statement") and the fix, in one line; sampling is offered only when {@code sampleable} (a custom query
     * runs as written, whatever profileSample says).
     */
    public String cancelled(String what, boolean sampleable) {
        String sample = sampleable ? ", or sample it (profileSample)" : "";
        if (setting.startsWith(STATEMENT_TIMEOUT)) {
            String fix = setting.contains(" in ") ? "raise it there" : "raise it with " + ConnectionPath.of(
                    "connectionArguments." + SessionOptions.OPTIONS) + ": \"-c statement_timeout=10min\"";
            return "cancelled after " + setting + " (" + millis + " ms): " + what + " took longer; " + fix + sample;
        }
        return "cancelled after " + setting + " (" + (millis / 1000) + " s): " + what
                + " took longer; raise " + setting + (sampleable ? " or sample it (profileSample)" : "");
    }
}
