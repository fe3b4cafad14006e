package io.metaingest.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fully qualified names, built exactly as OpenMetadata's server builds them
 * ({@code service.database.schema.table}): parts joined by {@code .}, each part written by the server's
 * {@code quoteName} rule (see {@link #quote}). Parents are named by FQN in create requests and the
 * server matches them character for character, so any other quoting makes every child 404.
 *
 * <p>The rule leaves a name that contains a double quote as it is, so some FQNs can be built from more
 * than one list of names; {@link #split} then reads the one described there. In particular a name
 * that contains both {@code .} and {@code "} (PostgreSQL allows {@code "a.b""c"}) is written unquoted,
 * as the server writes it: the FQN still names the entity the server made (lookups, parents and lineage
 * match), but splitting it back gives the dot-separated pieces, not the name.
 */
public final class Fqn {

    /**
     * The entity types a service owns by FQN, with the number of parts of their FQN, the service's name first
     * ({@code table}: service, database, schema, table). OpenMetadata creates or updates such an entity by
     * this FQN, so two records with the same one are the same entity.
     */
    public static final Map<String, Integer> PARTS_BY_ENTITY_TYPE = Map.of(
            "database", 2, "databaseSchema", 3, "table", 4, "storedProcedure", 4,
            "pipeline", 2, "dashboard", 2, "chart", 2, "dashboardDataModel", 3);

    private Fqn() {
    }

    /** Joins parts into an FQN, quoting those that need it. */
    public static String build(String... parts) {
        StringBuilder fqn = new StringBuilder();
        boolean first = true;
        for (String part : parts) {
            if (part == null) {
                throw new IllegalArgumentException("an FQN part is null");
            }
            if (!first) {
                fqn.append('.'); // also after an empty first part: every part keeps its place
            }
            first = false;
            fqn.append(quote(part));
        }
        return fqn.toString();
    }

    /** Appends parts to an existing (already quoted) FQN. */
    public static String append(String fqn, String... parts) {
        return fqn + "." + build(parts);
    }

    /**
     * One name as an FQN part, by OpenMetadata's rule ({@code EntityInterfaceUtil.quoteName}): a name
     * that contains a double quote is left as it is; otherwise one that contains a dot is wrapped in
     * double quotes ({@code a.b} → {@code "a.b"}); any other name is left as it is.
     */
    public static String quote(String name) {
        if (name.indexOf('"') < 0 && name.indexOf('.') >= 0) {
            return '"' + name + '"';
        }
        return name;
    }

    /**
     * Splits an FQN into its names; it accepts any text. A part that starts with {@code "}, has a dot
     * before the next {@code "}, and ends at that quote (followed by a dot or the end) is a quoted name,
     * read without its quotes; any other part runs to the next dot, quotes included.
     *
     * <p>It is the inverse of {@link #build} for every list of names in which no name contains both
     * {@code .} and {@code "}, and no name starts with a {@code "} that is its only one: {@code "a} then
     * {@code b"} builds {@code "a.b"}, as {@code a.b} does, and this reads {@code a.b}. Whatever it reads,
     * building the names again gives the same FQN.
     */
    public static List<String> split(String fqn) {
        List<String> parts = new ArrayList<>();
        int i = 0;
        int n = fqn.length();
        while (true) {
            int end;
            if (i < n && fqn.charAt(i) == '"') {
                int close = fqn.indexOf('"', i + 1);
                if (close > 0 && fqn.lastIndexOf('.', close) > i && (close + 1 == n || fqn.charAt(close + 1) == '.')) {
                    parts.add(fqn.substring(i + 1, close));
                    end = close + 1;
                } else {
                    end = unquotedEnd(fqn, i);
                    parts.add(fqn.substring(i, end));
                }
            } else {
                end = unquotedEnd(fqn, i);
                parts.add(fqn.substring(i, end));
            }
            if (end >= n) {
                return List.copyOf(parts);
            }
            i = end + 1; // past the dot
        }
    }

    private static int unquotedEnd(String fqn, int from) {
        int dot = fqn.indexOf('.', from);
        return dot < 0 ? fqn.length() : dot;
    }
}
