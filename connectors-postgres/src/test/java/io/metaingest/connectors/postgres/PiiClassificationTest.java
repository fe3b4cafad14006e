package io.metaingest.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.api.EntityRequest;
import io.metaingest.api.FilterPattern;
import io.metaingest.api.Result;
import io.metaingest.api.WorkflowKind;
import io.metaingest.api.config.AutoClassificationConfig;
import io.metaingest.api.entity.ColumnTagsRequest;
import io.metaingest.api.entity.TableSampleData;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Auto-classification against the embedded server: PII found from values under neutral column names
 * (precision and recall measured on generated data whose truth the test knows), from column names,
 * the confidence threshold, and the sample data's limits.
 */
class PiiClassificationTest {

    /**
     * Person names written for this test, not taken from the list the connector ships
     * ({@code /pii/first-names.txt}, {@code /pii/last-names.txt}); some are in it, some are not.
     */
    static final List<String> GIVEN = List.of("Oliver", "Amelia", "Harry", "Isla", "George", "Ava", "Noah", "Mia",
            "Jack", "Ivy", "Leo", "Freya", "Oscar", "Florence", "Arthur", "Willow", "Henry", "Rosie", "Theo", "Evie",
            "Alfie", "Poppy", "Finley", "Elsie", "Archie", "Maisie", "Reuben", "Imogen", "Hugo", "Matilda");
    static final List<String> FAMILY = List.of("Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson",
            "Davies", "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood",
            "Jackson", "Clarke", "Pemberton", "Ashworth", "Whitfield", "Oakley", "Fairbairn", "Hargreaves");

    static final TestPg pg = TestPg.get();
    static String db;
    /** Column → the tag it deserves (null: none). */
    static final Map<String, String> TRUTH = new LinkedHashMap<>();

    private static boolean loaded;

