package io.metaingest.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.api.EntityRequest;
import io.metaingest.api.Result;
import io.metaingest.api.entity.CreateDatabaseSchemaRequest;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** A part of a database's read that fails, at its start or while it streams, fails alone. */
class CatalogPartsTest {

    private static final LockTimeout LOCKS = new LockTimeout("250ms");

    private static Result<EntityRequest> schema(String name) {
        return Result.ok(new CreateDatabaseSchemaRequest(name, null, null, "svc.db", null, null, null));
    }

    private static Cursor.CatalogException lockTimeout() {
        return new Cursor.CatalogException(new SQLException("ERROR: canceling statement due to lock timeout", "55P03"));
    }

    @Test
    void aPartThatFailsMidStreamIsOneFailureAndTheNextPartStillRunsAfterARollback() {
        List<String> calls = new ArrayList<>();
        Supplier<Stream<Result<EntityRequest>>> views = () -> Stream.of("v1", "v2", "v3").map(name -> {
            if (name.equals("v3")) {
                throw lockTimeout();
            }
            return schema(name);
        });
        Supplier<Stream<Result<EntityRequest>>> queries = () -> {
            calls.add("queries read");
            return Stream.of(schema("q1"));
        };
        List<Result<EntityRequest>> results = Stream.of(views, queries)
                .flatMap(part -> CatalogParts.guarded("svc.db", () -> calls.add("rollback"), LOCKS, 0, part)).toList();

        assertThat(results).hasSize(4);
        assertThat(results.get(2)).isInstanceOfSatisfying(Result.Failed.class, failed -> {
            assertThat(failed.error().name()).isEqualTo("svc.db");
            assertThat(failed.error().error()).contains("lock timeout").contains("lock_timeout (250ms)")
                    .contains("connectionArguments.options: \"-c lock_timeout=");
        });
        assertThat(results.get(3)).isEqualTo(schema("q1"));
        assertThat(calls).containsExactly("rollback", "queries read");
    }

    @Test
    void aServerThatWentAwayEndsTheRunAsAConnectionFailure() {
        Supplier<Stream<Result<EntityRequest>>> part = () -> Stream.of("s1", "s2").map(name -> {
            if (name.equals("s2")) {
                throw new Cursor.CatalogException(new SQLException(
                        "FATAL: terminating connection due to administrator command", "57P01"));
            }
            return schema(name);
        });
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CatalogParts.guarded("svc.db", () -> { }, LOCKS, 0, part).toList())
                .isInstanceOf(ConnectionLost.class)
                .hasMessage("lost the connection to PostgreSQL: FATAL: terminating connection due to administrator command")
                .hasCauseInstanceOf(io.metaingest.api.ConnectionException.class);
    }

    /** The driver's "Ran out of memory retrieving query results" is no failure of one database: the run ends. */
    @Test
    void runningOutOfMemoryInTheDriverIsThrownAsItIsNotCountedAsTheDatabasesFailure() {
        OutOfMemoryError oom = new OutOfMemoryError("Java heap space");
        Supplier<Stream<Result<EntityRequest>>> part = () -> Stream.of("s1", "s2").map(name -> {
            if (name.equals("s2")) {
                throw new Cursor.CatalogException(new SQLException("Ran out of memory retrieving query results.",
                        "53200", oom));
            }
            return schema(name);
        });
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CatalogParts.guarded("svc.db", () -> { }, LOCKS, 0, part).toList())
                .isSameAs(oom);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CatalogParts.guarded("svc.db", () -> { }, LOCKS, 0, () -> {
            throw new Cursor.CatalogException(new SQLException("Ran out of memory retrieving query results.", "53200", oom));
        }).toList()).isSameAs(oom);
    }

    /** A catalog query the server cancelled at statement_timeout (a lock wait longer than it, say) says so and how to fix it. */
    @Test
    void aCatalogQueryCancelledAtStatementTimeoutSaysWhatEndedItAndTheFix() {
        List<Result<EntityRequest>> results = CatalogParts.guarded("svc.db", () -> { }, LOCKS, 0, () -> {
            throw new Cursor.CatalogException(new SQLException("ERROR: canceling statement due to statement timeout",
                    "57014"));
        }).toList();

        assertThat(results).singleElement().isInstanceOfSatisfying(Result.Failed.class, failed ->
                assertThat(failed.error().error()).startsWith("cancelled at statement_timeout: a catalog query ran longer"
                        + " than the session allows (one waiting for a lock another session holds waits up to"
                        + " lock_timeout (250ms), which should stay below statement_timeout); raise statement_timeout with"
                        + " connectionArguments.options: \"-c statement_timeout=10min\""));
    }

    @Test
    void aPartThatCannotStartIsOneFailure() {
        List<String> calls = new ArrayList<>();
        List<Result<EntityRequest>> results = CatalogParts.guarded("svc.db", () -> calls.add("rollback"), LOCKS, 0, () -> {
            throw lockTimeout();
        }).toList();
        assertThat(results).singleElement().isInstanceOf(Result.Failed.class);
        assertThat(calls).containsExactly("rollback");
    }
}
