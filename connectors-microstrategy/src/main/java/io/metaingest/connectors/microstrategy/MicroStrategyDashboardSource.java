package io.metaingest.connectors.microstrategy;

import io.metaingest.api.ConnectionException;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.AppliedFilter;
import io.metaingest.api.Fqn;
import io.metaingest.api.Result;
import io.metaingest.api.Source;
import io.metaingest.api.WorkflowContext;
import io.metaingest.api.config.LineageInformation;
import io.metaingest.api.config.DashboardMetadataConfig;
import io.metaingest.api.entity.CreateChartRequest;
import io.metaingest.api.entity.CreateDashboardRequest;
import io.metaingest.api.entity.EntityReference;
import io.metaingest.connectors.microstrategy.api.MstrDossierDefinition;
import io.metaingest.connectors.microstrategy.api.MstrDossierDefinition.Chapter;
import io.metaingest.connectors.microstrategy.api.MstrDossierDefinition.Dataset;
import io.metaingest.connectors.microstrategy.api.MstrDossierDefinition.Page;
import io.metaingest.connectors.microstrategy.api.MstrDossierDefinition.Visualization;
import io.metaingest.connectors.microstrategy.api.MstrProject;
import io.metaingest.connectors.microstrategy.api.MstrSearchResult;
import io.metaingest.toolkit.Outcome;
import io.metaingest.toolkit.ParallelMap;
import io.metaingest.toolkit.RefusedCredentials;
import io.metaingest.toolkit.UnreadListings;
import io.metaingest.toolkit.VendorApiException;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code DashboardMetadata} source: one dashboard per dossier, one chart per visualization,
 * one data model per dataset, and lineage table → data model → dashboard.
 *
 * <p>Login, keep-alive and the project list happen eagerly in {@link #read()}, so wrong credentials
 * end the run before anything is emitted. Projects and their dossier searches are then walked
 * lazily; the definition of each dossier is read on its own, and a definition that fails becomes a
 * recorded failure for that dossier while the run goes on. {@link #close()} logs out, on success and
 * on failure alike.
 *
 * <p>Records of one dossier come out in the order a server needs them: charts, new data models
 * (with their table lineage), the dashboard, then data model → dashboard edges.
 */
public class MicroStrategyDashboardSource implements Source<EntityRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(MicroStrategyDashboardSource.class);

    private final MicroStrategyConnection connection;
    private final DashboardMetadataConfig config;
    private final WorkflowContext context;
    private final MicroStrategyClient client;
    private final MicroStrategyLineage lineage;
    private final AppliedFilter projectFilter;
    private final AppliedFilter dashboardFilter;
    private final AppliedFilter chartFilter;
    private final AppliedFilter dataModelFilter;
    /** Dossier searches that broke off: the run fails once the rest is read. */
    private final UnreadListings unread = new UnreadListings();
    /**
     * Datasets already emitted; touched only by the consuming thread, which takes dossiers in listing
     * order, so a dataset shared by several dossiers is the one of the first (project order, then
     * dossier order), however their parallel reads finish.
     */
    private final Set<String> emittedDatasets = new HashSet<>();
    /**
     * The filter's answer per data model name: a dataset serves many dossiers, and the filter is asked
     * once per name, so a pattern that lets none through counts data models, not their uses. By name,
     * not id: a dossier may name a shared dataset its own way, and the answer must not depend on which
     * dossier's read finished first.
     */
    private final Map<String, Optional<String>> dataModelRejections = new ConcurrentHashMap<>();

    /** Creates the source; nothing is sent before {@link #read()}. */
    @Inject
    public MicroStrategyDashboardSource(MicroStrategyConnection connection, DashboardMetadataConfig config,
                                        WorkflowContext context, MicroStrategyClient client,
                                        MicroStrategyLineage lineage) {
        this.connection = connection;
        this.config = config;
        this.context = context;
        this.client = client;
        this.lineage = lineage;
        this.projectFilter = AppliedFilter.of("projectFilterPattern", "projects", config.projectFilterPattern());
        this.dashboardFilter = AppliedFilter.of("dashboardFilterPattern", "dossiers", config.dashboardFilterPattern());
        this.chartFilter = AppliedFilter.of("chartFilterPattern", "charts", config.chartFilterPattern());
        this.dataModelFilter = AppliedFilter.of("dataModelFilterPattern", "data models", config.dataModelFilterPattern());
    }

    @Override
    public Stream<Result<EntityRequest>> read() throws ConnectionException {
        List<MstrProject> projects;
        try {
            client.login();
            client.keepAlive();
            projects = client.projects();
        } catch (VendorApiException e) {
            throw client.asConnectionException(e);
        }
        LOG.info("Reading {} MicroStrategy project(s) at {}", projects.size(), connection.apiBase());
        List<Result<EntityRequest>> opening = new ArrayList<>();
        if (config.lineageInformation().dbServiceNames().isEmpty()) {
            opening.add(Result.warning(LineageInformation.DB_SERVICE_NAMES_PATH, "empty, so no table lineage is emitted"
                    + " (data models and their dashboards still are); list the database services that hold the"
                    + " tables the cubes read"));
        }
        Iterator<Work> work = new WorkListing(projects.iterator());
        Stream<Outcome<Work, Output>> outputs = ParallelMap.ordered(work, connection.threads(), "microstrategy", this::process);
        Stream<Result<EntityRequest>> body = outputs.flatMap(this::emit);
        // Last, once every name went through them: a pattern that let nothing through says so.
        Stream<Result<EntityRequest>> filters = Stream.of(projectFilter, dashboardFilter, chartFilter, dataModelFilter)
                .flatMap(AppliedFilter::<EntityRequest>noneLetThrough);
        // A dossier search that broke off hid an unknown number of dossiers: the run must not end as a success.
        // A login or session refused mid-run ends it as a connection failure, not as a failure per dossier.
        return RefusedCredentials.endRunOn(Stream.concat(Stream.concat(Stream.concat(opening.stream(), body), filters),
                unread.<EntityRequest>endOfRead()).onClose(outputs::close), client::refusedCredentials);
    }

    @Override
    public void close() {
        client.logout();
    }

    // ---------------------------------------------------------------- work listing

    /** Results known already, or a dossier whose definition must be read. */
    private record Work(List<Result<EntityRequest>> ready, MstrProject project, MstrSearchResult dossier) {
        static Work ready(Result<EntityRequest> result) {
            return new Work(List.of(result), null, null);
        }
    }

    /** What one dossier produced; datasets apart, so each is emitted once per run. */
    private record Output(List<Result<EntityRequest>> charts, List<List<Result<EntityRequest>>> datasets,
                          List<String> datasetIds, List<Result<EntityRequest>> rest) {
        static Output of(List<Result<EntityRequest>> results) {
            return new Output(results, List.of(), List.of(), List.of());
        }
    }

    /**
     * The dossiers of every project, filtered, read lazily on the consuming thread: a project's
     * search pages are fetched only as its dossiers are taken. A failing search ends that project's
     * listing with one recorded failure and the next project follows; the run then fails at its end
     * ({@link UnreadListings}), as an unknown number of dossiers was not read.
     */
    private final class WorkListing implements Iterator<Work> {
        private final Iterator<MstrProject> projects;
        private MstrProject project;
        private Iterator<MstrSearchResult> found;
        private Work pending;

        WorkListing(Iterator<MstrProject> projects) {
            this.projects = projects;
        }

        @Override
        public boolean hasNext() {
            while (pending == null) {
                if (found != null) {
                    try {
                        if (found.hasNext()) {
                            pending = classify(project, found.next());
                            continue;
                        }
                    } catch (VendorApiException e) {
                        String named = "project " + project.name() + " (" + project.id() + ")";
                        // Kept a failure of the run: mark-deleted needs every project's complete listing. The
                        // user who cannot fix the project on the server can leave it out instead.
                        pending = Work.ready(unread.failed(named + " dossier search", "the dossiers of " + named,
                                "its dossiers not yet listed", e, "to leave the project out, exclude it with "
                                        + AppliedFilter.SOURCE_CONFIG_PATH + ".projectFilterPattern"));
                    }
                    found = null;
                    continue;
                }
                if (!projects.hasNext()) {
                    return false;
                }
                project = projects.next();
                Optional<String> rejected = projectFilter.rejection(project.name());
                if (rejected.isPresent()) {
                    pending = Work.ready(Result.filtered(project.name(), "projectFilterPattern: project " + rejected.get()));
                } else if (notLoaded(project)) {
                    // A failure, not a warning: its dossiers already in OpenMetadata must not be marked deleted.
                    pending = Work.ready(Result.failed(project.name(), "project " + project.name() + " ("
                            + project.id() + ") is not loaded on the Intelligence Server (status " + project.status()
                            + ", " + NOT_LOADED.getOrDefault(project.status(), "not loaded") + "), so its dossiers were"
                            + " not read (and mark-deleted was skipped); load it, or leave it out with "
                            + AppliedFilter.SOURCE_CONFIG_PATH + ".projectFilterPattern"));
                } else {
                    LOG.info("Reading project {} ({})", project.name(), project.id());
                    found = client.dossiers(project.id());
                }
            }
            return true;
        }

        @Override
        public Work next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Work out = pending;
            pending = null;
            return out;
        }
    }

    /**
     * Project states in which the project is not loaded and cannot be searched: the Intelligence
     * Server's negative project statuses (0 is loaded; positive values are idle modes of a loaded
     * project, which are searched). OpenMetadata searches every project and logs a failed search.
     */
    private static final Map<Integer, String> NOT_LOADED = Map.of(-1, "offline", -2, "going offline",
            -3, "in an error state", -4, "coming online");

    private static boolean notLoaded(MstrProject project) {
        return project.status() != null && project.status() < 0;
    }

    private Work classify(MstrProject project, MstrSearchResult found) {
        if (!found.isDossier()) {
            return Work.ready(Result.filtered(found.name(), "a document (subtype " + found.subtype()
                    + "), not a dossier: documents have no dossier definition"));
        }
        Optional<String> rejected = dashboardFilter.rejection(found.name());
        if (rejected.isPresent()) {
            return Work.ready(Result.filtered(found.name(), "dashboardFilterPattern: dossier " + rejected.get()
                    + " (" + found.id() + ")"));
        }
        return new Work(null, project, found);
    }

    // ---------------------------------------------------------------- per dossier

    /** Reads and maps one dossier on a worker; never throws. */
    private Output process(Work work) {
        if (work.ready() != null) {
            return Output.of(work.ready());
        }
        MstrProject project = work.project();
        MstrSearchResult found = work.dossier();
        String dashboardFqn = Fqn.build(context.serviceName(), found.id());
        MstrDossierDefinition definition;
        try {
            definition = client.definition(project.id(), found.id());
        } catch (VendorApiException e) {
            return Output.of(List.of(Result.failed(dashboardFqn + " (" + found.name() + ")", e)));
        }
        try {
            return map(project, found, definition, dashboardFqn);
        } catch (RuntimeException e) {
            return Output.of(List.of(Result.failed(dashboardFqn + " (" + found.name() + ")", e)));
        }
    }

    private Output map(MstrProject project, MstrSearchResult found, MstrDossierDefinition definition,
                       String dashboardFqn) {
        String url = connection.dossierUrl(project.id(), found.id());
        List<Result<EntityRequest>> charts = new ArrayList<>();
        List<String> chartFqns = new ArrayList<>();
        for (Chapter chapter : definition.chapters()) {
            for (Page page : chapter.pages()) {
                for (Visualization viz : page.visualizations()) {
                    String name = chartName(found.id(), page, viz);
                    String title = viz.name() == null ? name : viz.name();
                    Optional<String> rejected = chartFilter.rejection(title);
                    if (rejected.isPresent()) {
                        charts.add(Result.filtered(title, "chartFilterPattern: chart " + rejected.get() + " (" + name + ")"));
                        continue;
                    }
                    charts.add(Result.ok(new CreateChartRequest(name, title, null, ChartTypes.of(viz.visualizationType()),
                            url, context.serviceName(), null, null)));
                    chartFqns.add(Fqn.build(context.serviceName(), name));
                }
            }
        }
        List<List<Result<EntityRequest>>> datasets = new ArrayList<>();
        List<String> datasetIds = new ArrayList<>();
        List<Result<EntityRequest>> rest = new ArrayList<>();
        List<Dataset> models = new ArrayList<>();
        for (Dataset dataset : definition.datasets()) {
            if (dataset.id() == null || !config.includeDataModels()) {
                continue;
            }
            String modelName = dataset.name() == null ? dataset.id() : dataset.name();
            Optional<String> rejected = dataModelRejections.computeIfAbsent(modelName, dataModelFilter::rejection);
            datasets.add(rejected.isPresent()
                    ? List.of(Result.filtered(modelName, "dataModelFilterPattern: data model " + rejected.get()
                            + " (" + dataset.id() + ")"))
                    : lineage.dataset(project, dataset, config.lineageInformation().dbServiceNames()));
            datasetIds.add(dataset.id());
            if (rejected.isEmpty()) {
                models.add(dataset);
            }
        }
        String title = definition.name() != null ? definition.name() : found.name();
        rest.add(Result.ok(new CreateDashboardRequest(found.id(), title, blankToNull(found.description()), url,
                project.name(), List.copyOf(chartFqns), "Dashboard", context.serviceName(), owners(found), null)));
        for (Dataset dataset : models) {
            rest.add(Result.ok(lineage.toDashboard(dataset, dashboardFqn)));
        }
        return new Output(charts, datasets, datasetIds, rest);
    }

    /**
     * The dossier's owner as a by-name user, with {@code includeOwners} (off by default, as in
     * OpenMetadata's DashboardMetadata); the {@code metadata-rest} sink resolves it to a user, else a team.
     */
    private List<EntityReference> owners(MstrSearchResult found) {
        String name = found.owner() == null ? null : blankToNull(found.owner().name());
        return config.includeOwners() && name != null ? List.of(EntityReference.byName("user", name)) : null;
    }

    /**
     * A chart name unique within the service and stable across runs: the dossier id, then
     * OpenMetadata 1.6's {@code {pageKey}{visualizationKey}} (unique only within one dossier).
     */
    static String chartName(String dossierId, Page page, Visualization viz) {
        return dossierId + "_" + page.key() + viz.key();
    }

    /** Emits one dossier's output on the consuming thread; datasets only the first time they appear. */
    private Stream<Result<EntityRequest>> emit(Outcome<Work, Output> outcome) {
        if (!outcome.succeeded()) {
            MstrSearchResult dossier = outcome.input().dossier();
            return Stream.of(Result.failed(dossier == null ? "dossier" : dossier.name(), outcome.failure()));
        }
        Output output = outcome.value();
        List<Result<EntityRequest>> out = new ArrayList<>(output.charts());
        for (int i = 0; i < output.datasets().size(); i++) {
            if (emittedDatasets.add(output.datasetIds().get(i))) {
                out.addAll(output.datasets().get(i));
            }
        }
        out.addAll(output.rest());
        return out.stream();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
