package io.metaingest.api.entity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A usage run's filtered or failed log entries are named as users read them, like the published queries. */
class QueryLogNamesTest {

    private static final String SQL = "SELECT *\n  FROM orders\n WHERE id = $1";
    private static final String HASH = Integer.toHexString(SQL.hashCode());

    @Test
    void aLogEntryIsNamedByItsTextItsDatabaseAndItsDay() {
        TableQuery entry = new TableQuery(SQL, "alice", "2026-11-29T00:00:00Z", "local_pg", "shop", "public", 2.0, 3L);

        assertThat(entry.key()).isEqualTo("query \"SELECT * FROM orders WHERE id = $1\" on local_pg.shop"
                + " (2026-11-29T00:00:00Z, #" + HASH + ")");
    }

    @Test
    void aLogEntryWithoutDatabaseOrDateIsStillNamed() {
        TableQuery entry = new TableQuery(SQL, null, null, "local_pg", null, null, null, null);

        assertThat(entry.key()).isEqualTo("query \"SELECT * FROM orders WHERE id = $1\" on local_pg (no date, #"
                + HASH + ")");
    }

    @Test
    void parsedDataIsNamedByTheTablesItTouched() {
        ParsedData one = new ParsedData(List.of("local_pg.shop.public.orders", "local_pg.shop.public.customers"), SQL,
                "local_pg", "shop", "alice", "2026-11-29", 2.0, 1L);
        ParsedData none = new ParsedData(List.of(), SQL, "local_pg", "shop", "alice", "2026-11-29", 2.0, 1L);

        assertThat(one.key()).isEqualTo("query \"SELECT * FROM orders WHERE id = $1\" on local_pg.shop.public.orders"
                + " and 1 more (2026-11-29, #" + HASH + ")");
        assertThat(none.key()).isEqualTo("query \"SELECT * FROM orders WHERE id = $1\" on local_pg.shop (2026-11-29, #"
                + HASH + ")");
    }

    @Test
    void theSameTextOnTwoDaysIsTwoEntries() {
        TableQuery monday = new TableQuery(SQL, "alice", "2026-11-30T00:00:00Z", "pg", "shop", null, null, 1L);
        TableQuery tuesday = new TableQuery(SQL, "alice", "2026-12-01T00:00:00Z", "pg", "shop", null, null, 1L);

        assertThat(monday.key()).isNotEqualTo(tuesday.key());
    }
}
