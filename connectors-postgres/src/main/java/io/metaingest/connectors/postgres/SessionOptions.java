package io.metaingest.connectors.postgres;

import io.metaingest.api.SettingProblem;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server settings every session of the connector starts with, sent as the driver's
 * {@code options} ({@code -c name=value ...}): metaingest's defaults ({@link #DEFAULTS}), then the
 * user's, from {@code connectionOptions} and then {@code connectionArguments} (which win, as for every
 * driver property), each map's {@code options} string first and its {@code lock_timeout} key after.
 * A user's {@code options} used to replace ours whole, read-only and timeouts included; now its
 * settings are merged in, and {@code default_transaction_read_only} stays on whatever it says.
 *
 * @param settings each setting's name (lower case, {@code _} for {@code -}) and value, defaults first
 * @param switches the user's other server switches, passed on as written (e.g. {@code -e})
 */
record SessionOptions(Map<String, String> settings, List<String> switches) {

    /** The key of both maps that carries server switches, as libpq's and pgjdbc's {@code options}. */
    static final String OPTIONS = "options";
    /** The key of both maps that sets the lock timeout alone. */
    static final String LOCK_TIMEOUT = "lock_timeout";
    /**
     * libpq's keyword for pgjdbc's {@code ApplicationName}, as OpenMetadata's workflows pass it: the client
     * sends it as the driver's property, so it is no server setting to refuse.
     */
    static final String LIBPQ_APPLICATION_NAME = "application_name";

    /**
     * Ours: catalog statements are bounded (one that runs for minutes is a bug to report); every
     * transaction is read-only; a catalog query waits 10 s at most for a lock another session holds
     * (a busy catalog can ask for more through {@value #LOCK_TIMEOUT}); the column cursor sorts every
     * column of a database by relation, so that sort stays in memory.
     */
    static final Map<String, String> DEFAULTS = defaults();

    private static final String READ_ONLY = "default_transaction_read_only";
    /** What PostgreSQL reads as true: on, true, yes, 1, and unique prefixes of true and yes. */
    private static final Set<String> TRUE = Set.of("on", "true", "tru", "tr", "t", "yes", "ye", "y", "1");
    /** PostgreSQL's time units, in milliseconds; a number without one is milliseconds (lock_timeout's unit). */
    private static final Map<String, BigDecimal> UNITS = Map.of("us", new BigDecimal("0.001"), "ms", BigDecimal.ONE,
            "s", BigDecimal.valueOf(1_000), "min", BigDecimal.valueOf(60_000), "h", BigDecimal.valueOf(3_600_000),
            "d", BigDecimal.valueOf(86_400_000));
    /** The same shape as the connection schema's pattern for lock_timeout. */
    private static final Pattern DURATION =
            Pattern.compile("\\s*([0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)\\s*(us|ms|s|min|h|d)?\\s*");
    private static final String DURATION_HINT = "write milliseconds (30000) or a number and a unit, us, ms, s, min, h"
            + " or d (30s, 2min); 0 waits without limit";

    /** Copies the parts. */
    SessionOptions {
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        switches = List.copyOf(switches);
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("statement_timeout", Integer.toString(PostgresClient.STATEMENT_TIMEOUT_MILLIS));
        d.put(READ_ONLY, "on");
        d.put(LOCK_TIMEOUT, "10000");
        d.put("work_mem", "64MB");
        return Collections.unmodifiableMap(d);
    }

    /**
     * Our defaults with the user's settings applied.
     *
     * @throws IllegalArgumentException one line naming the first refused setting ({@code connectionArguments.options}),
     *                                  what is wrong and the fix; {@link #problems} lists them all
     */
    static SessionOptions of(Map<String, String> connectionOptions, Map<String, ?> connectionArguments) {
        List<SettingProblem> problems = new ArrayList<>();
        SessionOptions read = read(connectionOptions, connectionArguments, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(problems.get(0).path() + ": " + problems.get(0).message());
        }
        return read;
    }

    /**
     * Every value of the two maps that sessions could not start with, each naming its setting relative to
     * the connection ({@code connectionArguments.options}); a workflow's load reports them with its other
     * problems (see {@link PostgresSpec#settingProblems}).
     */
    static List<SettingProblem> problems(Map<String, String> connectionOptions, Map<String, ?> connectionArguments) {
        List<SettingProblem> problems = new ArrayList<>();
        read(connectionOptions, connectionArguments, problems);
        return List.copyOf(problems);
    }

    private static SessionOptions read(Map<String, String> connectionOptions, Map<String, ?> connectionArguments,
                                       List<SettingProblem> problems) {
        Map<String, String> settings = new LinkedHashMap<>(DEFAULTS);
        List<String> switches = new ArrayList<>();
        apply("connectionOptions", connectionOptions, settings, switches, problems);
        apply("connectionArguments", connectionArguments, settings, switches, problems);
        return new SessionOptions(settings, switches);
    }

