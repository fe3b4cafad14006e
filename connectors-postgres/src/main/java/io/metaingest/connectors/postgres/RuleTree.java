package io.metaingest.connectors.postgres;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a view's stored rule ({@code pg_rewrite.ev_action}, PostgreSQL's serialized query tree) to
 * learn which source columns each view column is computed from. This is the catalog's own record of
 * the view, resolved by the server when the view was created: no SQL text is parsed. A tree we
 * cannot follow yields no column lineage; table lineage still comes from {@code pg_depend}.
 */
final class RuleTree {

    /** A column of a relation: its oid and attribute number. */
    record ColumnRef(long relid, int attnum) {
    }

    private final String text;
    private int pos;

    private RuleTree(String text) {
        this.text = text;
    }

    /**
     * Maps each output column of the view to the source columns it reads.
     *
     * @param evAction {@code pg_rewrite.ev_action::text}
     * @return view column name → source columns, in the view's column order
     * @throws IllegalArgumentException when the text is not a query tree we understand
     */
    static Map<String, Set<ColumnRef>> columnSources(String evAction) {
        Object parsed = new RuleTree(evAction).value();
        Map<?, ?> query = firstQuery(parsed);
        if (query == null) {
            throw new IllegalArgumentException("no QUERY node in the rule");
        }
        Map<String, Set<ColumnRef>> out = new LinkedHashMap<>();
        for (Object te : list(query.get("targetList"))) {
            if (te instanceof Map<?, ?> entry && !"true".equals(entry.get("resjunk"))) {
                Set<ColumnRef> refs = new LinkedHashSet<>();
                resolve(entry.get("expr"), query, List.of(), refs, 0);
                out.put(unescape(String.valueOf(entry.get("resname"))), refs);
            }
        }
        return out;
    }

    private static Map<?, ?> firstQuery(Object parsed) {
        if (parsed instanceof Map<?, ?> m && "QUERY".equals(m.get("_type"))) {
            return m;
        }
        for (Object o : list(parsed)) {
            if (o instanceof Map<?, ?> m && "QUERY".equals(m.get("_type"))) {
                return m;
            }
        }
        return null;
    }

