package io.metaingest.testconnectors;

import io.metaingest.api.ConnectionException;
import io.metaingest.api.ConnectionPath;
import io.metaingest.api.Secret;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The shelf's connection: what the simulated server holds and how it behaves. Every optional field
 * gets its schema's default here, as the kit requires.
 *
 * @param type the service type
 * @param hostPort the server; the host {@code down} refuses at once, {@code hang} never answers, {@code picky}
 *                 answers but its connection test refuses the {@code books} setting, {@code stuck-close} serves
 *                 the books but the source's close never returns (a pool waiting for a connection never given
 *                 back), {@code buggy} has a connection tester that fails with a bug of its own, {@code lost-worker}
 *                 is read through a worker thread that dies of an out-of-memory error while the reader waits for its
 *                 answer for ever, ignoring interrupts (as a class-path scan's pool does), {@code refused-raw} fails
 *                 with the JDK's ConnectException, unwrapped, as a careless connector lets it through
 * @param books book names, one table each
 * @param count how many more books to add after {@code books}, named {@code b1}, {@code b2}, …
 * @param username the user paired with the password in HTTP Basic authentication
 * @param password the shelf's key (a secret)
 * @param failOn books whose mapping fails (a recorded failure naming the book)
 * @param explodeAfter throw from the stream after this many books (a fatal error); null never
 * @param hangAfterFirst block after the first book until interrupted (to test stopping a run)
 * @param leak echo the credentials in records, logs, failures and errors, as a careless server would
 *             (the masking canary)
 * @param queries the query log the usage workflow reads; empty: each book read once
 */
public record ShelfConnection(String type, String hostPort, List<String> books, Integer count, String username,
                              Secret password, List<String> failOn, Integer explodeAfter, Boolean hangAfterFirst,
                              Boolean leak, List<LoggedQuery> queries) {

    /** Applies the schema's defaults. */
    public ShelfConnection {
        books = books == null ? List.of() : List.copyOf(books);
        count = count == null ? 0 : count;
        failOn = failOn == null ? List.of() : List.copyOf(failOn);
        hangAfterFirst = hangAfterFirst != null && hangAfterFirst;
        leak = leak != null && leak;
        queries = queries == null ? List.of() : List.copyOf(queries);
    }

    /**
     * One entry of the query log.
     *
     * @param query the SQL
     * @param schema the schema it ran in, or null
     * @param at when it ran (ISO-8601)
     * @param executions how many times, or null for once
     */
    public record LoggedQuery(String query, String schema, String at, Long executions) {
    }

    /** Every book on the shelf: the named ones, then {@code b1} … {@code b<count>}. */
    public List<String> allBooks() {
        List<String> all = new ArrayList<>(books);
        for (int i = 1; i <= count; i++) {
            all.add("b" + i);
        }
        return all;
    }

    /** Fails as an unreachable server does when the host is {@code down}. */
    void reach() throws ConnectionException {
        if (hostPort != null && hostPort.startsWith("hang:")) {
            // A server that never answers, to test a stop while a connection is tested; the line tells the test when.
            System.err.println("shelf: waiting for " + hostPort);
            System.err.flush();
            try {
                new java.util.concurrent.CountDownLatch(1).await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectionException(ConnectionException.Reason.UNREACHABLE, "interrupted waiting for " + hostPort);
            }
        }
        if (hostPort != null && hostPort.startsWith("lost-worker:")) {
            Thread worker = new Thread(() -> {
                throw new OutOfMemoryError("Java heap space");
            }, "shelf-worker");
            worker.start();
            awaitForEver();
        }
        if (hostPort != null && hostPort.startsWith("refused-raw:")) {
            // A careless connector that lets the JDK's failure to connect through unwrapped (it has no message).
            throw new java.io.UncheckedIOException(new java.net.ConnectException());
        }
        if (hostPort != null && hostPort.startsWith("down:")) {
            throw new ConnectionException(ConnectionException.Reason.UNREACHABLE, "cannot reach " + hostPort
                    + "; check " + ConnectionPath.of("hostPort") + (leak ? ": " + echo() : ""));
        }
    }

    /** Blocks for ever, swallowing interrupts as a careless pool does: only the runtime's bound ends the wait. */
    static void awaitForEver() {
        java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
        while (true) {
            try {
                never.await();
            } catch (InterruptedException e) {
                // Swallowed.
            }
        }
    }

    /** Whether the source's close blocks for ever, ignoring interrupts, as a stuck pool's would. */
    boolean closeNeverReturns() {
        return hostPort != null && hostPort.startsWith("stuck-close:");
    }

    /** Whether the connection tester has a bug: it throws a RuntimeException of its own. */
    boolean testerBug() {
        return hostPort != null && hostPort.startsWith("buggy:");
    }

    /** Whether the server answers but refuses the {@code books} setting, as only a server can judge some settings. */
    boolean picky() {
        return hostPort != null && hostPort.startsWith("picky:");
    }

    /** The key, or empty when none is set. */
    String key() {
        return password == null ? "" : password.reveal();
    }

    /** What a careless server echoes: the secret as is, in the Basic header built from it, URL-encoded. */
    String echo() {
        String basic = Base64.getEncoder().encodeToString((username + ":" + key()).getBytes(StandardCharsets.UTF_8));
        return "{\"error\":\"bad credentials\",\"sent\":\"" + key() + "\",\"authorization\":\"Basic " + basic
                + "\",\"query\":\"pw=" + URLEncoder.encode(key(), StandardCharsets.UTF_8) + "\"}";
    }
}
