package io.metaingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.entity.AddLineageRequest;
import io.metaingest.api.entity.Column;
import io.metaingest.api.entity.CreateDashboardDataModelRequest;
import io.metaingest.api.entity.CreateTableRequest;
import io.metaingest.api.entity.DataType;
import io.metaingest.api.entity.EntityReference;
import io.metaingest.api.entity.LineageSource;
import io.metaingest.api.entity.PartitionIntervalType;
import io.metaingest.api.entity.TablePartition;
import io.metaingest.api.entity.TableType;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntityJsonTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void tableUsesOpenMetadataNamesAndEnumValues() throws Exception {
        CreateTableRequest table = new CreateTableRequest("orders", null, null, TableType.MATERIALIZED_VIEW,
                List.of(Column.of("id", DataType.BIGINT, 1)), null,
                new TablePartition(List.of(new TablePartition.PartitionColumnDetails("day", PartitionIntervalType.TIME_UNIT, "range"))),
                null, "svc.db.public", null, null, null);
        String json = mapper.writeValueAsString(table);
        assertThat(json).isEqualTo("{\"name\":\"orders\",\"tableType\":\"MaterializedView\","
                + "\"columns\":[{\"name\":\"id\",\"dataType\":\"BIGINT\",\"dataTypeDisplay\":\"bigint\",\"ordinalPosition\":1}],"
                + "\"tablePartition\":{\"columns\":[{\"columnName\":\"day\",\"intervalType\":\"TIME-UNIT\",\"interval\":\"range\"}]},"
                + "\"databaseSchema\":\"svc.db.public\"}");
        assertThat(table.entityType()).isEqualTo("table");
        assertThat(table.key()).isEqualTo("svc.db.public.orders");
        assertThat(mapper.readValue(json, CreateTableRequest.class)).isEqualTo(table);
    }

    @Test
    void lineageNamesBothEndsByTypeAndFqn() throws Exception {
        AddLineageRequest lineage = AddLineageRequest.between(EntityReference.byFqn("table", "s.d.p.a"),
                EntityReference.byFqn("table", "s.d.p.v"),
                new AddLineageRequest.LineageDetails(null, null, null, null, LineageSource.VIEW_LINEAGE));
        assertThat(mapper.writeValueAsString(lineage)).isEqualTo("{\"edge\":{\"fromEntity\":{\"type\":\"table\","
                + "\"fullyQualifiedName\":\"s.d.p.a\"},\"toEntity\":{\"type\":\"table\",\"fullyQualifiedName\":\"s.d.p.v\"},"
                + "\"lineageDetails\":{\"source\":\"ViewLineage\"}}}");
        assertThat(lineage.key()).isEqualTo("table:s.d.p.a -> table:s.d.p.v");
    }

    @Test
    void dashboardDataModelUsesOpenMetadataNamesAndServiceModelFqn() throws Exception {
        CreateDashboardDataModelRequest model = new CreateDashboardDataModelRequest("8DFA1ABC", "Retail Sales Cube",
                null, null, null, "mstr_prod", "MicroStrategy", "MicroStrategyDataset", "select 1",
                List.of(Column.of("Cost", DataType.NUMERIC, 1)), "Tutorial");
        String json = mapper.writeValueAsString(model);
        assertThat(json).isEqualTo("{\"name\":\"8DFA1ABC\",\"displayName\":\"Retail Sales Cube\","
                + "\"service\":\"mstr_prod\",\"serviceType\":\"MicroStrategy\",\"dataModelType\":\"MicroStrategyDataset\","
                + "\"sql\":\"select 1\",\"columns\":[{\"name\":\"Cost\",\"dataType\":\"NUMERIC\","
                + "\"dataTypeDisplay\":\"numeric\",\"ordinalPosition\":1}],\"project\":\"Tutorial\"}");
        assertThat(model.entityType()).isEqualTo("dashboardDataModel");
        assertThat(model.key()).isEqualTo("mstr_prod.model.8DFA1ABC");
        assertThat(mapper.readValue(json, CreateDashboardDataModelRequest.class)).isEqualTo(model);
        assertThat(new CreateDashboardDataModelRequest("m", null, null, null, null, "s", null, "MicroStrategyDataset",
                null, null, null).columns()).isEmpty();
    }
}
