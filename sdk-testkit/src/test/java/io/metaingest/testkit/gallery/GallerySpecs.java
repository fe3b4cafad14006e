package io.metaingest.testkit.gallery;

import io.metaingest.api.AppliedFilter;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.Fqn;
import io.metaingest.api.Result;
import io.metaingest.api.ServiceCategory;
import io.metaingest.api.ServiceSpec;
import io.metaingest.api.Source;
import io.metaingest.api.StepSpec;
import io.metaingest.api.WorkflowContext;
import io.metaingest.api.config.DashboardMetadataConfig;
import io.metaingest.api.config.SourceConfigType;
import io.metaingest.api.entity.ChartType;
import io.metaingest.api.entity.CreateChartRequest;
import io.metaingest.api.entity.CreateDashboardDataModelRequest;
import io.metaingest.api.entity.CreateDashboardRequest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A dashboard connector for the kit's own tests, with projects, dashboards, charts and data models:
 * a gallery whose projects {@code north} and {@code south} hold three dashboards, and whose
 * {@code lobby} dashboard belongs to no project. Each dashboard has its charts and one data model.
 * {@link GallerySpec} honours the dashboard, chart, project and data-model filters and warns when
 * one lets none through; each variant below makes one mistake the kit must catch.
 */
public final class GallerySpecs {

    private GallerySpecs() {
    }

    /** The connection: its type and a host that is never called. */
    public record GalleryConnection(String type, String hostPort) {
    }

    /** One dashboard of the gallery. */
    private record Board(String project, String name, List<String> charts, String model) {
    }

    private static final List<String> PROJECTS = List.of("north", "south");

    private static final List<Board> BOARDS = List.of(
            new Board("north", "sales", List.of("sales_by_month", "sales_by_shop"), "orders"),
            new Board("north", "stock", List.of("stock_level"), "inventory"),
            new Board("south", "staff", List.of("headcount"), "people"),
            new Board(null, "lobby", List.of("visitors"), "visits"));

    /** The gallery that honours every filter of its source config. */
    public static class GallerySpec implements ServiceSpec {
        @Override public String serviceType() { return "Gallery"; }
        @Override public ServiceCategory category() { return ServiceCategory.DASHBOARD; }
        @Override public Class<?> connectionType() { return GalleryConnection.class; }
        @Override public String connectionSchema() { return "/schemas/" + serviceType() + "Connection.json"; }
        @Override public List<StepSpec<?>> steps() {
            return List.of(StepSpec.source(SourceConfigType.DASHBOARD_METADATA, source()));
        }

        /** The metadata source: the gallery's, unless the mistake is in it. */
        protected Class<? extends Source<?>> source() {
            return GallerySource.class;
        }
    }

    /** Its source ignores projectFilterPattern. */
    public static final class IgnoredProjectFilterSpec extends GallerySpec {
        @Override public String serviceType() { return "IgnoredProjectFilter"; }
        @Override protected Class<? extends Source<?>> source() { return ProjectUnfilteredSource.class; }
    }

    /** Its source ignores dataModelFilterPattern. */
    public static final class IgnoredDataModelFilterSpec extends GallerySpec {
        @Override public String serviceType() { return "IgnoredDataModelFilter"; }
        @Override protected Class<? extends Source<?>> source() { return DataModelUnfilteredSource.class; }
    }

    /** The gallery's metadata: per project, per dashboard its charts, its data model (once), the dashboard. */
    public static class GallerySource implements Source<EntityRequest> {
        private final WorkflowContext context;
        private final AppliedFilter projects;
        private final AppliedFilter dashboards;
        private final AppliedFilter charts;
        private final AppliedFilter models;

