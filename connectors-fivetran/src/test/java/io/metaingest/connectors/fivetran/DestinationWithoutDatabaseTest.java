package io.metaingest.connectors.fivetran;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DestinationWithoutDatabaseTest {

    /** A group the filter emptied (or whose listing failed at once) had no pipeline to tell about. */
    @Test
    void noPipelineIsNoLine() {
        assertThat(new DestinationWithoutDatabase("group g (G)", "s3_data_lake").summary()).isEmpty();
    }

    @Test
    void oneIsSaidInTheSingular() {
        DestinationWithoutDatabase group = new DestinationWithoutDatabase("group g (G)", "adls");
        group.add("g_conn_1");
        assertThat(group.summary()).hasValue("its config (adls) names no database (database, catalog, project_id or"
                + " project), so the 1 pipeline of the group is ingested without lineage, as its destination tables are"
                + " not known (each in the debug log): give the destination its database in Fivetran; one without any"
                + " (a data lake) has no tables to trace lineage to");
    }
}
