package io.metaingest.testconnectors;

import io.metaingest.api.ConnectionException;
import io.metaingest.api.ConnectionTester;
import io.metaingest.api.Result;
import io.metaingest.api.Secret;
import io.metaingest.api.ServiceCategory;
import io.metaingest.api.ServiceSpec;
import io.metaingest.api.Source;
import io.metaingest.api.StepSpec;
import io.metaingest.api.WorkflowContext;
import io.metaingest.api.config.SourceConfigType;
import io.metaingest.api.entity.CreateDatabaseRequest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** A tiny database connector for the CLI's end-to-end tests: each note becomes a database. */
public final class NotesSpec implements ServiceSpec {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(NotesSpec.class);

    @Override public String serviceType() { return "Notes"; }
    @Override public java.util.Set<String> formerServiceTypes() { return java.util.Set.of("Memos"); }
    @Override public ServiceCategory category() { return ServiceCategory.DATABASE; }
    @Override public Class<Connection> connectionType() { return Connection.class; }
    @Override public String connectionSchema() { return "/schemas/notesConnection.json"; }
    @Override public List<StepSpec<?>> steps() {
        return List.of(StepSpec.source(SourceConfigType.DATABASE_METADATA, NotesSource.class));
    }
    @Override public Optional<Class<? extends ConnectionTester>> connectionTester() {
        return Optional.of(NotesTester.class);
    }

    /**
     * The connection.
     *
     * @param notes database names
     * @param password a secret
     * @param reachable whether the service answers
     * @param hangAfterFirst block forever after the first note (to test stopping a run)
     * @param user the user of the Basic credential pair
     * @param leak echo the credentials in records, logs, failures and errors (masking canary)
     */
    public record Connection(List<String> notes, Secret password, Boolean reachable, Boolean hangAfterFirst,
                             String user, Boolean leak) {
        boolean up() {
            return reachable == null || reachable;
        }

        boolean leaks() {
            return Boolean.TRUE.equals(leak);
        }

        /** What a careless server echoes: the secret and the Basic header built from it. */
        String echo() {
            String basic = java.util.Base64.getEncoder().encodeToString((user + ":" + password.reveal())
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "{\"error\":\"bad credentials\",\"sent\":\"" + password.reveal() + "\",\"authorization\":\"Basic "
                    + basic + "\",\"query\":\"pw=" + java.net.URLEncoder.encode(password.reveal(),
                    java.nio.charset.StandardCharsets.UTF_8) + "\"}";
        }
    }

    /** Emits one database per note. */
    public static final class NotesSource implements Source<CreateDatabaseRequest> {
        private final Connection connection;
        private final WorkflowContext context;

        @Inject
        public NotesSource(Connection connection, WorkflowContext context) {
            this.connection = connection;
            this.context = context;
        }

        @Override
        public Stream<Result<CreateDatabaseRequest>> read() throws ConnectionException {
            if (!connection.up()) {
                throw new ConnectionException(ConnectionException.Reason.UNREACHABLE, "notes service unreachable; check reachable");
            }
            if (connection.leaks()) {
                LOG.warn("the server answered {}", connection.echo());
            }
            Stream<String> notes = connection.notes().stream();
            if (Boolean.TRUE.equals(connection.hangAfterFirst())) {
                notes = Stream.concat(notes.limit(1), Stream.generate(NotesSpec::blockForever).limit(1));
            }
            Stream<Result<CreateDatabaseRequest>> results = notes.map(note -> note.startsWith("!")
                    ? Result.failed(note, "cannot map " + note + " (password " + connection.password().reveal() + ")")
                    : Result.ok(new CreateDatabaseRequest(note, null, "note " + note
                            + (connection.leaks() ? " " + connection.echo() : ""), context.serviceName(), null, null, null)));
            if (connection.leaks() && connection.notes().contains("!fatal")) {
                return Stream.concat(results.filter(r -> !(r instanceof Result.Failed<?>)), Stream.generate(() -> {
                    throw new IllegalStateException("server went away: " + connection.echo());
                }));
            }
            return results;
        }
    }

    private static String blockForever() {
        try {
            new java.util.concurrent.CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "interrupted";
    }

    /** Passes when reachable. */
    public static final class NotesTester implements ConnectionTester {
        private final Connection connection;

        @Inject
        public NotesTester(Connection connection) {
            this.connection = connection;
        }

        @Override
        public List<String> test() throws ConnectionException {
            if (!connection.up()) {
                throw new ConnectionException(ConnectionException.Reason.UNREACHABLE, "notes service unreachable; check reachable"
                        + (connection.leaks() ? ": " + connection.echo() : ""));
            }
            return List.of("listed " + connection.notes().size() + " notes");
        }
    }
}
