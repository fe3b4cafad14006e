package io.metaingest.connectors.fivetran;

import io.metaingest.api.ConnectionException;
import io.metaingest.api.ConnectionPath;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.AppliedFilter;
import io.metaingest.api.FilterPattern;
import io.metaingest.api.Fqn;
import io.metaingest.api.Result;
import io.metaingest.api.RunawayPatternException;
import io.metaingest.api.Source;
import io.metaingest.api.StepError;
import io.metaingest.api.WorkflowContext;
import io.metaingest.api.config.LineageInformation;
import io.metaingest.api.config.PipelineMetadataConfig;
import io.metaingest.api.entity.AddPipelineStatusRequest;
import io.metaingest.api.entity.AddPipelineStatusRequest.PipelineStatus;
import io.metaingest.api.entity.AddPipelineStatusRequest.TaskStatus;
import io.metaingest.api.entity.CreatePipelineRequest;
import io.metaingest.api.entity.ExecutionStatus;
import io.metaingest.connectors.fivetran.api.FivetranConnector;
import io.metaingest.connectors.fivetran.api.FivetranDestination;
import io.metaingest.connectors.fivetran.api.FivetranGroup;
import io.metaingest.toolkit.CursorPage;
import io.metaingest.toolkit.Outcome;
import io.metaingest.toolkit.ParallelMap;
import io.metaingest.toolkit.RefusedCredentials;
import io.metaingest.toolkit.UnreadListings;
import io.metaingest.toolkit.VendorApiException;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code PipelineMetadata} source: one pipeline per Fivetran connector, its latest status, and
 * (with {@code includeLineage}) table and column lineage from its schema config.
 *
 * <p>Groups and connector pages are read lazily on the calling thread; the per-connector work
 * (details, schema config, columns) runs on {@code threads} workers through a bounded window, and
 * results come out in listing order so runs are reproducible. Memory is bounded by the page size
 * and the window, not by the number of connectors.
 *
 * <p>{@code pipelineFilterPattern} matches the display name {@code "{group name} <> {connector schema}"}
 * (OpenMetadata 1.6). Because 1.5 matched ids, a pattern that matches no display name but does match
 * a connector id or pipeline name ends the run with a warning that says so.
 */
