package io.metaingest.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoldenFilesTest {

    private static final String DB = "{\"entityType\":\"database\",\"entity\":{\"name\":\"shop\",\"service\":\"svc\"}}";
    private static final String T1 = "{\"entityType\":\"table\",\"entity\":{\"name\":\"t\",\"description\":\"old\","
            + "\"columns\":[{\"name\":\"id\",\"dataType\":\"INT\"}],\"databaseSchema\":\"svc.shop.s\"}}";
    private static final String T1_CHANGED = T1.replace("old", "new").replace("INT", "BIGINT");
    private static final String T2 = "{\"entityType\":\"table\",\"entity\":{\"name\":\"u\",\"columns\":[],\"databaseSchema\":\"svc.shop.s\"}}";

    @TempDir
    Path dir;

    @Test
    void theDiffNamesEachEntityAndEachChangedField() {
        String diff = GoldenFiles.diff(List.of(DB, T1, T2), List.of(T1_CHANGED, DB,
                "{\"entityType\":\"database\",\"entity\":{\"name\":\"more\",\"service\":\"svc\"}}"));
        assertThat(diff).isEqualTo("""
                + database svc.more (only in actual)
                ~ table svc.shop.s.t
                    entity.columns[0].dataType: "INT" → "BIGINT"
                    entity.description: "old" → "new"
                - table svc.shop.s.u (missing from actual)
                """);
        assertThat(GoldenFiles.diff(List.of(DB, T1), List.of(T1, DB))).as("order does not matter").isEmpty();
    }

    /** A golden file holds sorted lines; the order of two runs is compared on what they wrote, volatile fields left out. */
    @Test
    void theFirstPositionWhereTwoRunsDifferInOrderIsNamedByItsEntities() {
        assertThat(GoldenFiles.firstOrderDifference(List.of(DB, T1, T2), List.of(DB, T2, T1)))
                .hasValue("record 2 is table svc.shop.s.t in the first run and table svc.shop.s.u in the second");
        assertThat(GoldenFiles.firstOrderDifference(List.of(DB, T1), List.of(DB, T1))).isEmpty();
        String stamped = "{\"entityType\":\"pipelineStatus\",\"entity\":{\"pipelineFqn\":\"svc.p\",\"pipelineStatus\":"
                + "{\"timestamp\":1,\"executionStatus\":\"Successful\"}}}";
        assertThat(GoldenFiles.firstOrderDifference(GoldenFiles.stripped(List.of(DB, stamped), Set.of("timestamp")),
                GoldenFiles.stripped(List.of(DB, stamped.replace(":1,", ":2,")), Set.of("timestamp"))))
                .as("volatile fields removed, the order is the same").isEmpty();
        assertThat(GoldenFiles.stripped(List.of(T2, DB), Set.of())).as("stripped keeps the order")
                .containsExactly(T2, DB);
    }

    @Test
    void volatileFieldsAreIgnoredAtAnyDepth() {
        String a = "{\"entityType\":\"pipelineStatus\",\"entity\":{\"pipelineFqn\":\"svc.p\",\"pipelineStatus\":{\"timestamp\":1,\"executionStatus\":\"Successful\"}}}";
        String b = a.replace("\"timestamp\":1", "\"timestamp\":2");
        assertThat(GoldenFiles.normalize(List.of(a), Set.of("timestamp")))
                .isEqualTo(GoldenFiles.normalize(List.of(b), Set.of("timestamp")))
                .singleElement().asString().doesNotContain("timestamp");
    }

    @Test
    void aMismatchFailsWithTheDiffAndTheFlagThatRegenerates() throws Exception {
        Path golden = dir.resolve("golden.ndjson");
        Files.write(golden, List.of(DB, T1));
        GoldenFiles.assertMatches(golden, List.of(T1, DB), Set.of());
        assertThatThrownBy(() -> GoldenFiles.assertMatches(golden, List.of(DB, T1_CHANGED), Set.of()))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("-Dmetaingest.golden.update=true")
                .hasMessageContaining("entity.description: \"old\" → \"new\"");
        assertThatThrownBy(() -> GoldenFiles.assertMatches(dir.resolve("absent.ndjson"), List.of(DB), Set.of()))
                .hasMessageContaining("does not exist; create it with -Dmetaingest.golden.update=true");
    }
}
