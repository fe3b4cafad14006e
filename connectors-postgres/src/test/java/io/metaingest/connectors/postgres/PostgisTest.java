package io.metaingest.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.metaingest.api.EntityRequest;
import io.metaingest.api.Result;
import io.metaingest.api.WorkflowKind;
import io.metaingest.api.config.DatabaseMetadataConfig;
import io.metaingest.api.entity.Column;
import io.metaingest.api.entity.CreateStoredProcedureRequest;
import io.metaingest.api.entity.CreateTableRequest;
import io.metaingest.api.entity.DataType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * PostGIS columns on a real server with the extension. It needs PostGIS on the server: with the
 * embedded server that means Debian's postgresql-15-postgis-3 package, which .ci/run installs.
 */
class PostgisTest {

    private final TestPg pg = TestPg.get();

    @Test
    void geometryAndGeographyColumnsAndNoExtensionFunctions() throws Exception {
        assumeTrue(pg.postgis(), "PostGIS is not available: apt-get install postgresql-15-postgis-3 (CI does)");
        String db = pg.database("gis", false, "CREATE EXTENSION postgis",
                "CREATE TABLE places (id int PRIMARY KEY, location geometry(Point, 4326), area geography(Polygon), shape geometry)");
        PostgresConnection conn = pg.connection(db);
        DatabaseMetadataConfig config = MetadataSourceTest.config(Map.of());
        List<Result<EntityRequest>> results = TestPg.readAll(new PostgresMetadataSource(new PostgresClient(conn), config,
                TestPg.context(WorkflowKind.METADATA), new TableMapper(config, conn)));

        CreateTableRequest places = TestPg.records(results).stream()
                .filter(r -> r instanceof CreateTableRequest t && t.name().equals("places"))
                .map(CreateTableRequest.class::cast).findFirst().orElseThrow();
        assertThat(places.columns()).extracting(Column::name, Column::dataType, Column::dataTypeDisplay).containsExactly(
                org.assertj.core.groups.Tuple.tuple("id", DataType.INT, "integer"),
                org.assertj.core.groups.Tuple.tuple("location", DataType.GEOMETRY, "geometry(Point,4326)"),
                org.assertj.core.groups.Tuple.tuple("area", DataType.GEOGRAPHY, "geography(Polygon,4326)"),
                org.assertj.core.groups.Tuple.tuple("shape", DataType.GEOMETRY, "geometry"));
        // PostGIS brings hundreds of functions; they belong to the extension, not to the user's schema.
        assertThat(TestPg.records(results)).noneMatch(r -> r instanceof CreateStoredProcedureRequest);
        assertThat(results).noneMatch(r -> r instanceof Result.Failed<?>);
    }
}
