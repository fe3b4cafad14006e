package io.metaingest.connectors.postgres;

import io.metaingest.api.SettingProblem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.postgresql.PGProperty;

/**
 * The keys of {@code connectionOptions} and {@code connectionArguments} as the JDBC driver takes them.
 * OpenMetadata hands these maps to libpq, so workflows written for it use libpq's keywords
 * ({@code connect_timeout}, {@code target_session_attrs}): those with a pgjdbc equivalent are sent as it,
 * with the value translated. pgjdbc ignores a property it does not know, so a key it would ignore (a
 * libpq keyword without equivalent, a misspelt or miscased property such as {@code sslMode}) is a warning
 * of the workflow rather than a silent no-op; and the two properties that keep every session read-only
 * cannot be turned off, and the sign-in's {@code user} and {@code password} belong to their own fields. Server settings ({@code statement_timeout}) and our own keys are
 * {@link SessionOptions}'.
 */
final class DriverProperties {

    /** pgjdbc's properties that keep metaingest's sessions read-only, with the value they always have. */
    static final Map<String, String> READ_ONLY = Map.of("readOnly", "true", "readOnlyMode", "always");

    /** libpq's keywords with a pgjdbc property, by libpq's name. */
    private static final Map<String, String> LIBPQ = Map.of(
            SessionOptions.LIBPQ_APPLICATION_NAME, "ApplicationName",
            "connect_timeout", "connectTimeout",
            "keepalives", "tcpKeepAlive",
            "target_session_attrs", "targetServerType",
            "gssencmode", "gssEncMode",
            "krbsrvname", "kerberosServerName");

    /** libpq's target_session_attrs values as pgjdbc's targetServerType. */
    private static final Map<String, String> TARGET_SERVER_TYPES = Map.of("any", "any", "read-write", "primary",
            "primary", "primary", "read-only", "secondary", "standby", "secondary", "prefer-standby", "preferSecondary");

    /** libpq's keywords whose behaviour pgjdbc does not offer. */
    private static final Set<String> LIBPQ_WITHOUT_EQUIVALENT = Set.of("keepalives_idle", "keepalives_interval",
            "keepalives_count", "tcp_user_timeout", "sslcompression", "sslcrl", "sslcrldir", "sslsni", "requirepeer",
            "ssl_min_protocol_version", "ssl_max_protocol_version", "passfile", "channel_binding", "load_balance_hosts",
            "service", "hostaddr", "client_encoding", "replication", "require_auth", "sslcertmode", "gsslib");

    /**
     * The driver's properties for the sign-in, by the field of the connection that sets them: in a map they would
     * replace that field's value unseen, and a refused sign-in names the field.
     */
    private static final Map<String, String> SIGN_IN = Map.of("user", "username", "password", "authType.password");

    private DriverProperties() {
    }

    /** The keys in alphabetical order: the bound maps keep none of the file's, and lines must come in one order. */
    private static List<String> sortedKeys(Map<String, ?> values) {
        return values.keySet().stream().sorted(String.CASE_INSENSITIVE_ORDER).toList();
    }

    /** The driver's name of a key: pgjdbc's for a libpq keyword it has, else the key as written. */
    static String name(String key) {
        return LIBPQ.getOrDefault(key, key);
    }

    /** The driver's value of a key's value: translated for libpq's keywords whose values differ. */
    static String value(String key, String value) {
        return switch (key) {
            case "keepalives" -> String.valueOf(!"0".equals(value.trim()));
            case "target_session_attrs" -> TARGET_SERVER_TYPES.getOrDefault(value.trim(), value);
            default -> value;
        };
    }

    /** Values sessions cannot use: a read-only property turned off, a libpq value with no pgjdbc equivalent. */
    static List<SettingProblem> problems(String map, Map<String, ?> values) {
        List<SettingProblem> problems = new ArrayList<>();
        if (values == null) {
            return problems;
        }
        for (String key : sortedKeys(values)) {
            String text = String.valueOf(values.get(key));
            String enforced = READ_ONLY.get(key);
            if (enforced != null && !enforced.equalsIgnoreCase(text.trim())) {
                problems.add(new SettingProblem(map + "." + key, "metaingest's sessions are always read-only ("
                        + key + " " + enforced + "), so " + key + " cannot be " + text + "; remove it"));
            } else if (SIGN_IN.containsKey(key)) {
                // The value is never quoted: it may be the password.
                problems.add(new SettingProblem(map + "." + key, "the " + key + " is set by "
                        + "source.serviceConnection.config." + SIGN_IN.get(key) + ", which a " + key
                        + " here would silently replace; set it there and remove this key"));
            } else if (key.equals("target_session_attrs") && !TARGET_SERVER_TYPES.containsKey(text.trim())) {
                problems.add(new SettingProblem(map + "." + key, "'" + text + "' is not one of libpq's values: "
                        + String.join(", ", TARGET_SERVER_TYPES.keySet().stream().sorted().toList())));
            } else if (wholeNumberDefault(key).isPresent() && !text.trim().matches("-?\\d+")) {
                // Else the connection fails later, naming the driver's property (connectTimeout), not this key.
                problems.add(new SettingProblem(map + "." + key, "must be a whole number, not '" + text + "'; write e.g. "
                        + key + ": " + wholeNumberDefault(key).get() + " (the JDBC driver's default)"));
            }
        }
        return problems;
    }

    /** The driver's default of a property it reads as a whole number ({@code connect_timeout}: 10), if the key is one. */
    private static Optional<String> wholeNumberDefault(String key) {
        PGProperty property = PGProperty.forName(name(key));
        String fallback = property == null ? null : property.getDefaultValue();
        return fallback != null && fallback.matches("-?\\d+") ? Optional.of(fallback) : Optional.empty();
    }

    /** Keys the driver would ignore, each said once with what to write instead. */
    static List<SettingProblem> warnings(String map, Map<String, ?> values) {
        List<SettingProblem> warnings = new ArrayList<>();
        if (values == null) {
            return warnings;
        }
        for (String key : sortedKeys(values)) {
            if (SessionOptions.isOwnKey(key) || LIBPQ.containsKey(key) || PGProperty.forName(key) != null
                    || SessionOptions.isServerSetting(key)) {
                continue; // sent, translated, or refused as a server setting
            }
            String ignored = map + "." + key;
            if (LIBPQ_WITHOUT_EQUIVALENT.contains(key)) {
                warnings.add(new SettingProblem(ignored, "libpq's " + key + " has no equivalent in the JDBC driver"
                        + " (pgjdbc), so it is ignored; remove it"));
                continue;
            }
            Optional<String> sameLetters = Arrays.stream(PGProperty.values()).map(PGProperty::getName)
                    .filter(name -> name.equalsIgnoreCase(key)).findFirst();
            warnings.add(new SettingProblem(ignored, "not a connection property the JDBC driver (pgjdbc) knows, so it"
                    + " is ignored" + sameLetters.map(name -> "; did you mean '" + name + "'? (its properties are"
                            + " case-sensitive)").orElse("; correct it (see pgjdbc's connection properties) or remove it")));
        }
        return warnings;
    }
}
