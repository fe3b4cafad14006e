package io.metaingest.testconnectors;

import io.metaingest.api.ConnectionException;
import io.metaingest.api.ConnectionPath;
import io.metaingest.api.ConnectionTester;
import jakarta.inject.Inject;
import java.util.List;

/** Reaches the shelf unless its host is {@code down}; warns of the books whose mapping fails. */
public final class ShelfTester implements ConnectionTester {
    private final ShelfConnection connection;

    /** Created by the runtime's injector. */
    @Inject
    public ShelfTester(ShelfConnection connection) {
        this.connection = connection;
    }

    @Override
    public List<String> test() throws ConnectionException {
        connection.reach();
        if (connection.testerBug()) {
            throw new IllegalStateException("tester bug: index 3 out of bounds");
        }
        if (connection.picky()) {
            throw new ConnectionException(ConnectionException.Reason.SETTING, ConnectionPath.of("books")
                    + ": the shelf at " + connection.hostPort() + " holds none of these books; name books it holds");
        }
        String reached = "reached " + connection.hostPort() + (connection.username() == null ? "" : " as "
                + connection.username()) + ": " + connection.allBooks().size() + " books";
        if (connection.failOn().isEmpty()) {
            return List.of(reached);
        }
        return List.of(reached, WARNING + "a run cannot map " + String.join(", ", connection.failOn()));
    }
}