        /** Created by the runtime's injector. */
        @Inject
        public GallerySource(GalleryConnection connection, DashboardMetadataConfig config, WorkflowContext context) {
            this.context = context;
            this.projects = AppliedFilter.of("projectFilterPattern", "projects", config.projectFilterPattern());
            this.dashboards = AppliedFilter.of("dashboardFilterPattern", "dashboards", config.dashboardFilterPattern());
            this.charts = AppliedFilter.of("chartFilterPattern", "charts", config.chartFilterPattern());
            this.models = AppliedFilter.of("dataModelFilterPattern", "data models", config.dataModelFilterPattern());
        }

        /** Whether projectFilterPattern is applied (a broken connector ignores it). */
        protected boolean filtersProjects() {
            return true;
        }

        /** Whether dataModelFilterPattern is applied (a broken connector ignores it). */
        protected boolean filtersDataModels() {
            return true;
        }

        @Override
        public Stream<Result<EntityRequest>> read() {
            String service = context.serviceName();
            List<Result<EntityRequest>> out = new ArrayList<>();
            Set<String> rejectedProjects = new HashSet<>();
            for (String project : PROJECTS) {
                Optional<String> rejected = filtersProjects() ? projects.rejection(project) : Optional.empty();
                if (rejected.isPresent()) {
                    rejectedProjects.add(project);
                    out.add(Result.filtered(project, "projectFilterPattern: project " + rejected.get()));
                }
            }
            for (Board board : BOARDS) {
                if (board.project() != null && rejectedProjects.contains(board.project())) {
                    continue;
                }
                Optional<String> rejected = dashboards.rejection(board.name());
                if (rejected.isPresent()) {
                    out.add(Result.filtered(Fqn.build(service, board.name()), "dashboardFilterPattern: dashboard " + rejected.get()));
                    continue;
                }
                List<String> chartFqns = new ArrayList<>();
                for (String chart : board.charts()) {
                    String fqn = Fqn.build(service, chart);
                    Optional<String> chartRejected = charts.rejection(chart);
                    if (chartRejected.isPresent()) {
                        out.add(Result.filtered(fqn, "chartFilterPattern: chart " + chartRejected.get()));
                    } else {
                        out.add(Result.ok(new CreateChartRequest(chart, chart, null, ChartType.BAR, null, service, null, null)));
                        chartFqns.add(fqn);
                    }
                }
                Optional<String> modelRejected = filtersDataModels() ? models.rejection(board.model()) : Optional.empty();
                if (modelRejected.isPresent()) {
                    out.add(Result.filtered(CreateDashboardDataModelRequest.fqn(service, board.model()),
                            "dataModelFilterPattern: data model " + modelRejected.get()));
                } else {
                    out.add(Result.ok(new CreateDashboardDataModelRequest(board.model(), board.model(), null, null, null,
                            service, "Gallery", "GalleryDataModel", null, null, board.project())));
                }
                out.add(Result.ok(new CreateDashboardRequest(board.name(), board.name(), null, null, board.project(),
                        List.copyOf(chartFqns), "Dashboard", service, null, null)));
            }
            return Stream.concat(out.stream(), Stream.of(projects, dashboards, charts, models)
                    .flatMap(AppliedFilter::<EntityRequest>noneLetThrough));
        }
    }

    /** Reads the dashboards of every project whatever projectFilterPattern says. */
    public static final class ProjectUnfilteredSource extends GallerySource {
        /** Created by the runtime's injector. */
        @Inject
        public ProjectUnfilteredSource(GalleryConnection connection, DashboardMetadataConfig config, WorkflowContext context) {
            super(connection, config, context);
        }

        @Override
        protected boolean filtersProjects() {
            return false;
        }
    }

    /** Reads every data model whatever dataModelFilterPattern says. */
    public static final class DataModelUnfilteredSource extends GallerySource {
        /** Created by the runtime's injector. */
        @Inject
        public DataModelUnfilteredSource(GalleryConnection connection, DashboardMetadataConfig config, WorkflowContext context) {
            super(connection, config, context);
        }

        @Override
        protected boolean filtersDataModels() {
            return false;
        }
    }
}
