package io.metaingest.connectors.postgres;

import io.metaingest.api.entity.TableData;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads at most {@code sampleDataCount} rows of a table, the first the server returns (a bounded read:
 * nothing beyond those rows' pages is read). Values become JSON scalars:
 * <ul>
 *   <li>numbers stay numbers, exact and written as PostgreSQL prints them ({@link PrintedNumber}:
 *   {@code 10000000000}, {@code 1e+20}, {@code 12.50}; NaN and infinities of floats and of {@code numeric}, which JSON lacks, as
 *   text: {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}), booleans stay booleans, null stays null;</li>
 *   <li>binary values ({@code bytea}) are never shown: they read {@code [binary, N bytes]};</li>
 *   <li>every other value is PostgreSQL's text form, as psql prints it (so a date's or timestamp's
 *   {@code infinity} reads {@code "infinity"}, an {@code inet} host {@code "10.0.0.1"}, not {@code "10.0.0.1/32"}), cut to {@value #MAX_CHARS} characters followed by
 *   {@code …} when longer (only that much of it is sent by the server).</li>
 * </ul>
 */
final class TableSampler {

    /** The longest text kept of one value. */
    static final int MAX_CHARS = 1_000;

    /** PostgreSQL's text of the numeric values that are no number. */
    private static final Set<String> NON_FINITE = Set.of("NaN", "Infinity", "-Infinity");

    /** The sampled rows of {@code target} (the caller ends the transaction). */
    TableData sample(Connection c, ProfileTarget target, int rows) throws SQLException {
        List<ProfileColumn> columns = target.columns();
        List<String> names = columns.stream().map(ProfileColumn::name).toList();
        if (columns.isEmpty()) {
            return new TableData(names, List.of());
        }
        StringBuilder select = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            ProfileColumn col = columns.get(i);
            select.append(i == 0 ? "" : ", ").append(expression(col)).append(" AS c").append(i);
        }
        String sql = CatalogQueries.MARKER + " SELECT " + select + " FROM " + target.qualified() + " LIMIT " + rows;
        List<List<Object>> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                List<Object> row = new ArrayList<>(columns.size());
                for (int i = 0; i < columns.size(); i++) {
                    row.add(value(rs, i + 1, columns.get(i)));
                }
                out.add(row);
            }
        }
        return new TableData(names, out);
    }

    private static String expression(ProfileColumn col) {
        if (col.binary()) {
            return "octet_length(" + col.quoted() + ")";
        }
        if (col.type().equals("bool")) {
            return col.quoted();
        }
        if (col.metrics() == ProfileColumn.Metrics.NUMBER) {
            // As the server prints it, whatever the driver's transfer format (a binary float8 would read as Java prints it).
            return col.quoted() + "::text";
        }
        // inet's cast to text always adds the netmask (10.0.0.1/32); format's %s is its output, as psql prints it.
        // format gives '' for NULL, which no address prints as: nullif keeps a missing value null.
        return "left(" + (col.type().equals("inet") ? "nullif(format('%s', " + col.quoted() + "), '')"
                : col.quoted() + "::text")
                + ", " + (MAX_CHARS + 1) + ")";
    }

    private static Object value(ResultSet rs, int index, ProfileColumn col) throws SQLException {
        if (col.binary()) {
            long bytes = rs.getLong(index);
            return rs.wasNull() ? null : "[binary, " + bytes + " bytes]";
        }
        if (col.type().equals("bool")) {
            boolean b = rs.getBoolean(index);
            return rs.wasNull() ? null : b;
        }
        if (col.metrics() == ProfileColumn.Metrics.NUMBER) {
            String n = rs.getString(index);
            return n == null ? null : NON_FINITE.contains(n) ? n : new PrintedNumber(n);
        }
        String text = rs.getString(index);
        return text != null && text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) + "…" : text;
    }
}
