/**
 * The Fivetran connector. {@link io.metaingest.connectors.fivetran.FivetranSpec} lists what it
 * offers; {@link io.metaingest.connectors.fivetran.FivetranClient} is the only class that speaks
 * HTTP; {@link io.metaingest.connectors.fivetran.FivetranPipelineSource} maps connectors to
 * pipelines and statuses; {@link io.metaingest.connectors.fivetran.FivetranLineage} maps schema
 * configs to lineage.
 *
 * <p>Deviations from OpenMetadata's Fivetran source, and why:
 * <ul>
 *   <li>Retries honour {@code Retry-After} and back off exponentially with jitter (OpenMetadata
 *       waits a fixed linear 30 s and ignores the header); a 429 pauses every worker of the run.
 *       Both come from sdk-toolkit's {@code JsonHttpClient}, as do paging and the parallel map.</li>
 *   <li>Connector-scoped calls use the current {@code /v1/connections} paths and fall back to the
 *       legacy {@code /v1/connectors} paths on a 404.</li>
 *   <li>Connector details are fetched only when lineage needs their {@code config}: the listing
 *       already carries every field a pipeline and its status need.</li>
 *   <li>The status comes from {@code succeeded_at}, {@code failed_at} and the sync state; the
 *       sync-history endpoint is undocumented and not used.</li>
 *   <li>Paused connectors are marked in the description: {@code CreatePipelineRequest} in sdk-api has
 *       no {@code state} field yet.</li>
 * </ul>
 */
package io.metaingest.connectors.fivetran;
