package io.metaingest.connectors.fivetran;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TablelessPipelinesTest {

    @Test
    void noneIsNoLine() {
        assertThat(new TablelessPipelines().summary()).isEmpty();
    }

    @Test
    void oneIsSaidInTheSingular() {
        TablelessPipelines tally = new TablelessPipelines();
        tally.add("g_conn_1", "salesforce");
        assertThat(tally.summary()).hasValue("1 pipeline read from a service without tables of its own (salesforce 1)"
                + " carries no table lineage, as its connection names no source database (database, catalog, project_id"
                + " or project): g_conn_1");
    }

    /** The pipelines are read on several threads: the line depends on which were read, not in which order. */
    @Test
    void theLineIsTheSameWhateverTheOrderOfReading() {
        List<String> names = List.of("g_c4", "g_c1", "g_c3", "g_c2", "g_c5");
        TablelessPipelines forward = new TablelessPipelines();
        TablelessPipelines backward = new TablelessPipelines();
        for (int i = 0; i < names.size(); i++) {
            forward.add(names.get(i), i == 0 ? "hubspot" : "salesforce");
            backward.add(names.get(names.size() - 1 - i), i == names.size() - 1 ? "hubspot" : "salesforce");
        }
        assertThat(forward.summary()).isEqualTo(backward.summary()).hasValueSatisfying(line -> assertThat(line)
                .startsWith("5 pipelines read from services without tables of their own (salesforce 4, hubspot 1)")
                .endsWith(": g_c1, g_c2, g_c3 and 2 more (each in the debug log)"));
    }
}
