package io.metaingest.connectors.postgres;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
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
