package io.metaingest.connectors.fivetran;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A deterministic Fivetran account in the exact JSON shape of the public API: groups, connectors
 * (list items and details), destinations, schema configs and column configs. Most of it is
 * generated; the odd cases come from hand-written files under {@code src/test/resources/fivetran/}.
 */
public final class FivetranFixtures {

    public static final String API_KEY = "test_key";
    /** The tests' canary password: the build fails if it turns up in any test output (canary-check). */
    public static final String API_SECRET = io.metaingest.testkit.canary.Canary.PASSWORD;

    /** How a collection's last page signals its end. */
    enum LastPage { ABSENT, NULL, EMPTY }

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant BASE = Instant.parse("2024-05-01T00:00:00Z");

    final List<ObjectNode> groups = new ArrayList<>();
    final Map<String, List<ObjectNode>> connectorsByGroup = new LinkedHashMap<>();
    final Map<String, ObjectNode> details = new LinkedHashMap<>();
    final Map<String, ObjectNode> destinations = new LinkedHashMap<>();
    final Map<String, JsonNode> schemas = new LinkedHashMap<>();
    final Map<String, JsonNode> columns = new LinkedHashMap<>();
    final Map<String, LastPage> lastPage = new LinkedHashMap<>();
    /** Connectors that exist but whose schema config the stand-in answers with a plain 404 (code NotFound). */
    final java.util.Set<String> schemaConfigMissing = new java.util.LinkedHashSet<>();
    /**
     * Tables ({@code connectorId/schema/table}) whose columns endpoint the stand-in answers with a plain 404
     * (code NotFound), as for a source type without column config.
     */
    final java.util.Set<String> columnsMissing = new java.util.LinkedHashSet<>();

    /** Connector ids with deliberate oddities, for assertions. */
    static final String MIXED_SCHEMAS = "conn_003";
    static final String SELF_LINEAGE = "conn_108";
    static final String SCHEMAS_404 = "conn_077";

    /**
     * The standard account: 4 groups (one empty), 250 connectors; paused, broken, never-synced and
     * syncing connectors; SaaS connectors without a source database; disabled schemas, tables and
     * columns; tables whose schema config lists no or only some columns (the columns endpoint has them
     * all); a table whose columns endpoint answers 404.
     */
    public static FivetranFixtures standard() {
        FivetranFixtures f = new FivetranFixtures();
        f.group("projected_sickle", "Staging", dest("snowflake", "STAGING_DW"), 100, LastPage.NULL);
        f.group("schoolmaster_heedless", "Production", dest("snowflake", "PROD_DW"), 90, LastPage.EMPTY);
        f.group("decent_dropsy", "Marketing", destWithField("big_query", "project_id", "mkt-project"), 60, LastPage.ABSENT);
        f.group("empty_orbit", "Sandbox", dest("redshift", "sandbox"), 0, LastPage.EMPTY);
        f.lastPage.put("groups", LastPage.ABSENT);
        f.useFile(MIXED_SCHEMAS, "source_db", "fivetran/schemas/mixed-connector-schemas.json");
        f.columns.put(MIXED_SCHEMAS + "/public/customers", resource("fivetran/columns/mixed-customers-columns.json"));
        f.columns.put(MIXED_SCHEMAS + "/public/users", resource("fivetran/columns/mixed-users-columns.json"));
        f.columnsMissing.add(MIXED_SCHEMAS + "/sales.eu/order.lines");
        f.useFile(SELF_LINEAGE, "PROD_DW", "fivetran/schemas/self-lineage-schemas.json");
        f.schemas.remove(SCHEMAS_404);
        return f;
    }

    /** A plain generated account (for paging and parallelism): one group per 100 connectors. */
    static FivetranFixtures generated(int connectors) {
        FivetranFixtures f = new FivetranFixtures();
        int groupsNeeded = Math.max(1, (connectors + 99) / 100);
        for (int g = 0; g < groupsNeeded; g++) {
            f.group("group_" + g, "Group " + g, dest("snowflake", "DW" + g), Math.min(100, connectors - g * 100),
                    LastPage.values()[g % 3]);
        }
        f.lastPage.put("groups", LastPage.EMPTY);
        return f;
    }