    @BeforeAll
    static synchronized void load() throws Exception {
        if (loaded) {
            return;
        }
        loaded = true;
        db = pg.database("pii_test", false, """
                CREATE SCHEMA pii;
                CREATE TABLE pii.neutral (f01 text, f02 text, f03 text, f04 text, f05 text, f06 text, f07 text,
                    f08 int4, f09 text, f10 text, f11 date, f12 numeric(10, 2), f13 text, f14 uuid, f15 text,
                    f16 text, f17 text, f18 int8, f19 text);
                CREATE TABLE pii.named (customer_email text, phone_number text, first_name text, notes text);
                INSERT INTO pii.named VALUES ('a.b@example.org', '(212) 555-0100', 'Oliver', 'ok'),
                    (NULL, NULL, NULL, 'fine');
                CREATE TABLE pii.odd (id int4, payload bytea, body text, amount float8, flag bool);
                INSERT INTO pii.odd SELECT g, decode(repeat('ab', 40), 'hex'), repeat('x', 5000), 'NaN'::float8, g % 2 = 0
                    FROM generate_series(1, 80) g;
                """);
        Map<String, Supplier<Object>> columns = generators(new Random(14));
        try (Connection c = pg.jdbc(db); PreparedStatement ps = c.prepareStatement("INSERT INTO pii.neutral VALUES ("
                + "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::date, ?::numeric, ?, ?::uuid, ?, ?, ?, ?, ?)")) {
            for (int row = 0; row < 200; row++) {
                int i = 1;
                for (Supplier<Object> column : columns.values()) {
                    ps.setObject(i++, column.get());
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The generated columns, in table order, and their truth. */
    private static Map<String, Supplier<Object>> generators(Random r) {
        Map<String, Supplier<Object>> g = new LinkedHashMap<>();
        put(g, "f01", "PII.Sensitive", () -> pick(r, GIVEN).toLowerCase() + "." + pick(r, FAMILY).toLowerCase()
                + r.nextInt(100) + "@" + pick(r, List.of("example.com", "mail.test", "corp.example.org")));
        put(g, "f02", "PII.Sensitive", () -> switch (r.nextInt(3)) {
            case 0 -> String.format("(%03d) %03d-%04d", 200 + r.nextInt(700), r.nextInt(1000), r.nextInt(10000));
            case 1 -> String.format("+44 20 %04d %04d", r.nextInt(10000), r.nextInt(10000));
            default -> String.format("%03d-%03d-%04d", 200 + r.nextInt(700), r.nextInt(1000), r.nextInt(10000));
        });
        put(g, "f03", "PII.Sensitive", () -> {
            String card = luhn((r.nextBoolean() ? "4" : "5" + (1 + r.nextInt(5))) + digits(r, 13));
            return r.nextBoolean() ? card : card.replaceAll("(.{4})(?!$)", "$1 ");
        });
        put(g, "f04", "PII.Sensitive", () -> iban("DE", digits(r, 18)));
        put(g, "f05", "PII.Sensitive", () -> String.format("%03d-%02d-%04d", 1 + r.nextInt(665), 1 + r.nextInt(99),
                1 + r.nextInt(9999)));
        put(g, "f06", "PII.NonSensitive", () -> (1 + r.nextInt(223)) + "." + r.nextInt(256) + "." + r.nextInt(256) + "."
                + r.nextInt(256));
        put(g, "f07", "PII.Sensitive", () -> pick(r, GIVEN) + " " + pick(r, FAMILY));
        put(g, "f08", null, () -> r.nextInt(500));
        put(g, "f09", null, () -> notLuhn("4" + digits(r, 14)));
        put(g, "f10", null, () -> "SKU-" + (10000 + r.nextInt(90000)));
        put(g, "f11", null, () -> String.format("2024-%02d-%02d", 1 + r.nextInt(12), 1 + r.nextInt(28)));
        put(g, "f12", null, () -> String.format("%d.%02d", r.nextInt(10000), r.nextInt(100)));
        put(g, "f13", null, () -> pick(r, List.of("pending", "shipped", "delivered", "returned", "cancelled")));
        put(g, "f14", null, () -> new UUID(r.nextLong(), r.nextLong()).toString());
        put(g, "f15", null, () -> String.format("%02d:%02d:%02d", r.nextInt(24), r.nextInt(60), r.nextInt(60)));
        put(g, "f16", null, () -> String.format("ORD-2024-%06d", r.nextInt(1_000_000)));
        put(g, "f17", null, () -> String.format("%05d", r.nextInt(100000)));
        put(g, "f18", null, () -> 1_000_000_000L + r.nextInt(1_000_000_000));
        // Shaped like person names, but products.
        put(g, "f19", null, () -> pick(r, List.of("Steel", "Garden", "Desk", "Travel", "Wool", "Cotton", "Ceramic",
                "Oak", "Copper")) + " " + pick(r, List.of("Kettle", "Hose", "Lamp", "Mug", "Scarf", "Towel", "Bowl",
                "Shelf", "Pan")));
        return g;
    }

    private static void put(Map<String, Supplier<Object>> g, String column, String tag, Supplier<Object> value) {
        g.put(column, value);
        TRUTH.put(column, tag);
    }

    private static <T> T pick(Random r, List<T> from) {
        return from.get(r.nextInt(from.size()));
    }

    private static String digits(Random r, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append(r.nextInt(10));
        }
        return s.toString();
    }

    /** Appends the Luhn check digit. */
    static String luhn(String body) {
        for (int d = 0; d < 10; d++) {
            if (PiiValues.isCard(body + d)) {
                return body + d;
            }
        }
        throw new AssertionError("no check digit for " + body);
    }

    /** Appends a digit that fails the Luhn check. */
    private static String notLuhn(String body) {
        String valid = luhn(body);
        int check = valid.charAt(valid.length() - 1) - '0';
        return body + ((check + 1) % 10);
    }

    /** An IBAN with correct check digits (ISO 13616: 98 minus the number mod 97). */
    static String iban(String country, String account) {
        String rearranged = account + (country.charAt(0) - 'A' + 10) + (country.charAt(1) - 'A' + 10) + "00";
        int check = 98 - new BigInteger(rearranged).mod(BigInteger.valueOf(97)).intValue();
        return country + String.format("%02d", check) + account;
    }

    static AutoClassificationConfig config(String table, boolean store, boolean classify, Double confidence,
                                           Integer count) {
        return new AutoClassificationConfig(null, FilterPattern.including("^pii$"), FilterPattern.including("^" + table + "$"),
                null, store, classify, confidence, count);
    }

    static List<Result<EntityRequest>> run(AutoClassificationConfig config) throws Exception {
        return TestPg.readAll(new PostgresAutoClassificationSource(new PostgresClient(pg.connection(db)), config,
                TestPg.context(WorkflowKind.AUTO_CLASSIFICATION)));
    }

    static Map<String, ColumnTagsRequest.ColumnTags> tags(List<Result<EntityRequest>> results) {
        Map<String, ColumnTagsRequest.ColumnTags> tags = new HashMap<>();
        TestPg.records(results).stream().filter(r -> r instanceof ColumnTagsRequest)
                .forEach(r -> ((ColumnTagsRequest) r).columns().forEach(c -> tags.put(c.name(), c)));
        return tags;
    }

    /** The auto-classification read the same filter as metadata but dropped a pg_* include without a word. */
    @Test
    void anIncludeAimedAtAPgSchemaWarnsOnce() throws Exception {
        List<Result<EntityRequest>> results = run(new AutoClassificationConfig(null, FilterPattern.including("^pii$",
                "pg_catalog"), FilterPattern.including("^neutral$"), null, true, false, null, 5));
        TestPg.warnsOnceOfPgIncludes(results, "include pattern [pg_catalog] names pg_catalog, which is never ingested");
        assertThat(TestPg.records(results)).singleElement().isInstanceOf(TableSampleData.class);
    }

    /** The same typo the profiler now warns of, through the one place both share (TableScope/TableWorkers). */
    @Test
    void aTablePatternThatLetsNothingThroughWarnsAtTheEnd() throws Exception {
        List<Result<EntityRequest>> results = run(config("nuetral", true, true, null, 5));
        assertThat(TestPg.records(results)).isEmpty();
        assertThat(TestPg.warnings(results)).singleElement().asString()
                .startsWith("source.sourceConfig.config.tableFilterPattern: let none of the ")
                .contains(" tables and views it was asked about through (includes [^nuetral$]), so none was ingested");
        assertThat(TestPg.warnings(run(new AutoClassificationConfig(null, FilterPattern.including("^pli$"), null, null,
                true, false, null, 5)))).singleElement().asString()
                .startsWith("source.sourceConfig.config.schemaFilterPattern: let none of the ");
    }

    @Test
    void personalDataIsFoundFromValuesUnderNeutralNamesWithHighPrecisionAndRecall() throws Exception {
        Map<String, ColumnTagsRequest.ColumnTags> found = tags(run(config("neutral", false, true, null, null)));

        int truePositives = 0;
        int tagged = found.size();
        int relevant = 0;
        List<String> mistakes = new ArrayList<>();
        for (Map.Entry<String, String> truth : TRUTH.entrySet()) {
            ColumnTagsRequest.ColumnTags tag = found.get(truth.getKey());
            String predicted = tag == null ? null : tag.tags().get(0).tagFQN();
            if (truth.getValue() != null) {
                relevant++;
            }
            if (truth.getValue() != null && truth.getValue().equals(predicted)) {
                truePositives++;
            } else if (truth.getValue() != null || predicted != null) {
                mistakes.add(truth.getKey() + ": expected " + truth.getValue() + ", got " + predicted);
            }
        }
        double precision = tagged == 0 ? 0 : (double) truePositives / tagged;
        double recall = (double) truePositives / relevant;
        System.out.printf("PII auto-classification on %d neutral columns (%d with PII): precision %.2f, recall %.2f%s%n",
                TRUTH.size(), relevant, precision, recall, mistakes.isEmpty() ? "" : "; misses: " + mistakes);
        assertThat(precision).isGreaterThanOrEqualTo(0.9);
        assertThat(recall).isGreaterThanOrEqualTo(0.9);
        assertThat(found.values()).allSatisfy(t -> {
            assertThat(t.confidence()).isBetween(80, 100);
            assertThat(t.reason()).matches(".* in \\d+ of 50 sampled values.*");
            assertThat(t.tags().get(0).source()).isEqualTo("Classification");
        });
    }

    @Test
    void columnNamesAloneAreEnoughAtTheDefaultConfidenceButNotAboveIt() throws Exception {
        Map<String, ColumnTagsRequest.ColumnTags> defaults = tags(run(config("named", false, true, null, null)));
        assertThat(defaults.keySet()).containsExactlyInAnyOrder("customer_email", "phone_number", "first_name");
        assertThat(defaults.get("customer_email").confidence()).isEqualTo(PiiClassifier.NAME_CONFIDENCE);
        assertThat(defaults.get("customer_email").tags().get(0)).as("suggested for a person to confirm, as OpenMetadata's")
                .isEqualTo(new io.metaingest.api.entity.TagLabel("PII.Sensitive", "Classification", "Automated", "Suggested"));

        assertThat(tags(run(config("named", false, true, 95.0, null)))).isEmpty();
        // OpenMetadata's confidence is a number: a threshold just above a finding's confidence drops it.
        assertThat(tags(run(config("named", false, true, PiiClassifier.NAME_CONFIDENCE + 0.5, null)))).isEmpty();
        assertThat(tags(run(config("named", false, true, (double) PiiClassifier.NAME_CONFIDENCE, null)))).hasSize(3);
    }

    @Test
    void sampleDataIsCappedAndBinaryAndOversizedValuesAreHandled() throws Exception {
        List<EntityRequest> records = TestPg.records(run(config("odd", true, false, null, 7)));
        assertThat(records).singleElement().isInstanceOf(TableSampleData.class);
        TableSampleData sample = (TableSampleData) records.get(0);
        assertThat(sample.sampleData().columns()).containsExactly("id", "payload", "body", "amount", "flag");
        assertThat(sample.sampleData().rows()).hasSize(7).allSatisfy(row -> {
            assertThat(row.get(1)).isEqualTo("[binary, 40 bytes]");
            assertThat((String) row.get(2)).hasSize(TableSampler.MAX_CHARS + 1).endsWith("x…");
            assertThat(row.get(3)).isEqualTo("NaN");
            assertThat(row.get(4)).isInstanceOf(Boolean.class);
        });
        assertThat(sample.toString()).doesNotContain("xxxx").contains("7 rows");
    }

    @Test
    void withoutStoreSampleDataNoRowIsEmitted() throws Exception {
        List<Result<EntityRequest>> results = run(config("neutral", false, true, null, null));
        assertThat(TestPg.records(results)).isNotEmpty().allSatisfy(r -> assertThat(r).isInstanceOf(ColumnTagsRequest.class));
    }
}
