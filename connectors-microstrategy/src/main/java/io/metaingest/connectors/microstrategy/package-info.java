/**
 * The MicroStrategy connector (service type {@code MicroStrategy}; OpenMetadata 1.5's {@code Mstr}
 * is still accepted with a deprecation warning).
 * {@link io.metaingest.connectors.microstrategy.MicroStrategySpec} lists what it offers;
 * {@link io.metaingest.connectors.microstrategy.MicroStrategyClient} is the only class that speaks
 * HTTP and owns the session; {@link io.metaingest.connectors.microstrategy.MicroStrategyDashboardSource}
 * maps dossiers to dashboards and charts;
 * {@link io.metaingest.connectors.microstrategy.MicroStrategyLineage} maps datasets to data models
 * and lineage.
 *
 * <p>Deviations from OpenMetadata 1.6's MicroStrategy source, and why:
 * <ul>
 *   <li><b>Chart names.</b> OpenMetadata names a chart {@code {pageKey}{visualizationKey}}. Those keys
 *       (e.g. {@code W62W63}) are unique only inside one dossier, and chart FQNs are
 *       {@code service.chartName}, so charts of two dossiers collide and overwrite each other. Here a
 *       chart is named {@code {dossierId}_{pageKey}{visualizationKey}}: unique within the service,
 *       stable across runs, and still ending in OpenMetadata's name.</li>
 *   <li><b>Lineage.</b> OpenMetadata 1.6 emits none for MicroStrategy. Here each dataset of a dossier
 *       becomes a dashboard data model ({@code MicroStrategyDataset}), with lineage from the
 *       warehouse tables its cube's SQL reads (in {@code lineageInformation.dbServiceNames}) and to
 *       the dashboard. The cube SQL endpoint {@code GET /api/v2/cubes/{id}/sqlView} is the one
 *       OpenMetadata reads but is not in MicroStrategy's public workflow documentation; the
 *       documented Modeling endpoint {@code GET /api/model/cubes/{id}} is the fallback (it carries
 *       SQL only for free-form SQL cubes).</li>
 *   <li><b>Project header.</b> The dossier search sends {@code X-MSTR-ProjectID}, which the API
 *       documents as required for project-scoped calls; OpenMetadata sends a {@code project_id} query
 *       parameter instead and relies on each result's {@code projectId}.</li>
 *   <li><b>Documents.</b> A type-55 search also finds classic documents (subtype other than 14081),
 *       which have no dossier definition; they are counted as filtered instead of failing.</li>
 *   <li><b>Session.</b> ERR009 (session expired) leads to one new login and one retry; logout happens
 *       on success, on failure and when the process is stopped.</li>
 * </ul>
 */
package io.metaingest.connectors.microstrategy;