    /**
     * Collects the base-table columns {@code node} reads in the scope of {@code query};
     * {@code outer} holds the enclosing queries, for CTEs defined further out.
     */
    private static void resolve(Object node, Map<?, ?> query, List<Map<?, ?>> outer, Set<ColumnRef> out, int depth) {
        if (depth > 64 || node == null) {
            return;
        }
        if (node instanceof List<?> l) {
            for (Object o : l) {
                resolve(o, query, outer, out, depth + 1);
            }
            return;
        }
        if (!(node instanceof Map<?, ?> m)) {
            return;
        }
        String type = String.valueOf(m.get("_type"));
        if ("QUERY".equals(type)) {
            return; // a sub-select's own columns feed a filter or a scalar, not this column's value
        }
        if ("VAR".equals(type)) {
            if (!"0".equals(m.get("varlevelsup"))) {
                return;
            }
            int varno = Integer.parseInt(String.valueOf(m.get("varno")));
            int attno = Integer.parseInt(String.valueOf(m.get("varattno")));
            List<?> rtable = list(query.get("rtable"));
            if (varno < 1 || varno > rtable.size() || attno < 1 || !(rtable.get(varno - 1) instanceof Map<?, ?> rte)) {
                return;
            }
            switch (String.valueOf(rte.get("rtekind"))) {
                case "0" -> out.add(new ColumnRef(Long.parseLong(String.valueOf(rte.get("relid"))), attno));
                case "1" -> {
                    if (rte.get("subquery") instanceof Map<?, ?> sub) {
                        resolve(targetExpr(sub, attno), sub, push(outer, query), out, depth + 1);
                    }
                }
                case "2" -> {
                    List<?> aliases = list(rte.get("joinaliasvars"));
                    if (attno <= aliases.size()) {
                        resolve(aliases.get(attno - 1), query, outer, out, depth + 1);
                    }
                }
                case "6" -> {
                    Map<?, ?> scope;
                    Object levels = rte.get("ctelevelsup");
                    int up = levels == null ? 0 : Integer.parseInt(String.valueOf(levels));
                    List<Map<?, ?>> chain = push(outer, query);
                    if (up >= chain.size()) {
                        return;
                    }
                    scope = chain.get(chain.size() - 1 - up);
                    for (Object cte : list(scope.get("cteList"))) {
                        if (cte instanceof Map<?, ?> c && String.valueOf(c.get("ctename")).equals(String.valueOf(rte.get("ctename")))
                                && c.get("ctequery") instanceof Map<?, ?> cq) {
                            resolve(targetExpr(cq, attno), cq, chain, out, depth + 1);
                        }
                    }
                }
                default -> {
                    // functions, VALUES lists: no table behind them
                }
            }
            return;
        }
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!"_type".equals(e.getKey())) {
                resolve(e.getValue(), query, outer, out, depth + 1);
            }
        }
    }

    private static List<Map<?, ?>> push(List<Map<?, ?>> outer, Map<?, ?> query) {
        List<Map<?, ?>> chain = new ArrayList<>(outer);
        chain.add(query);
        return chain;
    }

    private static Object targetExpr(Map<?, ?> query, int resno) {
        for (Object te : list(query.get("targetList"))) {
            if (te instanceof Map<?, ?> entry && String.valueOf(resno).equals(entry.get("resno"))) {
                return entry.get("expr");
            }
        }
        return null;
    }

    private static List<?> list(Object o) {
        return o instanceof List<?> l ? l : List.of();
    }

    private static String unescape(String token) {
        StringBuilder sb = new StringBuilder(token.length());
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '\\' && i + 1 < token.length()) {
                c = token.charAt(++i);
            }
            sb.append(c);
        }
        return sb.toString();
    }

    // --- a small reader for PostgreSQL's node text format -----------------------------------------

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private Object value() {
        skipSpace();
        if (pos >= text.length()) {
            throw new IllegalArgumentException("unexpected end of rule text");
        }
        char c = text.charAt(pos);
        if (c == '{') {
            pos++;
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("_type", atom());
            while (true) {
                skipSpace();
                if (pos >= text.length()) {
                    throw new IllegalArgumentException("unterminated node");
                }
                if (text.charAt(pos) == '}') {
                    pos++;
                    return node;
                }
                String key = atom();
                if (!key.startsWith(":")) {
                    continue; // a second value of the previous field, e.g. a Const's datum bytes
                }
                skipSpace();
                char n = pos < text.length() ? text.charAt(pos) : '}';
                node.put(key.substring(1), n == '}' || (n == ':' && isFieldStart()) ? null : value());
            }
        }
        if (c == '(' || c == '[') {
            char close = c == '(' ? ')' : ']';
            pos++;
            List<Object> items = new ArrayList<>();
            while (true) {
                skipSpace();
                if (pos >= text.length()) {
                    throw new IllegalArgumentException("unterminated list");
                }
                if (text.charAt(pos) == close) {
                    pos++;
                    return items;
                }
                items.add(value());
            }
        }
        return atom();
    }

    private boolean isFieldStart() {
        return pos + 1 < text.length() && Character.isLetter(text.charAt(pos + 1));
    }

    private String atom() {
        skipSpace();
        int start = pos;
        if (pos < text.length() && text.charAt(pos) == '"') {
            pos++;
            while (pos < text.length() && text.charAt(pos) != '"') {
                pos += text.charAt(pos) == '\\' ? 2 : 1;
            }
            pos++;
            return text.substring(start + 1, Math.min(pos - 1, text.length()));
        }
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\\') {
                pos += 2;
                continue;
            }
            if (Character.isWhitespace(c) || c == '(' || c == ')' || c == '{' || c == '}' || c == '[' || c == ']') {
                break;
            }
            pos++;
        }
        if (start == pos) {
            // a lone bracket where an atom was expected: consume it so the reader always progresses
            pos++;
            return text.substring(start, pos);
        }
        return text.substring(start, Math.min(pos, text.length()));
    }
}
