package io.metaingest.testconnectors;

import io.metaingest.api.ConnectionException;
import io.metaingest.api.ConnectionTester;
import jakarta.inject.Inject;
import java.util.List;

/** Reaches the shelf unless its host is {@code down}. */
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
        return List.of("reached " + connection.hostPort() + (connection.username() == null ? "" : " as " + connection.username())
                + ": " + connection.allBooks().size() + " books");
    }
}
