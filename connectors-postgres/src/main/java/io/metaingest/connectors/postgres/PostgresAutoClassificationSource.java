package io.metaingest.connectors.postgres;

import io.metaingest.api.EntityRequest;
import io.metaingest.api.ConnectionException;
import io.metaingest.api.Result;
import io.metaingest.api.Source;
import io.metaingest.api.WorkflowContext;
import io.metaingest.api.config.AutoClassificationConfig;
import io.metaingest.api.entity.ColumnTagsRequest;
import io.metaingest.api.entity.EntityReference;
import io.metaingest.api.entity.TableData;
import io.metaingest.api.entity.TableSampleData;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The auto-classification workflow ({@code sourceConfig.config.type: AutoClassification}): per table
 * at most {@code sampleDataCount} rows are read ({@link TableSampler}); with {@code storeSampleData}
 * they are emitted as {@link TableSampleData}, with {@code enableAutoClassification} the
 * {@link PiiClassifier} tags the columns ({@link ColumnTagsRequest}, only findings at or above
 * {@code confidence}). The rows stay inside the worker that read them: with {@code storeSampleData:
 * false} no record, log line, failure or report carries them.
 */
public final class PostgresAutoClassificationSource implements Source<EntityRequest> {

    /** Tables sampled at once: sampling is a short bounded read, so a few connections are plenty. */
    static final int THREADS = 4;

    private final AutoClassificationConfig config;
    private final TableWorkers workers;
    private final TableSampler sampler = new TableSampler();
    private final PiiClassifier classifier = new PiiClassifier(PersonNames.shipped());

    /** Created by the runtime's injector. */
    @Inject
    public PostgresAutoClassificationSource(PostgresClient client, AutoClassificationConfig config,
                                            WorkflowContext context) {
        this.config = config;
        this.workers = new TableWorkers(client, context.serviceName(), config.databaseFilterPattern(),
                new TableScope(config.schemaFilterPattern(), config.tableFilterPattern(), config.includeViews()),
                THREADS, java.util.OptionalLong.empty());
    }

    @Override
    public Stream<Result<EntityRequest>> read() throws ConnectionException {
        if (!config.storeSampleData() && !config.enableAutoClassification()) {
            return Stream.of(Result.warning("autoClassification",
                    "storeSampleData and enableAutoClassification are both false: no table is read"));
        }
        return workers.run("postgres-sampler", (c, target, fqn) -> {
            TableData sample = sampler.sample(c, target, config.sampleDataCount());
            EntityReference table = EntityReference.byFqn("table", fqn);
            List<Result<EntityRequest>> out = new ArrayList<>(2);
            if (config.storeSampleData()) {
                out.add(Result.ok(new TableSampleData(table, sample)));
            }
            if (config.enableAutoClassification()) {
                List<ColumnTagsRequest.ColumnTags> tags = classifier.classify(sample.columns(), sample.rows(),
                        config.confidence());
                if (!tags.isEmpty()) {
                    out.add(Result.ok(new ColumnTagsRequest(table, tags)));
                }
            }
            return out;
        });
    }

    @Override
    public void close() {
        workers.close();
    }
}