public class FivetranPipelineSource implements Source<EntityRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(FivetranPipelineSource.class);
    private static final String INCLUDE_LINEAGE = AppliedFilter.SOURCE_CONFIG_PATH + ".includeLineage";

    private final FivetranConnection connection;
    private final PipelineMetadataConfig config;
    private final WorkflowContext context;
    private final FivetranClient client;
    private final FivetranLineage lineage;
    private final Clock clock;
    private final AppliedFilter filter;
    private final List<PatternUse> patternUses = new ArrayList<>();
    private final UnreadListings unread = new UnreadListings();
    private final TablelessPipelines tableless = new TablelessPipelines();
    private Stream<Outcome<Work, List<Result<EntityRequest>>>> running;

    /** Creates the source; nothing is called before {@link #read()}. */
    @Inject
    public FivetranPipelineSource(FivetranConnection connection, PipelineMetadataConfig config,
                                  WorkflowContext context, FivetranClient client, FivetranLineage lineage,
                                  Clock clock) {
        this.connection = connection;
        this.config = config;
        this.context = context;
        this.client = client;
        this.lineage = lineage;
        this.clock = clock;
        this.filter = AppliedFilter.of("pipelineFilterPattern", "pipelines", config.pipelineFilterPattern());
        for (String regex : filter.pattern().includes()) {
            patternUses.add(new PatternUse("includes", regex));
        }
        for (String regex : filter.pattern().excludes()) {
            patternUses.add(new PatternUse("excludes", regex));
        }
    }

    @Override
    public Stream<Result<EntityRequest>> read() throws ConnectionException {
        // The API key is half of the Basic credential: never logged.
        LOG.info("Reading Fivetran at {} (page size {}, {} parallel calls)", connection.apiBase(),
                connection.limit(), connection.threads());
        CursorPage<FivetranGroup> first;
        try {
            first = client.groupsPage(null); // eager: a refused key must end the run before anything is emitted
        } catch (VendorApiException e) {
            throw client.asConnectionException(e);
        }
        List<Result<EntityRequest>> opening = new ArrayList<>();
        boolean lineageOn = config.includeLineage();
        if (lineageOn && config.lineageInformation().dbServiceNames().isEmpty()) {
            opening.add(Result.warning(LineageInformation.DB_SERVICE_NAMES_PATH,
                    "includeLineage is true but lineageInformation.dbServiceNames is empty, so no lineage is emitted;"
                            + " list the database services that hold the source and destination tables"));
            lineageOn = false;
        }
        running = ParallelMap.ordered(new WorkIterator(client.groups(first), lineageOn), connection.threads(),
                "fivetran", this::results);
        Stream<Result<EntityRequest>> body = running.flatMap(outcome -> outcome.succeeded()
                ? outcome.value().stream() : Stream.of(Result.<EntityRequest>failed("connector", outcome.failure())));
        // Evaluated only once the body is drained, so the pattern statistics and the tally are complete.
        Stream<Result<EntityRequest>> closing = Stream.of(0).flatMap(x -> Stream.concat(patternWarnings().stream(),
                tableless.summary().map(line -> Result.<EntityRequest>warning(INCLUDE_LINEAGE, line)).stream()));
        // A listing that failed hid an unknown number of pipelines: the run must not end as a success.
        // A key refused mid-run ends it as a connection failure, not as a failure per connector.
        return RefusedCredentials.endRunOn(Stream.concat(Stream.concat(Stream.concat(opening.stream(), body), closing),
                unread.<EntityRequest>endOfRead()).onClose(this::shutdown), client::refusedCredentials);
    }

    @Override
    public void close() {
        shutdown();
    }

    private void shutdown() {
        if (running != null) {
            running.close();
        }
    }

    // ---------------------------------------------------------------- mapping

    /** The pipeline name, {@code {group_id}_{connector_id}}. */
    static String pipelineName(FivetranConnector c) {
        return c.groupId() + "_" + c.id();
    }

    /** The display name, {@code {group name} <> {connector schema}}. */
    static String displayName(FivetranGroup group, FivetranConnector c) {
        return group.name() + " <> " + c.schema();
    }

    private String pipelineFqn(FivetranConnector c) {
        return Fqn.build(context.serviceName(), pipelineName(c));
    }

    static String sourceUrl(FivetranConnector c) {
        return "https://fivetran.com/dashboard/connectors/" + c.id() + "/status?groupId=" + c.groupId()
                + "&service=" + c.service();
    }

    /**
     * A cron expression for a sync frequency in minutes, or null when none expresses it exactly:
     * under an hour {@code *&#47;N * * * *} (N dividing 60), whole hours dividing a day
     * {@code 0 *&#47;H * * *}, a day {@code M H * * *} at {@code daily_sync_time} (midnight when unset).
     */
    static String scheduleInterval(Integer minutes, String dailySyncTime) {
        if (minutes == null || minutes <= 0) {
            return null;
        }
        if (minutes < 60) {
            return 60 % minutes == 0 ? (minutes == 1 ? "* * * * *" : "*/" + minutes + " * * * *") : null;
        }
        if (minutes < 1440) {
            if (minutes % 60 != 0 || 24 % (minutes / 60) != 0) {
                return null;
            }
            int hours = minutes / 60;
            return hours == 1 ? "0 * * * *" : "0 */" + hours + " * * *";
        }
        if (minutes == 1440) {
            int hour = 0;
            int minute = 0;
            if (dailySyncTime != null && dailySyncTime.matches("\\d{1,2}:\\d{2}")) {
                String[] parts = dailySyncTime.split(":");
                hour = Integer.parseInt(parts[0]);
                minute = Integer.parseInt(parts[1]);
                if (hour > 23 || minute > 59) {
                    hour = 0;
                    minute = 0;
                }
            }
            return minute + " " + hour + " * * *";
        }
        return null;
    }

    private CreatePipelineRequest pipeline(FivetranGroup group, FivetranConnector c) {
        StringBuilder description = new StringBuilder("Fivetran ").append(c.service())
                .append(" connector syncing into schema ").append(c.schema()).append('.');
        if (c.isPaused()) {
            description.append(" Paused.");
        }
        if (c.setupState() != null && !"connected".equals(c.setupState())) {
            description.append(" Setup state: ").append(c.setupState()).append('.');
        }
        CreatePipelineRequest.Task task = new CreatePipelineRequest.Task(c.id(), displayName(group, c), null,
                sourceUrl(c), null, c.service());
        return new CreatePipelineRequest(pipelineName(c), displayName(group, c), description.toString(),
                sourceUrl(c), scheduleInterval(c.syncFrequency(), c.dailySyncTime()), List.of(task),
                context.serviceName(), null, null);
    }

    /**
     * The latest known run: Pending while a sync runs, else the later of {@code succeeded_at}
     * (Successful) and {@code failed_at} (Failed); none for a connector that never synced.
     */
    Optional<AddPipelineStatusRequest> status(FivetranConnector c, String fqn) {
        ExecutionStatus outcome;
        long at;
        Long start = null;
        Long end = null;
        Instant succeeded = instant(c.succeededAt());
        Instant failed = instant(c.failedAt());
        if ("syncing".equals(c.syncState())) {
            outcome = ExecutionStatus.PENDING;
            at = clock.millis();
            start = at;
        } else if (succeeded == null && failed == null) {
            return Optional.empty();
        } else if (failed == null || (succeeded != null && succeeded.isAfter(failed))) {
            outcome = ExecutionStatus.SUCCESSFUL;
            at = succeeded.toEpochMilli();
            end = at;
        } else {
            outcome = ExecutionStatus.FAILED;
            at = failed.toEpochMilli();
            end = at;
        }
        TaskStatus task = new TaskStatus(c.id(), outcome, start, end, sourceUrl(c));
        return Optional.of(new AddPipelineStatusRequest(fqn, new PipelineStatus(at, outcome, List.of(task))));
    }

    private static Instant instant(String iso) {
        if (iso == null || iso.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(iso);
        } catch (DateTimeParseException notInstant) {
            try {
                return OffsetDateTime.parse(iso).toInstant();
            } catch (DateTimeParseException e) {
                LOG.debug("unparseable timestamp {}", iso);
                return null;
            }
        }
    }

    /** The records of one unit of work; runs on a worker. */
    private List<Result<EntityRequest>> results(Work work) {
        if (work instanceof Job job) {
            return process(job.group(), job.connector());
        }
        return ((Ready) work).results();
    }

    /**
     * All the records of one connector; runs on a worker, never throws. Its details and schema
     * config are read before the pipeline is emitted, so a connector deleted during the run (either
     * answers 404) is left out as a whole rather than emitted with a lineage failure.
     */
    private List<Result<EntityRequest>> process(GroupContext group, FivetranConnector c) {
        String fqn = pipelineFqn(c);
        FivetranConnector details = null;
        if (group.lineage()) {
            try {
                details = client.connector(c.id());
            } catch (VendorApiException e) {
                // One count per connector: a failure, and the pipeline not emitted. A run with a source failure
                // marks nothing deleted, so leaving the pipeline out cannot delete it.
                return deletedDuringRun(fqn, c, e).orElseGet(() -> List.of(Result.failed(fqn, e)));
            }
        }
        List<Result<EntityRequest>> edges = List.of();
        // A SaaS service (Salesforce, HubSpot…) has no tables of its own: told once for the run, not per pipeline.
        boolean withoutTables = details != null && FivetranLineage.sourceDatabaseOf(details) == null;
        if (group.lineage() && !withoutTables) {
            try {
                edges = lineage.lineage(c, details, group.destinationDatabase(), fqn,
                        config.lineageInformation().dbServiceNames());
            } catch (VendorApiException e) {
                // Only the vendor's "no such connector" says it is gone: a 404 of another kind (a connector type
                // without a schema config, say) must not make mark-deleted remove a pipeline that still exists.
                Optional<List<Result<EntityRequest>>> deleted = FivetranClient.notFound(e, "Connector")
                        ? deletedDuringRun(fqn, c, e) : Optional.empty();
                if (deleted.isPresent()) {
                    return deleted.get();
                }
                // The pipeline is still emitted below: the line says only its lineage is missing.
                edges = List.of(Result.failed(fqn, e.httpStatus() == 403 ? schemaConfigForbidden(c, e)
                        : StepError.oneLine(e) + "; the schema config of connection " + c.id()
                        + " could not be read, so its pipeline is ingested without lineage"));
            } catch (RuntimeException e) {
                edges = List.of(Result.failed(fqn, e));
            }
        }
        List<Result<EntityRequest>> out = new ArrayList<>();
        try {
            out.add(Result.ok(pipeline(group.group(), c)));
            status(c, fqn).ifPresent(s -> out.add(Result.ok(s)));
        } catch (RuntimeException e) {
            out.add(Result.failed(fqn, e));
            return out;
        }
        if (withoutTables) {
            tableless.add(pipelineName(c), c.service());
        }
        out.addAll(edges);
        return out;
    }

    /**
     * A 404 on a connector's own calls (details, schema config) after it was listed: deleted since,
     * so gone as mark-deleted should see it, filtered with the reason and not a failure.
     */
    private static Optional<List<Result<EntityRequest>>> deletedDuringRun(String fqn, FivetranConnector c,
                                                                         VendorApiException e) {
        if (e.httpStatus() != 404) {
            return Optional.empty();
        }
        return Optional.of(List.of(Result.filtered(fqn, "connector " + c.id() + " was deleted during the run ("
                + e.getMessage() + ")")));
    }

    // ---------------------------------------------------------------- filter bookkeeping

    /** Counts, per regex of the pattern, matches on display names and on ids (for the 1.6 warning). */
    private void recordPatternUse(String displayName, FivetranConnector c) {
        for (PatternUse use : patternUses) {
            if (use.matches(displayName)) {
                use.displayMatches++;
            } else if (use.idExample == null && (use.matches(c.id()) || use.matches(pipelineName(c)))) {
                use.idExample = pipelineName(c);
            }
        }
    }

    private List<Result<EntityRequest>> patternWarnings() {
        List<Result<EntityRequest>> out = new ArrayList<>();
        if (patternUses.stream().noneMatch(use -> use.displayMatches == 0 && use.idExample != null)) {
            // A pattern written for ids gets the warning below, which says more than "let nothing through".
            filter.<EntityRequest>noneLetThrough().forEach(out::add);
        }
        for (PatternUse use : patternUses) {
            if (use.displayMatches == 0 && use.idExample != null) {
                out.add(Result.warning(AppliedFilter.SOURCE_CONFIG_PATH + ".pipelineFilterPattern", "the " + use.field
                        + " pattern \"" + use.regex + "\" matches no pipeline display name but matches the id of " + use.idExample
                        + "; " + FivetranPipelineNames.DISPLAY_NAMES + ": rewrite the pattern (`metaingest migrate"
                        + " --resolve` does it)"));
            }
        }
        return out;
    }

    private static final class PatternUse {
        final String field;
        final String regex;
        /** The one regex as the filter matches it: the same flags, and the same bound on backtracking. */
        final FilterPattern pattern;
        long displayMatches;
        String idExample;

        PatternUse(String field, String regex) {
            this.field = field;
            this.regex = regex;
            this.pattern = FilterPattern.including(regex);
        }

        /**
         * Whether the regex matches {@code name}; a regex that gives up on it does not. The filter itself judges
         * each display name first and ends the run on such a regex, so this only gives up on an id.
         */
        boolean matches(String name) {
            try {
                return pattern.includes(name);
            } catch (RunawayPatternException e) {
                return false;
            }
        }
    }

    // ---------------------------------------------------------------- lazy work listing

    /**
     * A 403 on a connection's schema config: a permission the key's role lacks for that connection (its
     * group may be outside the role's scope), not a refused key; the line says what to change.
     */
    private static String schemaConfigForbidden(FivetranConnector c, VendorApiException e) {
        return e.getMessage() + "; the API key's role lacks permission to read the schema config of connection "
                + c.id() + ": " + grantRole("this connection's group") + ", or set " + INCLUDE_LINEAGE + " to false";
    }

    /** The fix of a 403 on one group's (or connection's) call: the key works, its role does not reach there. */
    private static String grantRole(String what) {
        return "give the user or key of " + ConnectionPath.of("apiKey") + " a role that can read " + what;
    }

    /** A group as failure lines name it, {@code group {id} ({name})}. */
    private static String groupNamed(FivetranGroup g) {
        return "group " + g.id() + " (" + g.name() + ")";
    }

    /** A group with what its connectors' lineage needs: with {@code lineage}, its destination's database. */
    private record GroupContext(FivetranGroup group, boolean lineage, String destinationDatabase) {
    }

    /** A unit of work: results known already, or a connector to process on a worker. */
    private sealed interface Work permits Ready, Job {
    }

    private record Ready(List<Result<EntityRequest>> results) implements Work {
    }

    private record Job(GroupContext group, FivetranConnector connector) implements Work {
    }

    /**
     * Walks groups and their connector pages on the calling thread, applying the filter. A group
     * whose connectors cannot be listed (say a page of malformed JSON) becomes a failure and the walk
     * goes on with the next group; a broken groups listing ends the walk with a failure. Either is an
     * {@link UnreadListings} entry, so the run ends as failed once the rest is read. A group deleted
     * since it was listed ({@code NotFound_Group}) is only a warning: nothing of it is left to read.
     */
    private final class WorkIterator implements Iterator<Work> {
        private final Iterator<FivetranGroup> groups;
        private final boolean lineageOn;
        private FivetranGroup opened;
        /** The open group's context, once a connector of it needs one. */
        private GroupContext group;
        /** The open group's pipelines without lineage, when its destination names no database (else null). */
        private DestinationWithoutDatabase withoutDatabase;
        private Iterator<FivetranConnector> connectors;
        private final ArrayDeque<Work> pending = new ArrayDeque<>();
        private boolean groupsDone;
        private int groupsRead;

        WorkIterator(Iterator<FivetranGroup> groups, boolean lineageOn) {
            this.groups = groups;
            this.lineageOn = lineageOn;
        }

        @Override
        public boolean hasNext() {
            while (pending.isEmpty()) {
                if (connectors != null) {
                    try {
                        if (connectors.hasNext()) {
                            pending.add(work(connectors.next()));
                            continue;
                        }
                    } catch (VendorApiException e) {
                        pending.add(listingFailed(e));
                    }
                    connectors = null;
                    closeGroup();
                    continue;
                }
                if (groupsDone) {
                    return false;
                }
                FivetranGroup next;
                try {
                    if (!groups.hasNext()) {
                        groupsDone = true;
                        return false;
                    }
                    next = groups.next();
                } catch (VendorApiException e) {
                    groupsDone = true;
                    pending.add(new Ready(List.of(unread.<EntityRequest>failed("groups", "the groups (" + groupsRead + " read)",
                            "the pipelines of the groups not listed", e))));
                    continue;
                }
                groupsRead++;
                openGroup(next);
            }
            return true;
        }

        private void openGroup(FivetranGroup g) {
            group = null;
            withoutDatabase = null;
            opened = g;
            try {
                connectors = client.connectors(g.id());
            } catch (VendorApiException e) {
                pending.add(listingFailed(e));
            }
        }

        /** The open group's connections are all listed (or no more can be): its one line, if its destination needs it. */
        private void closeGroup() {
            if (withoutDatabase != null) {
                withoutDatabase.summary().ifPresent(line -> pending.add(new Ready(List.of(
                        Result.warning(groupNamed(opened) + " destination", line)))));
            }
        }

        /** The open group's connections could not be listed (any page). */
        private Ready listingFailed(VendorApiException e) {
            String named = groupNamed(opened);
            if (FivetranClient.notFound(e, "Group")) {
                // Deleted since the groups were listed: its pipelines went with it, which is no failure of the run
                // (nothing is left unread, so mark-deleted may remove them). The name says which group.
                return new Ready(List.of(Result.warning(named, "removed during the run (" + e.getMessage()
                        + "); the pipelines it held are no longer in Fivetran")));
            }
            // The key still works (the groups were listed): its role does not reach this group.
            String fix = e.httpStatus() == 403 ? "the API key's role lacks permission to list the connections"
                    + " of this group: " + grantRole(named) : null;
            return new Ready(List.of(unread.<EntityRequest>failed(named + " connectors", "connectors of " + named,
                    "the pipelines it holds", e, fix)));
        }

        /**
         * The open group with its destination, looked up when its first connector passes the filter: a group the
         * filter empties costs no call, and its destination's failure is not the run's.
         */
        private GroupContext group() {
            if (group == null) {
                String database = null;
                boolean lineage = lineageOn;
                if (lineageOn) {
                    try {
                        FivetranDestination destination = client.destination(opened.id());
                        database = FivetranLineage.databaseOf(destination.config());
                        if (database == null) {
                            lineage = false; // no destination table can be named: told once for the group
                            withoutDatabase = new DestinationWithoutDatabase(groupNamed(opened), destination.service());
                        }
                    } catch (VendorApiException e) {
                        lineage = false; // one failure for the group rather than one per connector
                        String named = groupNamed(opened);
                        String message = StepError.oneLine(e) + "; the pipelines of " + named + " are ingested without"
                                + " lineage, as their destination tables are not known" + (e.httpStatus() == 403
                                ? ": " + grantRole("this group's destination") + ", or set " + INCLUDE_LINEAGE + " to false"
                                : "");
                        pending.add(new Ready(List.of(Result.failed(named + " destination", message))));
                    }
                }
                group = new GroupContext(opened, lineage, database);
            }
            return group;
        }

        private Work work(FivetranConnector c) {
            String display = displayName(opened, c);
            // The filter first: a regex that gives up on the name ends the run with its config path.
            Optional<String> rejection = filter.rejection(display);
            recordPatternUse(display, c);
            if (rejection.isPresent()) {
                return new Ready(List.of(Result.filtered(display, "pipelineFilterPattern: display name "
                        + rejection.get() + " (pipeline " + pipelineName(c) + ")")));
            }
            Job job = new Job(group(), c);
            if (withoutDatabase != null) {
                withoutDatabase.add(pipelineName(c));
            }
            return job;
        }

        @Override
        public Work next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return pending.poll();
        }
    }
}
