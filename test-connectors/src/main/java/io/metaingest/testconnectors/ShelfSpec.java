package io.metaingest.testconnectors;

import io.metaingest.api.ConnectionTester;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.ServiceCategory;
import io.metaingest.api.ServiceSpec;
import io.metaingest.api.StepSpec;
import io.metaingest.api.config.SourceConfigType;
import io.metaingest.api.entity.CreateTableRequest;
import io.metaingest.api.entity.TableQuery;
import io.metaingest.api.quality.TestExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The shared test connector of the project's tests: a shelf of books read as one database
 * ({@code shelf}) with one schema ({@code main}) and a table per book. Its connection
 * ({@link ShelfConnection}) chooses what a test needs: which books, a host that does not answer,
 * books whose mapping fails, a stream that breaks or hangs, a server that echoes credentials. It
 * offers every database workflow kind (usage reads the connection's query log), a connection tester, a data-quality test executor
 * and its own {@code orm-profiler}, and passes every check of the conformance kit.
 *
 * <p>Where a test needs a second service type, a variant below changes only the type and what it
 * brings: {@link AnnexSpec} brings its own {@code orm-profiler} and {@code query-parser} (no clash
 * with the shelf's or the runtime's),
 * {@link MetadataShelfSpec} brings nothing but its metadata workflow.
 */
public class ShelfSpec implements ServiceSpec {
    @Override public String serviceType() { return "Shelf"; }
    @Override public Set<String> formerServiceTypes() { return Set.of("Bookcase"); }
    @Override public ServiceCategory category() { return ServiceCategory.DATABASE; }
    @Override public Class<?> connectionType() { return ShelfConnection.class; }
    @Override public String connectionSchema() { return "/schemas/shelfConnection.json"; }
    /** Every step: the sources, then the shelf's own steps. */
    @Override public final List<StepSpec<?>> steps() {
        List<StepSpec<?>> steps = new ArrayList<>(sources());
        steps.addAll(ownSteps());
        return steps;
    }
    /** The sources among {@link #steps()}, one per workflow kind; a variant may offer fewer or swap one. */
    protected List<StepSpec<?>> sources() {
        return List.of(StepSpec.source(SourceConfigType.DATABASE_METADATA, ShelfSource.class),
                StepSpec.source(SourceConfigType.DATABASE_LINEAGE, ShelfLineage.class),
                StepSpec.source(SourceConfigType.DATABASE_USAGE, ShelfQueryLog.class),
                StepSpec.source(SourceConfigType.PROFILER, ShelfTables.class),
                StepSpec.source(SourceConfigType.AUTO_CLASSIFICATION, ShelfTables.class));
    }
    @Override public Optional<Class<? extends ConnectionTester>> connectionTester() { return Optional.of(ShelfTester.class); }
    @Override public Optional<Class<? extends TestExecutor>> testExecutor() { return Optional.of(ShelfExecutor.class); }
    /** The steps besides the sources. */
    protected List<StepSpec<?>> ownSteps() {
        return List.of(StepSpec.processor("orm-profiler", ShelfProfiler.class, CreateTableRequest.class,
                        ShelfProfiler.Config.class, "/schemas/step/shelf-profiler.json"),
                StepSpec.processor("shelf-labeller", Labeller.class, EntityRequest.class, Labeller.Config.class,
                        "/schemas/step/shelf-labeller.json"));
    }

    /** A second shelf under its own type, bringing its own {@code orm-profiler}. */
    public static final class AnnexSpec extends ShelfSpec {
        @Override public String serviceType() { return "ShelfAnnex"; }
        @Override public Set<String> formerServiceTypes() { return Set.of(); }
        @Override protected List<StepSpec<?>> ownSteps() {
            return List.of(StepSpec.processor("orm-profiler", ShelfProfiler.Annex.class, CreateTableRequest.class,
                    ShelfProfiler.Config.class, "/schemas/step/shelf-profiler.json"),
                    StepSpec.processor("query-parser", ShelfQueryParser.class, TableQuery.class,
                            ShelfQueryParser.Config.class, "/schemas/step/shelf-query-parser.json"));
        }
    }

    /** The shelf with its metadata workflow only: no tester, no test executor, no steps of its own. */
    public static final class MetadataShelfSpec extends ShelfSpec {
        @Override public String serviceType() { return "MetadataShelf"; }
        @Override public Set<String> formerServiceTypes() { return Set.of(); }
        @Override protected List<StepSpec<?>> sources() {
            return List.of(StepSpec.source(SourceConfigType.DATABASE_METADATA, ShelfSource.class));
        }
        @Override public Optional<Class<? extends ConnectionTester>> connectionTester() { return Optional.empty(); }
        @Override public Optional<Class<? extends TestExecutor>> testExecutor() { return Optional.empty(); }
        @Override protected List<StepSpec<?>> ownSteps() { return List.of(); }
    }
}
