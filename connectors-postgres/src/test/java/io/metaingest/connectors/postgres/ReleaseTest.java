package io.metaingest.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReleaseTest {

    /** A connection that records the calls made on it; {@code rollback} fails when {@code broken}. */
    private static Connection recording(List<String> calls, boolean broken) {
        return (Connection) Proxy.newProxyInstance(ReleaseTest.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    calls.add(method.getName());
                    if (broken && method.getName().equals("rollback")) {
                        throw new SQLException("An I/O error occurred while sending to the backend.");
                    }
                    return null;
                });
    }

    @Test
    void rollsBackThenCloses() {
        List<String> calls = new ArrayList<>();
        PostgresClient.release(recording(calls, false));
        assertThat(calls).containsExactly("rollback", "close");
    }

    @Test
    void aBrokenConnectionIsStillClosed() {
        List<String> calls = new ArrayList<>();
        PostgresClient.release(recording(calls, true));
        assertThat(calls).containsExactly("rollback", "close");
    }
}
