package io.metaingest.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.api.FilterPattern;
import io.metaingest.api.Result;
import org.junit.jupiter.api.Test;

/** The reasons of filtered entries name the setting as the workflow file writes it, and the pattern that matched. */
class ConfiguredFilterTest {

    @Test
    void anExcludeNamesItsSettingAndWhichOfItsPatternsMatched() {
        ConfiguredFilter tables = ConfiguredFilter.of("tableFilterPattern", "tables and views",
                FilterPattern.excluding("^tmp_", "^orders$", ".*_old$"));
        assertThat(tables.rejection("orders")).contains("source.sourceConfig.config.tableFilterPattern excludes"
                + " \"orders\": \"^orders$\" matches it");
        assertThat(tables.rejection("ORDERS_old")).contains("source.sourceConfig.config.tableFilterPattern excludes"
                + " \"ORDERS_old\": \".*_old$\" matches it");
        assertThat(tables.rejection("customers")).isEmpty();
    }

    @Test
    void quotesAndBackslashesInANameOrPatternAreEscapedSoItsEndsAreClear() {
        ConfiguredFilter tables = ConfiguredFilter.of("tableFilterPattern", "tables and views",
                FilterPattern.including("^\"x"));
        assertThat(tables.rejection("Quote\"d.Table")).contains("source.sourceConfig.config.tableFilterPattern"
                + " includes only names matching \"^\\\"x\": \"Quote\\\"d.Table\" matches none");
    }

    /** Counting stays the toolkit's: a pattern that let nothing through still warns once at the end. */
    @Test
    void whatItDropsIsStillCountedForTheEndOfRunWarning() {
        ConfiguredFilter schemas = ConfiguredFilter.of("schemaFilterPattern", "schemas", FilterPattern.including("^slaes$"));
        schemas.rejection("sales");
        assertThat(schemas.applied().noneLetThrough()).singleElement()
                .satisfies(w -> assertThat(((Result.Warning<?>) w).name())
                        .isEqualTo("source.sourceConfig.config.schemaFilterPattern"));
    }

    /** The profiler's, auto-classification's, lineage's and usage's tables: the same reasons as metadata's. */
    @Test
    void theTablesOfTheOtherWorkflowsSayWhichSettingLeftThemOut() {
        TableScope scope = new TableScope(FilterPattern.excluding("^staging$"), FilterPattern.including("^fact_"), true);
        assertThat(scope.select(target("staging", "fact_sales"), "svc.db.staging.fact_sales"))
                .isEqualTo(Result.filtered("svc.db.staging.fact_sales", "source.sourceConfig.config.schemaFilterPattern"
                        + " excludes \"staging\": \"^staging$\" matches it"));
        assertThat(scope.select(target("sales", "dim_date"), "svc.db.sales.dim_date"))
                .isEqualTo(Result.filtered("svc.db.sales.dim_date", "source.sourceConfig.config.tableFilterPattern"
                        + " includes only names matching \"^fact_\": \"dim_date\" matches none"));
    }

    /** PostgreSQL's own schemas are asked of no pattern: their reason names the rule, not a pattern that did not match. */
    @Test
    void aSystemSchemasTableSaysWhyNoPatternBringsItIn() {
        TableScope scope = new TableScope(null, null, true);
        assertThat(scope.schemaRejection("pg_catalog")).contains("schema pg_catalog is PostgreSQL's own, never ingested"
                + " whatever the filters");
        assertThat(scope.schemaRejection("information_schema")).contains("schema information_schema is read only when"
                + " a pattern of source.sourceConfig.config.schemaFilterPattern.includes names it");
    }

    private static ProfileTarget target(String schema, String name) {
        return new ProfileTarget(schema, name, schema + "." + name, "r", 10, true, null, java.util.List.of());
    }
}
