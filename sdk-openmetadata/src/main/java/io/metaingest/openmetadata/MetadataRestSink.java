package io.metaingest.openmetadata;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.ConnectionException;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.Sink;
import io.metaingest.api.SinkUnavailableException;
import io.metaingest.api.OwnStatus;
import io.metaingest.api.SkippedRecordException;
import io.metaingest.api.Status;
import io.metaingest.api.StopSignal;
import io.metaingest.api.config.WorkflowSettings;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.http.HttpClient;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code metadata-rest} sink: writes every record to the OpenMetadata server of
 * {@code workflowConfig.openMetadataServerConfig}. At start it checks the server's version (a
 * warning of the step when it is not 1.6) and makes sure the service exists; a refused token there ends the run
 * as a connection failure. Then each record is created or updated in the order the source emits
 * them, which is parents before children; a record the server refuses is that record's failure,
 * with the server's message, and the run goes on. When the run did not fail, {@link #complete}
 * soft-deletes what the run no longer read from the source, as {@link MarkDeletedPolicy} asks
 * ({@link DeletedEntityMarker}); a failed or stopped run deletes nothing, and neither does a run
 * whose source failed on anything (a table, or a whole database whose tables could not be read): what
 * it could not read it cannot judge deleted.
 */
public final class MetadataRestSink implements Sink<EntityRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(MetadataRestSink.class);

    private final OpenMetadataClient client;
    private final EntityWriter writer;
    /** The writer's resolver: a look-up through {@link #missing} is the write's look-up too. */
    private final ReferenceResolver resolver;
    private final ServerVersion version;
    private final DeletedEntityMarker deletions;
    /** The source's status: its failures keep the run from marking anything deleted. Null: not known. */
    private final Status source;
    /** This sink's step status: what mark-deleted could not do is recorded there. */
    private final Status own;

    /**
     * Creates the sink and connects (version check, then the service), as the run creates it: a stop
     * ends the deletions of {@link #complete} before the next request.
     *
     * @throws ConnectionException when the server cannot be reached or refuses the token
     */
    @Inject
    public MetadataRestSink(MetadataRestSinkConfig config, WorkflowSettings settings, ServiceTarget service,
                            MarkDeletedPolicy markDeleted, Status source, @OwnStatus Status own, StopSignal stop,
                            HttpClient http, ObjectMapper mapper) throws ConnectionException {
        this(OpenMetadataConnections.client(settings, http, mapper, config.maxConcurrentRequests(),
                        config.requestTimeout()),
                config.withServerDefault(settings.openMetadataServerConfig() == null ? null
                        : settings.openMetadataServerConfig().storeServiceConnection()), service,
                markDeleted, source, own, stop, mapper);
    }

    /**
     * Creates the sink on a client, marking nothing deleted; connects as the injectable constructor does.
     *
     * @param service the service to make sure of, or null when it exists already (the usage bulk sink)
     */
    public MetadataRestSink(OpenMetadataClient client, MetadataRestSinkConfig config, ServiceTarget service,
                            ObjectMapper mapper) throws ConnectionException {
        this(client, config, service, MarkDeletedPolicy.none(), mapper);
    }

    /**
     * Creates the sink on a client; connects as the injectable constructor does.
     *
     * @param service the service to make sure of, or null when it exists already (the usage bulk sink)
     * @param markDeleted what to mark deleted after a run that did not fail
     */
    public MetadataRestSink(OpenMetadataClient client, MetadataRestSinkConfig config, ServiceTarget service,
                            MarkDeletedPolicy markDeleted, ObjectMapper mapper) throws ConnectionException {
        // No step status to count in: owners left out are only logged (these callers write no owners).
        this(client, config, service, markDeleted, null, new Status(), mapper);
    }

    /**
     * Creates the sink on a client; connects as the injectable constructor does.
     *
     * @param service the service to make sure of, or null when it exists already (the usage bulk sink)
     * @param markDeleted what to mark deleted after a run that did not fail
     * @param source the source's status, whose failures keep the run from marking anything deleted
     * @param own this sink's step status, where owners left out are counted as warnings
     */
    public MetadataRestSink(OpenMetadataClient client, MetadataRestSinkConfig config, ServiceTarget service,
                            MarkDeletedPolicy markDeleted, Status source, Status own, ObjectMapper mapper)
            throws ConnectionException {
        this(client, config, service, markDeleted, source, own, StopSignal.NEVER, mapper);
    }

    /**
     * Creates the sink on a client; connects as the injectable constructor does.
     *
     * @param service the service to make sure of, or null when it exists already (the usage bulk sink)
     * @param markDeleted what to mark deleted after a run that did not fail
     * @param source the source's status, whose failures keep the run from marking anything deleted
     * @param own this sink's step status: owners left out and mark-deleted problems and counts
     * @param stop the run's stop, checked before each deletion
     */
    public MetadataRestSink(OpenMetadataClient client, MetadataRestSinkConfig config, ServiceTarget service,
                            MarkDeletedPolicy markDeleted, Status source, Status own, StopSignal stop, ObjectMapper mapper)
            throws ConnectionException {
        this.client = client;
        this.source = source;
        this.own = own;
        this.deletions = new DeletedEntityMarker(client, markDeleted, service == null ? null : service.name(), own, stop);
        this.resolver = new ReferenceResolver(client, config.referenceCacheSize());
        this.writer = new EntityWriter(client, resolver, mapper, own);
        this.version = OpenMetadataConnections.checkVersion(client, own);
        if (service != null && service.registrable()) {
            OpenMetadataConnections.connect(client, () ->
                    new ServiceRegistrar(client, resolver, mapper).ensure(service, config.storesServiceConnection()));
        }
    }

    /** The server's version, as read at start. */
    public ServerVersion serverVersion() {
        return version;
    }

    /**
     * Why the server does not have the entity {@code type} named {@code fqn} (its 404: a table whose
     * service is not ingested yet, say), or empty when it has it. The id found is cached for the
     * writes that refer to the entity, so asking first costs them no second look-up.
     *
     * @throws OpenMetadataApiException the server refused the look-up otherwise than with 404
     */
    public Optional<String> missing(String type, String fqn) throws IOException, OpenMetadataApiException {
        try {
            resolver.idOf(type, fqn);
            return Optional.empty();
        } catch (OpenMetadataApiException e) {
            if (e.status() != 404) {
                throw e;
            }
            return Optional.of(e.getMessage());
        }
    }

    /**
     * {@link #missing} for a table, reading its stored {@code lifeCycle} with it
     * ({@code GET /v1/tables/name/{fqn}?fields=lifeCycle}, one call as before): a later write of the table's
     * {@code TableLifeCycleRequest} sends only what is newer than that, and reads nothing more.
     *
     * @throws OpenMetadataApiException the server refused the look-up otherwise than with 404
     */
    public Optional<String> missingTable(String fqn) throws IOException, OpenMetadataApiException {
        return writer.tableData().lookUpTable(fqn);
    }

    /**
     * Has the server compute the usage percentiles of {@code entityType}s on {@code date}
     * ({@code POST /v1/usage/compute.percentile/{entityType}/{date}}), as OpenMetadata's usage publishing
     * does once a day's counts are in: without it the daily, weekly and monthly percentile ranks stay empty.
     *
     * @param date {@code yyyy-MM-dd}
     */
    public void computeUsagePercentiles(String entityType, String date) throws IOException, OpenMetadataApiException {
        client.post("/v1/usage/compute.percentile/" + OpenMetadataClient.segment(entityType) + "/"
                + OpenMetadataClient.segment(date), com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode());
    }

    @Override
    public WriteOutcome write(EntityRequest record) throws IOException, OpenMetadataApiException, SkippedRecordException {
        deletions.observe(record);
        return writer.write(record);
    }

    /**
     * After a run that did not fail, marks deleted what the run no longer read from the source (dropped, or
     * excluded by its settings).
     *
     * @throws SinkUnavailableException when the server cannot be reached meanwhile;
     *         {@link OpenMetadataAuthException} (a connection failure) when it refuses the token
     */
    @Override
    public boolean complete(boolean keep) {
        writer.sumUpPeopleLeftOut(); // also when the run failed or stopped: those entities are on the server
        if (keep && source != null && source.failures() > 0 && deletions.wouldMark()) {
            String first = source.firstFailures().isEmpty() ? "-" : source.firstFailures().get(0).name();
            LOG.warn("not marking deleted entities on {}: the source failed on {} entit{} (first: {}), and what it"
                    + " could not read it cannot judge deleted; they are marked once a run reads everything",
                    client.baseUrl(), source.failures(), source.failures() == 1 ? "y" : "ies", first);
            own.outcome(DeletedEntityMarker.MARKING, "none marked: the source failed on " + source.failures() + " entit"
                    + (source.failures() == 1 ? "y" : "ies") + " (first: " + first + "), and what it could not read"
                    + " it cannot judge deleted; a run that reads everything marks them");
        } else if (keep) {
            try {
                deletions.markDeleted();
            } catch (IOException e) {
                throw new SinkUnavailableException("cannot mark deleted entities on " + client.baseUrl() + ": "
                        + e.getMessage(), e);
            }
        }
        return true;
    }

    /** What the server accepted stays there: a failure while marking deleted takes none of it back. */
    @Override
    public boolean writesAreFinal() {
        return true;
    }

    @Override
    public String destination() {
        return client.baseUrl();
    }
}
