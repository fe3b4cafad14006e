package io.metaingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A user's filter pattern that let nothing through says so, once the names have all been asked about. */
class AppliedFilterTest {

    private static List<Result<Object>> warnings(AppliedFilter filter) {
        return filter.noneLetThrough().toList();
    }

    @Test
    void aPatternThatDroppedEveryNameItWasAskedAboutSaysSoWithItsPatterns() {
        AppliedFilter schemas = AppliedFilter.of("schemaFilterPattern", "schemas", FilterPattern.including("^Sales$"));
        assertThat(schemas.rejection("marketing")).contains("matches no include pattern [^Sales$]");
        assertThat(schemas.includes("finance")).isFalse();
        assertThat(warnings(schemas)).containsExactly(Result.warning("source.sourceConfig.config.schemaFilterPattern",
                "let none of the 2 schemas it was asked about through (includes [^Sales$]), so none was ingested; its"
                        + " patterns match from the start of a name, ignoring case: check them"));
        AppliedFilter tables = AppliedFilter.of("tableFilterPattern", "tables", FilterPattern.excluding(".*"));
        tables.rejection("orders");
        assertThat(warnings(tables)).singleElement().asString().contains("(excludes [.*])");
    }

    /** An empty pattern (which drops every name in excludes) shows as one, not as an empty list. */
    @Test
    void anEmptyPatternIsShownQuoted() {
        AppliedFilter schemas = AppliedFilter.of("schemaFilterPattern", "schemas", FilterPattern.excluding(""));
        assertThat(schemas.rejection("sales")).contains("matches an exclude pattern [\"\"]");
        assertThat(warnings(schemas)).singleElement().asString().contains("(excludes [\"\"])");
        AppliedFilter spaced = AppliedFilter.of("schemaFilterPattern", "schemas", FilterPattern.excluding("a, b", " x"));
        spaced.rejection("a, b");
        assertThat(warnings(spaced)).singleElement().asString().contains("(excludes [\"a, b\", \" x\"])");
    }

    @Test
    void oneNameLetThroughIsEnough() {
        AppliedFilter schemas = AppliedFilter.of("schemaFilterPattern", "schemas", FilterPattern.including("^sales"));
        IntStream.range(0, 5).forEach(i -> schemas.rejection("other_" + i));
        assertThat(schemas.rejection("SALES_eu")).isEmpty();
        assertThat(warnings(schemas)).isEmpty();
    }

    @Test
    void nothingAskedOrNoPatternOfTheUsersSaysNothing() {
        assertThat(warnings(AppliedFilter.of("schemaFilterPattern", "schemas", FilterPattern.including("^x$")))).isEmpty();
        // The connector's own default drops what it must (template databases): not the user's doing.
        AppliedFilter databases = AppliedFilter.of("databaseFilterPattern", "databases", null,
                FilterPattern.excluding("^template"));
        assertThat(databases.rejection("template0")).isPresent();
        assertThat(databases.pattern()).isEqualTo(FilterPattern.excluding("^template"));
        assertThat(warnings(databases)).isEmpty();
        AppliedFilter all = AppliedFilter.of("tableFilterPattern", "tables", null);
        assertThat(all.includes("anything")).isTrue();
        assertThat(warnings(all)).isEmpty();
    }

    @Test
    void countsFromParallelWorkersAreAllSeen() {
        AppliedFilter charts = AppliedFilter.of("chartFilterPattern", "charts", FilterPattern.including("^kpi"));
        IntStream.range(0, 10_000).parallel().forEach(i -> charts.rejection("chart " + i));
        assertThat(warnings(charts)).singleElement().asString().contains("none of the 10000 charts");
    }

    /** A source that asks about each schema, then again for each of its tables, has asked about 3 schemas, not 7. */
    @Test
    void aNameAskedAboutAgainCountsOnce() {
        AppliedFilter schemas = AppliedFilter.of("schemaFilterPattern", "schemas", FilterPattern.including("^slaes$"));
        List.of("sales", "hr", "ops").forEach(schemas::rejection);
        List.of("sales", "sales", "hr", "ops").forEach(schemas::includes);
        assertThat(warnings(schemas)).singleElement().asString().contains("let none of the 3 schemas it was asked about");
    }

    /** Distinct names are kept up to a bound, so a typo over a million tables does not hold a million names. */
    @Test
    void pastTheBoundTheCountSaysMoreThan() {
        AppliedFilter tables = AppliedFilter.of("tableFilterPattern", "tables", FilterPattern.including("^x$"));
        IntStream.range(0, AppliedFilter.MAX_COUNTED + 5).forEach(i -> tables.rejection("t" + i));
        tables.rejection("t1");
        assertThat(warnings(tables)).singleElement().asString()
                .contains("let none of the more than " + AppliedFilter.MAX_COUNTED + " tables it was asked about through");
    }

    /** Two jobs of one name are two jobs: a source whose names repeat counts its entities by id. */
    @Test
    void entitiesSharingANameCountByTheirIds() {
        AppliedFilter jobs = AppliedFilter.of("pipelineFilterPattern", "jobs", FilterPattern.including("^Dialy$"));
        jobs.rejection("Daily", "1");
        jobs.rejection("Daily", "2");
        jobs.rejection("Daily", "2");
        assertThat(warnings(jobs)).singleElement().asString().contains("let none of the 2 jobs it was asked about");
    }

    @Test
    void aRunawayPatternIsNamedByItsConfigPath() {
        AppliedFilter tables = AppliedFilter.of("tableFilterPattern", "tables", FilterPattern.excluding("(.*a){30}x"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> tables.rejection("a".repeat(40) + "b"))
                .isInstanceOf(RunawayPatternException.class)
                .hasMessageStartingWith("source.sourceConfig.config.tableFilterPattern.excludes[0] \"(.*a){30}x\" gave up");
    }
}
