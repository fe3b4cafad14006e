package io.metaingest.runtime.exec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.testing.ShelfWorkflows;
import io.metaingest.testconnectors.ShelfSpec;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source that emits one entity twice: OpenMetadata keeps the last, so the run goes on and warns once per
 * entity, naming its FQN; past {@value RepeatedEntities#NAMED} entities one warning counts the rest.
 */
class RepeatedEntitiesTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private final Metaingest runtime = ShelfWorkflows.runtime(CLOCK, new ShelfSpec());

    private RunResult run(String books, Path report) throws Exception {
        Path file = dir.resolve("shelf.yaml");
        Files.writeString(file, ShelfWorkflows.shelfSource("hostPort: \"shelf:1\"\n" + books) + """
                sink:
                  type: file
                  config: {path: %s}
                """.formatted(dir.resolve("out.ndjson")));
        return runtime.ingest(file, Optional.of(report), new PrintStream(OutputStream.nullOutputStream()), false);
    }

    @Test
    void anEntityEmittedAgainIsOneWarningNamingItsFqnHoweverOftenItRepeatsAndTheRunGoesOn() throws Exception {
        Path report = dir.resolve("report.json");
        RunResult result = run("books: [emma, persuasion, emma, emma, persuasion, ivanhoe]", report);

        assertThat(result.state()).isEqualTo(RunState.SUCCESS);
        StepSummary source = result.steps().get(0);
        assertThat(source.records()).as("database, schema and 6 tables, as emitted").isEqualTo(8);
        assertThat(source.errors()).isZero();
        assertThat(source.warnings()).isEqualTo(2);
        assertThat(source.warningDetails()).containsExactly(
                "shelf_service.shelf.main.emma: table emitted more than once in this run; OpenMetadata keeps only the"
                        + " last (an entity is known by its FQN), though each counts as a record here: emit each entity once",
                "shelf_service.shelf.main.persuasion: table emitted more than once in this run; OpenMetadata keeps only"
                        + " the last (an entity is known by its FQN), though each counts as a record here: emit each entity once");
        JsonNode written = Mappers.standard().readTree(report.toFile());
        assertThat(written.at("/steps/0/warnings").asLong()).isEqualTo(2);
        assertThat(written.at("/steps/0/warning_details/0").asText()).startsWith("shelf_service.shelf.main.emma: ");
    }

    @Test
    void pastTheNamedOnesOneWarningCountsTheRest() throws Exception {
        // b1 … b12 from books, then again from count: twelve tables each emitted twice.
        RunResult result = run("books: [b1, b2, b3, b4, b5, b6, b7, b8, b9, b10, b11, b12]\ncount: 12",
                dir.resolve("report.json"));

        StepSummary source = result.steps().get(0);
        assertThat(source.warnings()).isEqualTo(RepeatedEntities.NAMED + 1);
        assertThat(source.warningDetails()).hasSize(RepeatedEntities.NAMED + 1);
        assertThat(source.warningDetails().subList(0, RepeatedEntities.NAMED))
                .allMatch(w -> w.matches("shelf_service\\.shelf\\.main\\.b\\d+: table emitted more than once.*"));
        assertThat(source.warningDetails().get(RepeatedEntities.NAMED)).isEqualTo("shelf: … and 2 more entities emitted"
                + " more than once in this run (the first 10 are named in their own warnings); OpenMetadata keeps only"
                + " the last of each: emit each entity once");
        assertThat(result.state()).isEqualTo(RunState.SUCCESS);
    }

    @Test
    void entitiesOfDifferentTypesOrFqnsAreNoRepeats() throws Exception {
        RunResult result = run("books: [emma, main]", dir.resolve("report.json"));

        assertThat(result.steps().get(0).warnings()).isZero();
    }

    /** Only the first {@value RepeatedEntities#CHECKED} entities are remembered: a bound on the memory of a huge run. */
    @Test
    void repeatsAreLookedForAmongTheFirstCheckedEntitiesOnly() {
        io.metaingest.api.Status status = new io.metaingest.api.Status();
        RepeatedEntities repeats = new RepeatedEntities(status);
        for (int i = 0; i < RepeatedEntities.CHECKED; i++) {
            repeats.saw(database("db" + i));
        }
        repeats.saw(database("late"));
        repeats.saw(database("late"));
        assertThat(status.warnings()).as("an entity past the first ones is not remembered").isZero();

        repeats.saw(database("db7"));
        repeats.saw(database("db7"));
        assertThat(status.warnings()).as("one of the first ones, repeated twice: one warning").isEqualTo(1);
        assertThat(status.firstWarnings()).singleElement().asString().startsWith("svc.db7: database emitted more than once");
    }

    private static io.metaingest.api.entity.CreateDatabaseRequest database(String name) {
        return new io.metaingest.api.entity.CreateDatabaseRequest(name, null, null, "svc", null, null, null);
    }
}
