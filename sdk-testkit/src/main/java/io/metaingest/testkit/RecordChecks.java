package io.metaingest.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.Fqn;
import io.metaingest.api.entity.AddLineageRequest;
import io.metaingest.api.entity.AddPipelineStatusRequest;
import io.metaingest.api.entity.CreateChartRequest;
import io.metaingest.api.entity.CreateDashboardRequest;
import io.metaingest.api.entity.CreateDatabaseRequest;
import io.metaingest.api.entity.CreateDatabaseSchemaRequest;
import io.metaingest.api.entity.CreatePipelineRequest;
import io.metaingest.api.entity.CreateQueryRequest;
import io.metaingest.api.entity.CreateStoredProcedureRequest;
import io.metaingest.api.entity.CreateTableRequest;
import io.metaingest.api.entity.EntityReference;
import io.metaingest.api.entity.TableJoinsRequest;
import io.metaingest.api.entity.UsageRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks on the records of one run: each fits its entity's shape; fully qualified names are well
 * formed, start with the run's service and are unique; references to entities of the same service
 * resolve within the run. Every method returns one line per problem (empty when all is well).
 */
final class RecordChecks {

    /** Entity types whose key is an FQN of the run's own service, with the number of FQN parts. */
    private static final Map<String, Integer> OWN_FQN_PARTS = Fqn.PARTS_BY_ENTITY_TYPE;
    /** What a miscounted FQN is made of, and the field that gives its parent: where the fix goes. */
    private static final Map<String, String> FQN_SHAPES = Map.of(
            "database", "service.database: its service field, then its name",
            "databaseSchema", "service.database.schema: its database field, then its name",
            "table", "service.database.schema.table: its databaseSchema field, then its name",
            "storedProcedure", "service.database.schema.procedure: its databaseSchema field, then its name",
            "pipeline", "service.pipeline: its service field, then its name",
            "dashboard", "service.dashboard: its service field, then its name",
            "chart", "service.chart: its service field, then its name",
            "dashboardDataModel", "service.model.dataModel");
    private static final int MAX_LINES = 10;

    private final String serviceName;
    private final List<EntityRequest> entities = new ArrayList<>();
    private final List<String> shapeProblems = new ArrayList<>();

    RecordChecks(String serviceName, List<JsonNode> records) {
        this.serviceName = serviceName;
        int i = 0;
        for (JsonNode line : records) {
            i++;
            try {
                EntityRequest entity = Entities.bind(line);
                String named = named(entity, line);
                required(entity).forEach(missing -> shapeProblems.add("record " + named + ": " + missing));
                entities.add(entity);
            } catch (IllegalArgumentException e) {
                shapeProblems.add("record " + i + " (" + name(line) + "): " + e.getMessage());
            }
        }
    }

    /**
     * A bound record by its type and key (a table by its FQN: two tables {@code orders} in two schemas
     * are two records), or by its name when the key cannot be built from what it carries.
     */
    private static String named(EntityRequest entity, JsonNode line) {
        try {
            String key = entity.key();
            // A key built on a missing parent starts with "null.": the name alone says more.
            return key == null || key.startsWith("null.") ? name(line) : entity.entityType() + " " + key;
        } catch (RuntimeException e) {
            return name(line);
        }
    }

    private static String name(JsonNode line) {
        JsonNode entity = line.path("entity");
        return line.path("entityType").asText("?") + " " + entity.path("name").asText(entity.path("pipelineFqn").asText(""));
    }

    List<String> shapes() {
        return cap(shapeProblems);
    }

    /**
     * One line per record of an entity type a service of {@code category} does not emit (see {@link
     * CategoryEntities}), naming the record and the category.
     */
    List<String> outsideCategory(io.metaingest.api.ServiceCategory category) {
        java.util.Set<String> emits = CategoryEntities.of(category);
        List<String> problems = new ArrayList<>();
        for (EntityRequest e : entities) {
            if (!emits.contains(e.entityType())) {
                problems.add(e.entityType() + " " + e.key() + ": a " + category + " service emits no " + e.entityType()
                        + " (it emits " + String.join(", ", emits) + "); emit the entities of the spec's category,"
                        + " or correct its category()");
            }
        }
        return cap(problems);
    }