    /**
     * These settings with {@code defaults} added under the user's: a setting the user gave keeps the
     * user's value. For sessions of one kind ({@link PostgresClient#forCatalogReads}).
     */
    SessionOptions withDefaults(Map<String, String> defaults) {
        Map<String, String> merged = new LinkedHashMap<>(settings);
        defaults.forEach(merged::putIfAbsent);
        return new SessionOptions(merged, switches);
    }

    /**
     * Where the user set server setting {@code name}, relative to the connection
     * ({@code connectionArguments.options}); null when only our default sets it. The last map that sets
     * it wins, as in {@link #of}.
     */
    static String origin(String name, Map<String, String> connectionOptions, Map<String, ?> connectionArguments) {
        String origin = null;
        for (Map.Entry<String, Map<String, ?>> map : List.<Map.Entry<String, Map<String, ?>>>of(
                Map.entry("connectionOptions", connectionOptions == null ? Map.of() : connectionOptions),
                Map.entry("connectionArguments", connectionArguments == null ? Map.of() : connectionArguments))) {
            Map<String, String> settings = new LinkedHashMap<>();
            apply(map.getKey(), map.getValue(), settings, new ArrayList<>(), new ArrayList<>());
            if (settings.containsKey(name)) {
                boolean ownKey = name.equals(LOCK_TIMEOUT) && map.getValue().containsKey(LOCK_TIMEOUT);
                origin = map.getKey() + "." + (ownKey ? LOCK_TIMEOUT : OPTIONS);
            }
        }
        return origin;
    }

    /** Whether a key of the maps is read here rather than passed to the driver as a property. */
    static boolean isOwnKey(String key) {
        return OPTIONS.equals(key) || LOCK_TIMEOUT.equals(key);
    }

    /** The lock timeout sessions get, in milliseconds. */
    String lockTimeout() {
        return settings.get(LOCK_TIMEOUT);
    }

    /**
     * The statement timeout sessions get, in milliseconds (0: none); empty when the setting is not one
     * this reads (the server then judges it).
     */
    java.util.OptionalLong statementTimeoutMillis() {
        try {
            return java.util.OptionalLong.of(Long.parseLong(millis(settings.get("statement_timeout"))));
        } catch (IllegalArgumentException e) {
            return java.util.OptionalLong.empty();
        }
    }

    /** The driver's {@code options} property. */
    String options() {
        List<String> words = new ArrayList<>();
        settings.forEach((name, value) -> {
            words.add("-c");
            words.add(escape(name + "=" + value));
        });
        switches.forEach(s -> words.add(escape(s)));
        return String.join(" ", words);
    }

    private static void apply(String map, Map<String, ?> values, Map<String, String> settings, List<String> switches,
                              List<SettingProblem> problems) {
        if (values == null) {
            return;
        }
        values.forEach((key, value) -> serverSettingAsProperty(map, key, value, values.get(OPTIONS) != null)
                .ifPresent(problems::add));
        Object options = values.get(OPTIONS);
        if (options != null) {
            applyOptions(map + "." + OPTIONS, String.valueOf(options), settings, switches, problems);
        }
        Object lockTimeout = values.get(LOCK_TIMEOUT);
        if (lockTimeout != null) {
            String path = map + "." + LOCK_TIMEOUT;
            try {
                settings.put(LOCK_TIMEOUT, millis(lockTimeout));
            } catch (IllegalArgumentException e) {
                problems.add(new SettingProblem(path, e.getMessage()));
            }
        }
    }

    /**
     * A key of the maps that names a PostgreSQL server setting rather than a driver property: pgjdbc ignores
     * properties it does not know, so {@code statement_timeout: 10min} would be sent and have no effect.
     * Refused, naming the way that works: {@code options}, or the server's configuration for a setting no
     * session may change. A pgjdbc property of the same name ({@code ssl}) is the driver's, and our own keys
     * are read here.
     */
    private static java.util.Optional<SettingProblem> serverSettingAsProperty(String map, String key, Object value,
                                                                            boolean hasOptions) {
        if (isOwnKey(key) || org.postgresql.PGProperty.forName(key) != null || LIBPQ_APPLICATION_NAME.equals(key)) {
            return java.util.Optional.empty();
        }
        String name = key.toLowerCase(Locale.ROOT).replace('-', '_');
        String context = ServerSettings.CONTEXTS.get(name);
        if (context == null) {
            return java.util.Optional.empty();
        }
        String ignored = name + " is a PostgreSQL server setting, which the JDBC driver ignores as a connection property";
        if (!ServerSettings.SESSION_CONTEXTS.contains(context)) {
            return java.util.Optional.of(new SettingProblem(map + "." + key, ignored + ", and no session may change it"
                    + " (it is set in the server's configuration): remove it"));
        }
        String option = "-c " + escape(name + "=" + (value instanceof Map || value instanceof List ? "…" : value));
        return java.util.Optional.of(new SettingProblem(map + "." + key, ignored + "; set it "
                + (hasOptions ? "by adding " + option + " to " + map + "." + OPTIONS
                        : "with " + map + "." + OPTIONS + ": \"" + option.replace("\\", "\\\\") + "\"")));
    }

