package io.metaingest.connectors.postgres;

import io.metaingest.api.EntityRequest;
import io.metaingest.api.Fqn;
import io.metaingest.api.Result;
import io.metaingest.connectors.postgres.CatalogRows.Relation;
import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The tables of a database read past relations another session has locked. PostgreSQL's deparsing
 * functions ({@code pg_get_viewdef} locks the relations a view reads, {@code pg_get_expr} the table of
 * a column default, {@code pg_get_partkeydef} the partitioned table) wait for a lock that an
 * {@code ALTER TABLE} or {@code VACUUM FULL} holds, so the database-wide catalog queries fail as a
 * whole at {@code lock_timeout}. Those queries stay the normal path (no extra round trip while
 * nothing is locked). After a lock timeout the server is asked once which relations are held back
 * ({@link LockHolders}): those fail at once, naming the lock and its session, instead of waiting
 * lock_timeout each. The relations not read yet are listed without any deparsing function, the ones
 * the filters leave out are counted as filtered without being touched, and the others are read in
 * batches of {@value #BATCH} with the same queries, each batch under a savepoint. A batch that still
 * times out (a lock taken since) asks again and fails what is held back now; only when that finds
 * nothing in the batch is it read relation by relation. So a run waits lock_timeout once, and once
 * more for each lock taken while it reads past the first, not once per relation.
 *
 * <p>A relation dropped by another session while the run reads (a migration during the ingestion) is
 * still listed by the run's snapshot, but a deparsing function that waited for the drop's lock then
 * finds it gone ({@link #droppedOid}). It no longer exists, so it is left out with a warning and the
 * others are read the same way: from the next relation on, in a new snapshot that no longer lists it,
 * or, within a batch, the batch again without it.
 */
final class LockedRelations {

    /** Relations per query after a lock timeout: few round trips, little to read again when one times out. */
    static final int BATCH = 500;

    /** What the metadata source does with the relations of one database. */
    interface Tables {
        /** Whether {@code relation} (names, kind and extension only) is read, or counted without reading it. */
        boolean reads(Relation relation);

        /** The result of a relation that is not read (filtered), or null when nothing is counted for it. */
        Result<EntityRequest> notRead(Relation relation);

        /** The relations of {@code reads} merged with their rows and mapped, as the normal path does. */
        Stream<Result<EntityRequest>> map(PostgresMetadataSource.TableReads reads);
    }

    private final Connection connection;
    private final SchemaScope scope;
    private final boolean ddl;
    private final LockTimeout lockTimeout;
    private final String dbFqn;
    private final Tables tables;
    /** What locks hold back, as last asked (after each lock timeout). */
    private LockHolders holders = LockHolders.NONE;

    LockedRelations(Connection connection, SchemaScope scope, boolean ddl, LockTimeout lockTimeout, String dbFqn,
                    Tables tables) {
        this.connection = connection;
        this.scope = scope;
        this.ddl = ddl;
        this.lockTimeout = lockTimeout;
        this.dbFqn = dbFqn;
        this.tables = tables;
    }

    /** Whether {@code failure} is a statement the server cancelled at lock_timeout. */
    static boolean isLockTimeout(Cursor.CatalogException failure) {
        return LockTimeout.SQLSTATE.equals(failure.getCause().getSQLState());
    }

    /** What a deparsing function says (SQLSTATE XX000) when the relation it waited for was dropped meanwhile. */
    private static final Pattern DROPPED = Pattern.compile("could not open relation with OID (\\d+)");

    /** The OID of the relation that {@code failure} found dropped after waiting for its lock, if that is what it says. */
    static OptionalLong droppedOid(SQLException failure) {
        if (failure == null || !"XX000".equals(failure.getSQLState()) || failure.getMessage() == null) {
            return OptionalLong.empty();
        }
        Matcher m = DROPPED.matcher(failure.getMessage());
        return m.find() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    }

    /** Whether {@code failure} is one the metadata's tables are read past: a lock timeout or a relation dropped. */
    static boolean isLockTimeoutOrDrop(Cursor.CatalogException failure) {
        return isLockTimeout(failure) || droppedOid(failure.getCause()).isPresent();
    }

    /**
     * The stream {@code start} opens (the normal path), and after a lock timeout, when it opens or
     * while it streams, what {@code rest} reads past the lock, given the timeout; {@code rollback} ends
     * the aborted transaction first. Other failures go on as they came. Shared by the metadata's tables
     * and the lineage's views.
     */
    static Stream<Result<EntityRequest>> resumeOnLockTimeout(Supplier<Stream<Result<EntityRequest>>> start,
                                                            Runnable rollback,
                                                            Function<SQLException, Stream<Result<EntityRequest>>> rest) {
        return resumeOn(LockedRelations::isLockTimeout, start, rollback, rest);
    }

    /** {@link #resumeOnLockTimeout}, resuming on the failures {@code resumable} accepts. */
    static Stream<Result<EntityRequest>> resumeOn(Predicate<Cursor.CatalogException> resumable,
                                                  Supplier<Stream<Result<EntityRequest>>> start, Runnable rollback,
                                                  Function<SQLException, Stream<Result<EntityRequest>>> rest) {
        Stream<Result<EntityRequest>> first;
        try {
            first = start.get();
        } catch (Cursor.CatalogException e) {
            if (!resumable.test(e)) {
                throw e;
            }
            rollback.run();
            return rest.apply(e.getCause());
        }
        Iterator<Result<EntityRequest>> normal = first.iterator();
        Iterator<Result<EntityRequest>> it = new Iterator<>() {
            private Iterator<Result<EntityRequest>> current = normal;

            @Override
            public boolean hasNext() {
                try {
                    return current.hasNext();
                } catch (Cursor.CatalogException e) {
                    if (current != normal || !resumable.test(e)) {
                        throw e;
                    }
                    first.close();
                    rollback.run();
                    current = rest.apply(e.getCause()).iterator();
                    return current.hasNext();
                }
            }

            @Override
            public Result<EntityRequest> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED), false)
                .onClose(first::close);
    }

    /**
     * The relations after oid {@code oid} (0: all) once a read gave up with {@code timeout}: those a
     * lock holds back fail at once, the others are read. When the read found a relation dropped instead
     * ({@link #droppedOid}), no lock was waited out: a warning says so and the others are read.
     */
    Stream<Result<EntityRequest>> after(long oid, SQLException timeout) {
        OptionalLong dropped = droppedOid(timeout);
        List<Result<EntityRequest>> notRead = new ArrayList<>();
        if (dropped.isPresent()) {
            // Its name went with it: the new snapshot no longer lists it.
            holders = LockHolders.NONE;
            notRead.add(Result.warning(dbFqn, "a relation (OID " + Long.toUnsignedString(dropped.getAsLong())
                    + ") " + DROPPED_WARNING));
        } else {
            holders = LockHolders.read(connection, ddl);
        }
        List<Relation> toRead = new ArrayList<>();
        try (Cursor<Relation> listed = Cursor.open(connection, CatalogQueries.relationsAfter(scope),
                rs -> new Relation(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), null, null, null,
                        null, null, null, null, null, rs.getString(5), null, null, null), oid)) {
            for (Relation r = listed.poll(); r != null; r = listed.poll()) {
                if (tables.reads(r) && holders.blocks(r.oid())) {
                    notRead.add(heldBack(r, timeout));
                } else if (tables.reads(r)) {
                    toRead.add(r);
                } else {
                    Optional.ofNullable(tables.notRead(r)).ifPresent(notRead::add);
                }
            }
        } catch (SQLException e) {
            throw new Cursor.CatalogException(e);
        }
        Stream<List<Relation>> batches = Stream.iterate(0, from -> from < toRead.size(), from -> from + BATCH)
                .map(from -> toRead.subList(from, Math.min(from + BATCH, toRead.size())));
        return Stream.concat(notRead.stream(), batches.flatMap(batch -> read(batch).stream()));
    }

    /**
     * One batch under a savepoint. When it waited for a lock after all: what a lock holds back now fails
     * and the rest is read again, or, when no lock is found in it, relation by relation.
     */
    private List<Result<EntityRequest>> read(List<Relation> batch) {
        Savepoint savepoint;
        try {
            savepoint = connection.setSavepoint();
        } catch (SQLException e) {
            throw new Cursor.CatalogException(e);
        }
        try {
            List<Result<EntityRequest>> results = readAll(batch);
            connection.releaseSavepoint(savepoint);
            return results;
        } catch (Cursor.CatalogException e) {
            OptionalLong dropped = droppedOid(e.getCause());
            Optional<Relation> gone = batch.stream()
                    .filter(r -> dropped.isPresent() && r.oid() == dropped.getAsLong()).findFirst();
            if (gone.isPresent()) {
                rollbackTo(savepoint);
                List<Result<EntityRequest>> results = new ArrayList<>();
                results.add(Result.warning(Fqn.append(dbFqn, gone.get().schema(), gone.get().name()), DROPPED_WARNING));
                List<Relation> rest = batch.stream().filter(r -> r != gone.get()).toList();
                if (!rest.isEmpty()) {
                    results.addAll(read(rest));
                }
                return results;
            }
            if (!isLockTimeout(e)) {
                throw e;
            }
            rollbackTo(savepoint);
            holders = LockHolders.read(connection, ddl);
            List<Relation> free = batch.stream().filter(r -> !holders.blocks(r.oid())).toList();
            if (free.size() < batch.size()) {
                List<Result<EntityRequest>> results = new ArrayList<>();
                batch.stream().filter(r -> holders.blocks(r.oid())).forEach(r -> results.add(heldBack(r, e.getCause())));
                if (!free.isEmpty()) {
                    results.addAll(read(free));
                }
                return results;
            }
            if (batch.size() > 1) {
                return batch.stream().flatMap(r -> read(List.of(r)).stream()).toList();
            }
            return List.of(heldBack(batch.get(0), e.getCause()));
        } catch (SQLException e) {
            throw new Cursor.CatalogException(e);
        }
    }

    /** The warning of a relation dropped while the run read it, after its name. */
    static final String DROPPED_WARNING = "was dropped by another session while the run read the catalog, so it is not"
            + " ingested (it no longer exists); the other tables and views were read without it";

    /** A relation that a lock holds back, failed with the lock timeout {@code waited} and who holds the lock when known. */
    private Result<EntityRequest> heldBack(Relation locked, SQLException waited) {
        String fqn = Fqn.append(dbFqn, locked.schema(), locked.name());
        return Result.failed(fqn, lockTimeout.locked(waited, holders.describe(locked.oid())));
    }

    private List<Result<EntityRequest>> readAll(List<Relation> batch) {
        List<Cursor<?>> opened = new ArrayList<>();
        try {
            Array oids = connection.createArrayOf("oid", batch.stream().map(Relation::oid).toArray());
            PostgresMetadataSource.TableReads reads = new PostgresMetadataSource.TableReads(
                    open(opened, CatalogQueries.COLUMN_COMMENTS_OF, CatalogRows.ColumnComment::read, oids),
                    open(opened, CatalogQueries.relations(scope, ddl, CatalogQueries.ONLY), Relation.reader(), oids),
                    open(opened, CatalogQueries.columns(scope, ddl, CatalogQueries.ONLY), CatalogRows.ColumnRow.reader(),
                            oids),
                    open(opened, CatalogQueries.constraints(scope, ddl, CatalogQueries.ONLY),
                            CatalogRows.ConstraintRow.reader(), oids));
            try (Stream<Result<EntityRequest>> mapped = tables.map(reads)) {
                return mapped.toList();
            }
        } catch (SQLException e) {
            throw new Cursor.CatalogException(e);
        } finally {
            opened.forEach(Cursor::close);
        }
    }

    private <T> Cursor<T> open(List<Cursor<?>> opened, String sql, Cursor.RowMapper<T> mapper, Array oids)
            throws SQLException {
        Cursor<T> cursor = Cursor.open(connection, sql, mapper, oids);
        opened.add(cursor);
        return cursor;
    }

    private void rollbackTo(Savepoint savepoint) {
        try {
            connection.rollback(savepoint);
        } catch (SQLException e) {
            throw new Cursor.CatalogException(e);
        }
    }
}