    /**
     * Column names repeated among siblings: OpenMetadata refuses such a table with 400 ("Column name … is repeated"), at
     * the top level and within each level of nested columns.
     */
    private static void repeatedColumns(List<io.metaingest.api.entity.Column> columns, String parent, List<String> problems) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (io.metaingest.api.entity.Column c : columns) {
            if (c.name() != null && !c.name().isEmpty() && !seen.add(c.name())) {
                problems.add("column " + parent + c.name() + " is repeated (OpenMetadata refuses the table with 400):"
                        + " emit each column once");
            }
            if (c.children() != null) {
                repeatedColumns(c.children(), parent + c.name() + ".", problems);
            }
        }
    }

    /** The fields OpenMetadata requires of each create request. */
    private static List<String> required(EntityRequest e) {
        List<String> missing = new ArrayList<>();
        if (e instanceof CreateDatabaseRequest d) {
            need(missing, "name", d.name());
            need(missing, "service", d.service());
        } else if (e instanceof CreateDatabaseSchemaRequest s) {
            need(missing, "name", s.name());
            need(missing, "database", s.database());
        } else if (e instanceof CreateTableRequest t) {
            need(missing, "name", t.name());
            need(missing, "databaseSchema", t.databaseSchema());
            if (t.columns() == null) {
                missing.add("columns is missing");
            } else {
                t.columns().forEach(c -> {
                    if (c.name() == null || c.name().isEmpty() || c.dataType() == null) {
                        missing.add("a column lacks its name or dataType");
                    }
                });
                repeatedColumns(t.columns(), "", missing);
            }
        } else if (e instanceof CreateStoredProcedureRequest p) {
            need(missing, "name", p.name());
            need(missing, "databaseSchema", p.databaseSchema());
        } else if (e instanceof CreatePipelineRequest p) {
            need(missing, "name", p.name());
            need(missing, "service", p.service());
        } else if (e instanceof CreateDashboardRequest d) {
            need(missing, "name", d.name());
            need(missing, "service", d.service());
        } else if (e instanceof CreateChartRequest c) {
            need(missing, "name", c.name());
            need(missing, "service", c.service());
        } else if (e instanceof AddPipelineStatusRequest s) {
            need(missing, "pipelineFqn", s.pipelineFqn());
            if (s.pipelineStatus() == null) {
                missing.add("pipelineStatus is missing");
            }
        } else if (e instanceof AddLineageRequest l) {
            if (l.edge() == null || l.edge().fromEntity() == null || l.edge().toEntity() == null) {
                missing.add("edge.fromEntity and edge.toEntity are required");
            }
        } else if (e instanceof UsageRequest u) {
            if (u.entity() == null) {
                missing.add("entity is missing");
            }
            need(missing, "date", u.date());
        } else if (e instanceof TableJoinsRequest j) {
            if (j.table() == null) {
                missing.add("table is missing");
            }
            need(missing, "startDate", j.startDate());
        } else if (e instanceof CreateQueryRequest q) {
            need(missing, "query", q.query());
            need(missing, "service", q.service());
        }
        return missing;
    }

    private static void need(List<String> missing, String field, String value) {
        if (value == null || value.isBlank()) {
            missing.add(field + " is missing");
        }
    }

    /** FQNs of the run's own entities: well formed, in the run's service, unique per entity type. */
    List<String> ownFqns() {
        return ownFqns(true);
    }

    /**
     * FQNs of the run's own entities: well formed and in the run's service, not whether they are
     * unique, for a check that judges where FQNs lead: a record emitted twice is the uniqueness
     * check's to report, once, not a sign that FQNs ignore the service name.
     */
    List<String> ownFqnsPlaced() {
        return ownFqns(false);
    }

    private List<String> ownFqns(boolean unique) {
        List<String> problems = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (EntityRequest e : entities) {
            Integer parts = OWN_FQN_PARTS.get(e.entityType());
            if (parts == null) {
                continue;
            }
            String fqn = e.key();
            // One line per entity, whatever is wrong with its FQN.
            List<String> wrong = new ArrayList<>();
            wellFormed(fqn, parts).ifPresent(p -> wrong.add(p.endsWith("are expected") && FQN_SHAPES.containsKey(e.entityType())
                    ? p + " (" + FQN_SHAPES.get(e.entityType()) + ")" : p));
            // Compared as written, not split: a service name with a dot and a quote is not one part when split.
            if (serviceName == null || !fqn.startsWith(Fqn.quote(serviceName) + ".")) {
                wrong.add("does not start with the service name '" + serviceName + "'");
            }
            if (!wrong.isEmpty()) {
                problems.add(e.entityType() + " " + fqn + ": " + String.join("; ", wrong));
            }
            if (unique) {
                seen.merge(e.entityType() + " " + fqn, 1, Integer::sum);
            }
        }
        duplicates(seen).ifPresent(d -> problems.add(0, d));
        return cap(problems);
    }

    /** Names of duplicates shown; the rest are counted. */
    private static final int SHOWN_DUPLICATES = 5;

    /**
     * One line for every entity emitted more than once, first, so that other FQN problems capped
     * below cannot hide how many there are.
     */
    private static Optional<String> duplicates(Map<String, Integer> seen) {
        List<String> twice = seen.entrySet().stream().filter(en -> en.getValue() > 1)
                .map(en -> en.getKey() + " (" + en.getValue() + " times)").sorted().toList();
        if (twice.isEmpty()) {
            return Optional.empty();
        }
        String shown = String.join(", ", twice.subList(0, Math.min(SHOWN_DUPLICATES, twice.size())));
        return Optional.of(twice.size() + (twice.size() == 1 ? " entity was" : " entities were") + " emitted more than"
                + " once: " + shown + (twice.size() > SHOWN_DUPLICATES ? ", … and " + (twice.size() - SHOWN_DUPLICATES)
                + " more" : "") + "; emit each entity once per run (its FQN is its identity)");
    }

    /** Whether any of the run's own entities is named in {@code service} (or, a database, belongs to it). */
    boolean names(String service) {
        String prefix = Fqn.quote(service) + ".";
        return entities.stream().anyMatch(e -> (OWN_FQN_PARTS.containsKey(e.entityType()) && e.key() != null
                && e.key().startsWith(prefix)) || (e instanceof CreateDatabaseRequest d && service.equals(d.service())));
    }

    /** FQNs pointing elsewhere (lineage ends, usage, statuses, queries): well formed only. */
    List<String> foreignFqns() {
        List<String> problems = new ArrayList<>();
        for (EntityRequest e : entities) {
            List<EntityReference> refs = new ArrayList<>();
            if (e instanceof AddLineageRequest l && l.edge() != null) {
                refs.add(l.edge().fromEntity());
                refs.add(l.edge().toEntity());
            } else if (e instanceof UsageRequest u) {
                refs.add(u.entity());
            } else if (e instanceof TableJoinsRequest j) {
                refs.add(j.table());
            } else if (e instanceof io.metaingest.api.entity.TableLifeCycleRequest c) {
                refs.add(c.table());
            } else if (e instanceof CreateQueryRequest q && q.queryUsedIn() != null) {
                refs.addAll(q.queryUsedIn());
            } else if (e instanceof AddPipelineStatusRequest s) {
                wellFormed(s.pipelineFqn(), 2).ifPresent(p -> problems.add("pipelineStatus " + s.pipelineFqn() + ": " + p));
            }
            for (EntityReference ref : refs) {
                if (ref == null) {
                    continue;
                }
                if (ref.fullyQualifiedName() == null && ref.id() == null) {
                    problems.add(e.entityType() + " " + e.key() + ": a reference has neither fullyQualifiedName nor id");
                } else if (ref.fullyQualifiedName() != null) {
                    wellFormed(ref.fullyQualifiedName(), 0)
                            .ifPresent(p -> problems.add(e.entityType() + " " + e.key() + ": " + ref.fullyQualifiedName() + ": " + p));
                }
            }
        }
        return cap(problems);
    }

    /**
     * In a metadata run: schema → database, table → schema, stored procedure → schema, dashboard →
     * chart, status → pipeline, each emitted in the run and before the record that refers to it: the
     * metadata-rest sink creates records in the order they come, and OpenMetadata refuses a record
     * whose parent (or a dashboard whose chart) does not exist yet with 404. A lineage edge's end in the
     * run's own service must be emitted in the run before the edge: the sink leaves out an edge whose
     * end the server does not have yet, so on a first ingest such an edge is lost. Ends in other
     * services are not judged (their service is ingested on its own).
     */
    List<String> sameServiceReferences() {
        Map<String, Set<String>> byType = new HashMap<>();
        for (EntityRequest e : entities) {
            byType.computeIfAbsent(e.entityType(), k -> new HashSet<>()).add(e.key());
        }
        // Where each entity first comes, by type and FQN folded to lower case: lineage ends are judged by position.
        Map<String, Map<String, Integer>> firstAt = new HashMap<>();
        for (int i = 0; i < entities.size(); i++) {
            EntityRequest e = entities.get(i);
            if (!(e instanceof AddLineageRequest) && e.key() != null) {
                firstAt.computeIfAbsent(e.entityType(), k -> new HashMap<>()).putIfAbsent(fold(e.key()), i);
            }
        }
        Map<String, Set<String>> before = new HashMap<>();
        List<String> problems = new ArrayList<>();
        int at = -1;
        for (EntityRequest e : entities) {
            at++;
            if (e instanceof CreateDatabaseRequest d && !serviceName.equals(d.service())) {
                problems.add("database " + d.key() + ": service '" + d.service() + "' is not the run's service '" + serviceName + "'");
            } else if (e instanceof CreateDatabaseSchemaRequest s) {
                resolve(problems, byType, before, e, "database", s.database());
            } else if (e instanceof CreateTableRequest t) {
                resolve(problems, byType, before, e, "databaseSchema", t.databaseSchema());
            } else if (e instanceof CreateStoredProcedureRequest p) {
                resolve(problems, byType, before, e, "databaseSchema", p.databaseSchema());
            } else if (e instanceof CreateDashboardRequest d && d.charts() != null) {
                d.charts().forEach(chart -> resolve(problems, byType, before, e, "chart", chart));
            } else if (e instanceof AddPipelineStatusRequest s) {
                resolve(problems, byType, before, e, "pipeline", s.pipelineFqn());
            } else if (e instanceof AddLineageRequest l && l.edge() != null && l.edge().fromEntity() != null
                    && l.edge().toEntity() != null) {
                lineageEnd(problems, firstAt, at, l, "fromEntity", l.edge().fromEntity());
                lineageEnd(problems, firstAt, at, l, "toEntity", l.edge().toEntity());
            }
            if ((e instanceof CreatePipelineRequest || e instanceof CreateChartRequest || e instanceof CreateDashboardRequest)
                    && !e.key().startsWith(Fqn.quote(serviceName) + ".")) {
                problems.add(e.entityType() + " " + e.key() + ": not in the run's service '" + serviceName + "'");
            }
            before.computeIfAbsent(e.entityType(), k -> new HashSet<>()).add(e.key());
        }
        return cap(problems);
    }

    private static void resolve(List<String> problems, Map<String, Set<String>> byType, Map<String, Set<String>> before,
                                EntityRequest e, String targetType, String fqn) {
        if (fqn == null) {
            return;
        }
        if (!byType.getOrDefault(targetType, Set.of()).contains(fqn)) {
            problems.add(e.entityType() + " " + e.key() + " refers to " + targetType + " " + fqn
                    + ", which this run did not emit");
        } else if (!before.getOrDefault(targetType, Set.of()).contains(fqn)) {
            problems.add(e.entityType() + " " + e.key() + " is emitted before its " + targetType + " " + fqn
                    + ": emit the " + targetType + " first (the metadata-rest sink writes records in the order they come,"
                    + " and OpenMetadata refuses a record whose " + targetType + " does not exist yet with 404)");
        }
    }

    /**
     * One end of a lineage edge at position {@code at}: when its FQN is in the run's service, the
     * entity it names must come earlier in the run. The sink finds a table by its FQN ignoring case if
     * need be, so case is ignored here too. An end of a type that is neither one of a service's own
     * entity types nor emitted by the run is left alone: the kit cannot place it.
     */
    private void lineageEnd(List<String> problems, Map<String, Map<String, Integer>> firstAt, int at,
                            AddLineageRequest l, String side, EntityReference end) {
        if (end == null || end.fullyQualifiedName() == null || end.type() == null
                || !end.fullyQualifiedName().startsWith(Fqn.quote(serviceName) + ".")
                || !(OWN_FQN_PARTS.containsKey(end.type()) || firstAt.containsKey(end.type()))) {
            return;
        }
        String fqn = end.fullyQualifiedName();
        Integer first = firstAt.getOrDefault(end.type(), Map.of()).get(fold(fqn));
        if (first != null && first < at) {
            return;
        }
        String what = "lineage " + l.key() + ": its " + side + " " + end.type() + " " + fqn;
        String fix = ": emit lineage after the " + end.type() + "s it links (the metadata-rest sink writes records in"
                + " the order they come and leaves out an edge whose end the server does not have yet, so a first"
                + " ingest loses it)";
        problems.add(first != null ? what + " is emitted after the edge" + fix
                : what + " is in the run's service '" + serviceName + "' but this run did not emit it" + fix
                        + "; link only entities the run emits");
    }

    private static String fold(String fqn) {
        return fqn.toLowerCase(java.util.Locale.ROOT);
    }

    private static java.util.Optional<String> wellFormed(String fqn, int expectedParts) {
        if (fqn == null || fqn.isBlank()) {
            return java.util.Optional.of("empty FQN");
        }
        List<String> parts = Fqn.split(fqn);
        if (parts.stream().anyMatch(String::isEmpty)) {
            return java.util.Optional.of("an empty part (quote names that contain dots with Fqn.build)");
        }
        // A name with a quote and a dot is written unquoted, as OpenMetadata writes it, and so splits at its dots:
        // the parts are only counted when none has a quote.
        if (expectedParts > 0 && parts.size() != expectedParts && parts.stream().noneMatch(p -> p.contains("\""))) {
            return java.util.Optional.of(parts.size() + " parts where " + expectedParts + " are expected");
        }
        return java.util.Optional.empty();
    }

    private static List<String> cap(List<String> lines) {
        if (lines.size() <= MAX_LINES) {
            return List.copyOf(lines);
        }
        List<String> capped = new ArrayList<>(lines.subList(0, MAX_LINES));
        capped.add("… and " + (lines.size() - MAX_LINES) + " more");
        return capped;
    }
}
