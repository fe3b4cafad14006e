package io.metaingest.runtime.quality;

import io.metaingest.api.Result;
import io.metaingest.api.Source;
import io.metaingest.api.config.TestSuiteConfig;
import io.metaingest.api.quality.EntityLink;
import io.metaingest.api.quality.TestCase;
import jakarta.inject.Inject;
import java.util.stream.Stream;

/**
 * The source of a test suite workflow: the test cases of the {@code orm-test-runner}'s config, each
 * with the table or column it tests. A basic suite's test names a column of the suite's table
 * ({@code entityFullyQualifiedName} with {@code columnName}, or the table alone); a logical suite's
 * test names its own with an {@code entityLink}, which wins when both are given. When
 * {@code sourceConfig.config.testCases} lists names, the others are filtered out.
 */
public final class TestSuiteSource implements Source<TestCase> {

    private final TestSuiteConfig suite;
    private final OrmTestRunner.Config runner;

    /** Creates the source of a run. */
    @Inject
    public TestSuiteSource(TestSuiteConfig suite, OrmTestRunner.Config runner) {
        this.suite = suite;
        this.runner = runner;
    }

    @Override
    public Stream<Result<TestCase>> read() {
        return runner.testCases().stream().map(this::testCase);
    }

    private Result<TestCase> testCase(OrmTestRunner.TestCaseDefinition definition) {
        String name = definition.name();
        if (suite.testCases() != null && !suite.testCases().contains(name)) {
            return Result.filtered(name, "not in sourceConfig.config.testCases");
        }
        EntityLink link;
        try {
            link = entityLink(definition);
        } catch (IllegalArgumentException e) {
            return Result.failed(name, e.getMessage());
        }
        return Result.ok(new TestCase(name, definition.testDefinitionName(), link, definition.parameterValues()));
    }

    private EntityLink entityLink(OrmTestRunner.TestCaseDefinition definition) {
        if (definition.entityLink() != null) {
            EntityLink link = EntityLink.parse(definition.entityLink());
            return link.columnName() == null && definition.columnName() != null
                    ? new EntityLink(link.tableFqn(), definition.columnName()) : link;
        }
        if (suite.entityFullyQualifiedName() == null) {
            throw new IllegalArgumentException("test case " + definition.name() + " names no table: give it an entityLink "
                    + "(<#E::table::service.database.schema.table>) or set sourceConfig.config.entityFullyQualifiedName");
        }
        return new EntityLink(suite.entityFullyQualifiedName(), definition.columnName());
    }
}
