package io.metaingest.api.entity;

/**
 * How the query records name a query for users (where it failed or was left out): its text as {@link QueryText}
 * shows it, where it ran, its day, and the text's hash, which keeps two queries with the same beginning apart.
 */
final class QueryNames {

    /** How much of the query's text a name shows. */
    private static final int SHOWN = 60;

    private QueryNames() {
    }

    /**
     * {@code query "SELECT * FROM orders WHERE …" on pg.shop.public.orders (2026-11-29, #472d6b5d)}.
     *
     * @param sql the query's text
     * @param on where it ran or what it touched
     * @param when its day or instant, as users read it
     */
    static String name(String sql, String on, String when) {
        return "query \"" + QueryText.shown(sql, SHOWN) + "\" on " + on + " (" + when + ", #"
                + Integer.toHexString(String.valueOf(sql).hashCode()) + ")";
    }
}
