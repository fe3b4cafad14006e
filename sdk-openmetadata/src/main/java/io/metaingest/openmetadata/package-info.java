/**
 * Writing to an OpenMetadata 1.6 server over its v1 REST API.
 *
 * <ul>
 *   <li>{@link io.metaingest.openmetadata.OpenMetadataClient}: paths, bearer token, errors; retries of
 *       429 and 5xx come from the toolkit's {@code JsonHttpClient}.</li>
 *   <li>{@link io.metaingest.openmetadata.EntityWriter}: one record to its endpoint, with the references
 *       the server needs as ids resolved by {@link io.metaingest.openmetadata.ReferenceResolver} (a
 *       bounded LRU cache filled by every write, so lineage between entities of the same run costs no
 *       look-up).</li>
 *   <li>The {@code metadata-rest} sink ({@link io.metaingest.openmetadata.MetadataRestSink}); the runtime's
 *       {@code metadata-usage} bulk sink publishes through it too. After a run that did not fail,
 *       {@link io.metaingest.openmetadata.DeletedEntityMarker} soft-deletes what the source no longer
 *       has, within the schemas (or the service) the run processed, as
 *       {@link io.metaingest.openmetadata.MarkDeletedPolicy} (the source config's {@code markDeleted…}) asks.</li>
 *   <li>Around a run: {@link io.metaingest.openmetadata.ServiceConnectionReader} (the connection from the
 *       server when the workflow has none) and {@link io.metaingest.openmetadata.IngestionStatusReporter}
 *       (the run's state on its ingestion pipeline).</li>
 * </ul>
 *
 * <p>Why the sink writes one record at a time: the {@code Sink} contract returns each record's outcome
 * (created or updated) from {@code write}, and the source emits parents before children, so a
 * sequential sink keeps "parents first" without tracking dependencies. {@code maxConcurrentRequests}
 * bounds the requests of one client when several threads share it (the heartbeat's status reports
 * run beside the sink on a client of their own).
 *
 * <p>Why a service that exists is left alone: its connection may have been configured in the UI, and a
 * create-or-update without one must not risk clearing it; with
 * {@code storeServiceConnection} the workflow's connection is sent on purpose.
 */
package io.metaingest.openmetadata;