    /** Whether a key of the maps names one of PostgreSQL's server settings (in any case, {@code -} for {@code _}). */
    static boolean isServerSetting(String key) {
        return ServerSettings.CONTEXTS.containsKey(key.toLowerCase(Locale.ROOT).replace('-', '_'));
    }

    /** PostgreSQL's server settings, from {@code /postgres/server-settings.tsv}. */
    private static final class ServerSettings {
        /** The contexts in which a session's startup options may set a setting. */
        static final Set<String> SESSION_CONTEXTS = Set.of("user", "superuser", "superuser-backend", "backend");
        /** Each setting's name (lower case) and context. */
        static final Map<String, String> CONTEXTS = read();

        private static Map<String, String> read() {
            Map<String, String> contexts = new java.util.HashMap<>();
            try (java.io.InputStream in = SessionOptions.class.getResourceAsStream("/postgres/server-settings.tsv")) {
                if (in == null) {
                    throw new IllegalStateException("/postgres/server-settings.tsv is missing from the connector's jar");
                }
                new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines()
                        .filter(line -> !line.isBlank() && !line.startsWith("#"))
                        .map(line -> line.split("\t"))
                        .forEach(fields -> contexts.put(fields[0], fields[1]));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return Map.copyOf(contexts);
        }
    }

    /**
     * Reads {@code -c name=value}, {@code -cname=value} and {@code --name=value} as the server does; each
     * word that cannot be used is one problem, and the others are still read.
     */
    private static void applyOptions(String path, String options, Map<String, String> settings, List<String> switches,
                                     List<SettingProblem> problems) {
        List<String> words = split(options);
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            String setting;
            if (word.equals("-c")) {
                if (i + 1 == words.size()) {
                    problems.add(new SettingProblem(path, "-c at the end needs a name=value after it,"
                            + " e.g. -c lock_timeout=30s"));
                    continue;
                }
                setting = words.get(++i);
            } else if (word.startsWith("-c") || word.startsWith("--")) {
                setting = word.substring(2);
            } else {
                switches.add(word);
                continue;
            }
            int eq = setting.indexOf('=');
            if (eq <= 0) {
                problems.add(new SettingProblem(path, "\"" + setting + "\" needs a value: write -c name=value,"
                        + " e.g. -c lock_timeout=30s"));
                continue;
            }
            // The server's own spelling rules: names are case-insensitive and --lock-timeout is lock_timeout.
            String name = setting.substring(0, eq).toLowerCase(Locale.ROOT).replace('-', '_');
            String value = setting.substring(eq + 1);
            if (name.equals(READ_ONLY) && !TRUE.contains(value.trim().toLowerCase(Locale.ROOT))) {
                problems.add(new SettingProblem(path, READ_ONLY + "=" + value + " is not allowed: metaingest"
                        + " only reads, so its sessions stay read-only; remove the setting"));
                continue;
            }
            try {
                settings.put(name, name.equals(LOCK_TIMEOUT) ? millis(value) : value);
            } catch (IllegalArgumentException e) {
                problems.add(new SettingProblem(path, LOCK_TIMEOUT + " " + e.getMessage()));
            }
        }
    }

    /**
     * A lock timeout as PostgreSQL reads it (a number, in milliseconds unless a unit follows), in
     * whole milliseconds: validated here, so a typo is a configuration error rather than a refused login.
     *
     * @throws IllegalArgumentException what is wrong with the value and the fix, without the setting's name
     */
    static String millis(Object value) {
        String text = String.valueOf(value);
        Matcher m = value instanceof String || value instanceof Number ? DURATION.matcher(text) : null;
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("\"" + text + "\" is not a duration: " + DURATION_HINT);
        }
        BigDecimal millis = new BigDecimal(m.group(1)).multiply(UNITS.get(m.group(2) == null ? "ms" : m.group(2)))
                .setScale(0, RoundingMode.HALF_EVEN);
        if (millis.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("\"" + text.trim() + "\" is more than PostgreSQL allows ("
                    + Integer.MAX_VALUE + " ms, about 24 days): write a shorter time, or 0 to wait without limit");
        }
        return millis.toPlainString();
    }

    /** The server's split of {@code options}: words between white space; a backslash takes the next character as is. */
    static List<String> split(String options) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < options.length(); i++) {
            char c = options.charAt(i);
            if (c == '\\' && i + 1 < options.length()) {
                word.append(options.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    private static String escape(String word) {
        StringBuilder out = new StringBuilder(word.length());
        for (char c : word.toCharArray()) {
            if (c == '\\' || Character.isWhitespace(c)) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
