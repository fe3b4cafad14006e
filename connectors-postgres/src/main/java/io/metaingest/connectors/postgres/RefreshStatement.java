package io.metaingest.connectors.postgres;

import io.metaingest.toolkit.sql.ParsedQuery;
import io.metaingest.toolkit.sql.TableName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code REFRESH MATERIALIZED VIEW [CONCURRENTLY] name [WITH [NO] DATA]}, which the SQL parser reads
 * as a statement on no table. A refresh rewrites the view's rows from its query, so usage counts it
 * as a use of the view (a write of it, as OpenMetadata counts every table a statement names); the
 * tables the view's query reads are its view lineage, not this statement's.
 */
final class RefreshStatement {

    private static final String IDENT = "(?:\"(?:[^\"]|\"\")+\"|[\\p{L}_][\\p{L}\\p{N}_$]*)";
    private static final Pattern REFRESH = Pattern.compile("^\\s*refresh\\s+materialized\\s+view\\s+"
            + "(?:concurrently\\s+)?(" + IDENT + "(?:\\s*\\.\\s*" + IDENT + "){0,2})"
            + "(?:\\s+with\\s+(?:no\\s+)?data)?\\s*;?\\s*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern PART = Pattern.compile(IDENT);

    private RefreshStatement() {
    }

    /** The view a refresh statement names, as a write; empty for any other statement. */
    static Optional<ParsedQuery.Tables> parse(String sql) {
        Matcher m = sql == null ? null : REFRESH.matcher(sql);
        if (m == null || !m.matches()) {
            return Optional.empty();
        }
        String written = m.group(1);
        List<String> parts = new ArrayList<>(3);
        Matcher part = PART.matcher(written);
        while (part.find()) {
            String p = part.group();
            parts.add(p.startsWith("\"") ? p.substring(1, p.length() - 1).replace("\"\"", "\"") : p);
        }
        int n = parts.size();
        TableName view = new TableName(n == 3 ? parts.get(0) : null, n >= 2 ? parts.get(n - 2) : null,
                parts.get(n - 1), written);
        return Optional.of(new ParsedQuery.Tables(List.of(), List.of(view), List.of()));
    }
}
