/**
 * The dbt Cloud connector. {@link io.metaingest.connectors.dbtcloud.DbtCloudSpec} lists what it
 * offers; {@link io.metaingest.connectors.dbtcloud.DbtCloudClient} is the only class that speaks
 * HTTP (on the toolkit's client, paging and error mapping);
 * {@link io.metaingest.connectors.dbtcloud.JobSelection} chooses the jobs;
 * {@link io.metaingest.connectors.dbtcloud.DbtCloudPipelineSource} reads them in parallel;
 * {@code DbtCloudPipelines} and {@code DbtCloudLineage} map jobs, runs and Discovery nodes to records.
 *
 * <p>Deviations from OpenMetadata 1.6's dbt Cloud source, and why:
 * <ul>
 *   <li><b>Pipeline name.</b> OpenMetadata names the pipeline by the job name. Job names repeat across
 *       projects and environments ("Daily build" in each), and pipeline names must be unique within a
 *       service, so such jobs would overwrite each other. Here the pipeline is named by the job id and
 *       the job name is its {@code displayName}; links, filters and the UI still show the name.
 *       Pipelines ingested by OpenMetadata under job names are therefore not updated in place.</li>
 *   <li><b>Tasks.</b> One task per job (named like the pipeline, the dbt commands as description),
 *       as OpenMetadata's newest versions do, so each run's status reports on it without a call per
 *       run. Each fetched run is a pipeline status.</li>
 *   <li><b>Paging.</b> Listings stop on an empty page or when the offset reaches {@code total_count},
 *       so a wrong count cannot make them loop (OpenMetadata compares the per-page count with the
 *       total and has no such exit). Runs are fetched with {@code order_by=-created_at} and never
 *       beyond {@code numberOfRuns}.</li>
 *   <li><b>Lineage.</b> The Discovery query asks for the newest successful run among the fetched
 *       ones (else the latest run) and also reads sources, so models get edges from seeds, sources
 *       and other models. A job for which lineage was asked but none found is a warning.</li>
 *   <li><b>Auth.</b> {@code Authorization: Token …} (OpenMetadata sends {@code Bearer}; both are
 *       accepted).</li>
 * </ul>
 */
package io.metaingest.connectors.dbtcloud;