    private int next;

    private void group(String id, String name, ObjectNode destinationConfig, int count, LastPage end) {
        ObjectNode group = JSON.createObjectNode()
                .put("id", id).put("name", name).put("created_at", BASE.minus(400 + groups.size(), ChronoUnit.DAYS).toString());
        groups.add(group);
        ObjectNode destination = JSON.createObjectNode()
                .put("id", id).put("group_id", id).put("service", destinationConfig.remove("service").asText())
                .put("region", "GCP_US_EAST4").put("time_zone_offset", "-5").put("setup_status", "connected")
                .put("daylight_saving_time_enabled", true).put("networking_method", "Directly");
        destination.set("config", destinationConfig);
        destinations.put(id, destination);
        lastPage.put(id, end);
        List<ObjectNode> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            items.add(connector(id, next++));
        }
        connectorsByGroup.put(id, items);
    }

    private static ObjectNode dest(String service, String database) {
        return destWithField(service, "database", database);
    }

    private static ObjectNode destWithField(String service, String field, String value) {
        ObjectNode config = JSON.createObjectNode().put("service", service)
                .put("host", "your-account.snowflakecomputing.com").put("port", 443).put(field, value)
                .put("auth", "PASSWORD").put("user", "fivetran_user").put("password", "******");
        return config;
    }

    private static final int[] FREQUENCIES = {5, 15, 60, 360, 1440, 90, 30, 180};

    private ObjectNode connector(String groupId, int i) {
        String id = String.format("conn_%03d", i);
        String service = switch (i % 5) {
            case 3 -> "sql_server_hva";
            case 4 -> "salesforce";
            default -> "postgres_rds";
        };
        int frequency = FREQUENCIES[i % FREQUENCIES.length];
        Instant succeeded = BASE.plus(i, ChronoUnit.HOURS).plusMillis(245);
        Instant failed = BASE.plus(i, ChronoUnit.HOURS).minus(3, ChronoUnit.DAYS).plusNanos(872_491_000L);
        String setup = "connected";
        String sync = "scheduled";
        boolean paused = false;
        if (i % 17 == 5) {
            paused = true;
            sync = "paused";
        } else if (i % 23 == 7) {
            setup = "broken";
            failed = succeeded.plus(2, ChronoUnit.HOURS);
        } else if (i % 29 == 11) {
            setup = "incomplete";
            succeeded = null;
            failed = null;
        } else if (i % 31 == 13) {
            sync = "syncing";
        } else if (i % 4 == 0) {
            failed = null;
        }
        ObjectNode item = JSON.createObjectNode()
                .put("id", id).put("group_id", groupId).put("service", service).put("service_version", 1)
                .put("schema", service + "_" + i).put("connected_by", "concerning_batch")
                .put("created_at", BASE.minus(30, ChronoUnit.DAYS).plusSeconds(i).toString())
                .put("paused", paused).put("pause_after_trial", false);
        item.put("succeeded_at", succeeded == null ? null : succeeded.toString());
        item.put("failed_at", failed == null ? null : failed.toString());
        item.put("sync_frequency", frequency);
        if (frequency == 1440) {
            item.put("daily_sync_time", "03:00");
        }
        ObjectNode status = item.putObject("status");
        status.put("setup_state", setup).put("sync_state", sync).put("update_state", "on_schedule")
                .put("is_historical_sync", false);
        status.putArray("tasks");
        status.putArray("warnings");

        ObjectNode detail = item.deepCopy();
        ArrayNode tests = detail.putArray("setup_tests");
        tests.addObject().put("title", "Validate Login").put("status", "PASSED").put("message", "");
        ObjectNode config = detail.putObject("config");
        if (!service.equals("salesforce")) {
            config.put("host", "db-" + i + ".example.internal").put("port", 5432)
                    .put("database", service.equals("sql_server_hva") ? "erp" : "app_db_" + (i % 7))
                    .put("user", "fivetran").put("password", "******");
        } else {
            config.put("is_sandbox", false).put("password", "******");
        }
        details.put(id, detail);
        schemas.put(id, generatedSchemas(id, service, i));
        return item;
    }

    private JsonNode generatedSchemas(String id, String service, int i) {
        ObjectNode data = JSON.createObjectNode().put("schema_change_handling", "ALLOW_ALL");
        ObjectNode all = data.putObject("schemas");
        String prefix = service + "_" + i;
        ObjectNode main = all.putObject(service.equals("salesforce") ? "salesforce" : "public")
                .put("name_in_destination", service.equals("salesforce") ? prefix : prefix + "_public")
                .put("enabled", true);
        ObjectNode tables = main.putObject("tables");
        ObjectNode orders = table(tables, "orders", "orders", true);
        column(orders, "id", "id", true, true);
        column(orders, "amount", "amount", true, false);
        column(orders, "secret_note", "secret_note", false, false);
        ObjectNode customers = table(tables, "customers", "customers", true);
        if (i % 10 == 0) {
            customers.remove("columns"); // the real API often leaves columns out
            ObjectNode cols = JSON.createObjectNode();
            ObjectNode c = cols.putObject("columns");
            c.putObject("id").put("name_in_destination", "id").put("enabled", true).put("hashed", false)
                    .put("is_primary_key", true);
            c.putObject("email").put("name_in_destination", "email").put("enabled", true).put("hashed", true)
                    .put("is_primary_key", false);
            ObjectNode envelope = JSON.createObjectNode().put("code", "Success");
            envelope.set("data", cols);
            columns.put(id + "/public/customers", envelope);
        } else {
            column(customers, "id", "id", true, true);
        }
        table(tables, "audit_log", "audit_log", false);
        all.putObject("internal").put("name_in_destination", prefix + "_internal").put("enabled", false)
                .putObject("tables");
        ObjectNode envelope = JSON.createObjectNode().put("code", "Success");
        envelope.set("data", data);
        return envelope;
    }

    private static ObjectNode table(ObjectNode tables, String name, String inDestination, boolean enabled) {
        ObjectNode t = tables.putObject(name).put("name_in_destination", inDestination).put("enabled", enabled)
                .put("sync_mode", "SOFT_DELETE").put("supports_columns_config", true);
        t.putObject("enabled_patch_settings").put("allowed", true);
        t.putObject("columns");
        return t;
    }

    private static void column(ObjectNode table, String name, String inDestination, boolean enabled, boolean pk) {
        ObjectNode c = ((ObjectNode) table.get("columns")).putObject(name).put("name_in_destination", inDestination)
                .put("enabled", enabled).put("hashed", false).put("is_primary_key", pk);
        c.putObject("enabled_patch_settings").put("allowed", !pk);
    }

    private void useFile(String connectorId, String sourceDatabase, String resource) {
        schemas.put(connectorId, resource(resource));
        ((ObjectNode) details.get(connectorId).get("config")).put("database", sourceDatabase);
    }

    static JsonNode resource(String path) {
        return JSON.valueToTree(readTree(text(path)));
    }

    private static JsonNode readTree(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String path) {
        try (InputStream in = FivetranFixtures.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What the columns endpoint answers for a table: its own fixture, else the columns its schema config
     * lists (then the full list); null for a table the schema config does not have.
     */
    JsonNode columnsEnvelope(String connectorId, String schema, String table) {
        JsonNode own = columns.get(connectorId + "/" + schema + "/" + table);
        if (own != null) {
            return own;
        }
        JsonNode entry = schemas.containsKey(connectorId)
                ? schemas.get(connectorId).path("data").path("schemas").path(schema).path("tables").path(table)
                : null;
        if (entry == null || !entry.isObject()) {
            return null;
        }
        ObjectNode envelope = JSON.createObjectNode().put("code", "Success");
        JsonNode listed = entry.path("columns");
        envelope.putObject("data").set("columns", listed.isObject() ? listed.deepCopy() : JSON.createObjectNode());
        return envelope;
    }

    /** Total connectors. */
    int connectorCount() {
        return connectorsByGroup.values().stream().mapToInt(List::size).sum();
    }
}
