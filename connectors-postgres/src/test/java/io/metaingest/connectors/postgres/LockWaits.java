package io.metaingest.connectors.postgres;

import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.spy;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The lock-timeout errors (SQLSTATE 55P03) the server returned, per connection in the order the run
 * opened them, counted on a proxy of each connection; and the statements run, in order.
 */
final class LockWaits {
    final List<AtomicInteger> perConnection = new CopyOnWriteArrayList<>();
    final List<String> statements = new CopyOnWriteArrayList<>();
    boolean refuseSnapshotExport;
    /** Run once, on the run's next statement after it first asked the server which relations are locked. */
    Runnable afterLockQuery = () -> { };

    /** A client of {@code base}'s database with {@code lock_timeout} 300 ms whose connections this counts. */
    PostgresClient client(PostgresConnection base) throws Exception {
        PostgresConnection conn = new PostgresConnection(base.type(), base.scheme(), base.hostPort(), base.username(),
                base.authType(), base.database(), null, null, null, null, null, Map.of("lock_timeout", "300ms"));
        PostgresClient client = spy(new PostgresClient(conn));
        doAnswer(inv -> wrap((Connection) inv.callRealMethod())).when(client)
                .open(anyString());
        // The metadata source reads the catalog through a client of its own kind: counted the same way.
        PostgresClient catalog = spy(new PostgresClient(conn).forCatalogReads());
        doAnswer(inv -> wrap((Connection) inv.callRealMethod())).when(catalog).open(anyString());
        doReturn(catalog).when(client).forCatalogReads();
        return client;
    }

    /**
     * Locks {@code locked} ACCESS EXCLUSIVE in {@code holder}'s transaction (with a query text a failure must
     * never quote), and {@code lockedLater} once the run asked which locks are held; returns the holder's pid.
     */
    int hold(Connection holder, String lockedLater, String... locked) throws SQLException {
        holder.setAutoCommit(false);
        if (lockedLater != null) {
            afterLockQuery = () -> {
                try (Statement s = holder.createStatement()) {
                    s.execute("LOCK TABLE " + lockedLater + " IN ACCESS EXCLUSIVE MODE");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            };
        }
        try (Statement s = holder.createStatement()) {
            s.execute("SET lock_timeout = '10s'"); // a test that goes wrong fails instead of hanging
            for (String table : locked) {
                s.execute("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE /* s3cr3t-in-query */");
            }
            try (ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    Connection wrap(Connection real) {
        AtomicInteger count = new AtomicInteger();
        perConnection.add(count);
        return proxy(real, Connection.class, count);
    }

    @SuppressWarnings("unchecked")
    private <T> T proxy(T real, Class<T> type, AtomicInteger count) {
        InvocationHandler handler = (p, method, args) -> {
            if (args != null && args.length > 0 && args[0] instanceof String sql
                    && (method.getName().startsWith("prepare") || method.getName().startsWith("execute"))) {
                if (!statements.isEmpty() && statements.get(statements.size() - 1).contains("pg_locks")
                        && statements.stream().filter(q -> q.contains("pg_locks")).count() == 1) {
                    afterLockQuery.run();
                }
                statements.add(sql);
                if (refuseSnapshotExport && sql.contains("pg_export_snapshot")) {
                    throw new SQLException("snapshots cannot be exported here", "0A000");
                }
            }
            Object out;
            try {
                out = method.invoke(real, args);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof SQLException sql && LockTimeout.SQLSTATE.equals(sql.getSQLState())) {
                    count.incrementAndGet();
                }
                throw e.getCause();
            }
            Class<?> returned = method.getReturnType();
            if (out != null && returned.isInterface() && returned.getPackageName().equals("java.sql")
                    && (Statement.class.isAssignableFrom(returned) || returned == ResultSet.class)) {
                return proxy(out, (Class<Object>) returned, count);
            }
            return out;
        };
        return (T) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type}, handler);
    }

    /** Waits on the connection that reads past the lock (the first opened). */
    int main() {
        return perConnection.get(0).get();
    }

    /** Waits on the connections after the first. */
    List<Integer> readAhead() {
        return perConnection.stream().skip(1).map(AtomicInteger::get).toList();
    }

    /** Waits on all the connections. */
    int total() {
        return perConnection.stream().mapToInt(AtomicInteger::get).sum();
    }
}
