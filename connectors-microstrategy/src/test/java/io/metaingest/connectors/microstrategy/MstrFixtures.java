package io.metaingest.connectors.microstrategy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The content of a local MicroStrategy Library server, shaped like the public API (vendor-apis.md
 * §3): projects with the fields newer servers return, type-55 search results with subtype 14081
 * for dossiers (and 14336 for a classic document), v2 definitions with chapters → pages →
 * visualizations and datasets, and cubes whose SQL views name warehouse tables.
 *
 * <p>Page and visualization keys repeat from one dossier to the next, as they do on a real server
 * (keys are unique only within a dossier).
 */
final class MstrFixtures {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String USERNAME = "administrator";
    /** The tests' canary password: the build fails if it turns up in any test output (canary-check). */
    static final String PASSWORD = io.metaingest.testkit.canary.Canary.PASSWORD;
    static final String TUTORIAL_ID = "B7CA92F04B9FAE8D941C3E9B7E0CD754";
    static final String HR_ID = "AF09B3E3458F78B4FBE4DEB68528BF7B";
    static final String OWNER_ID = "54F3D26011D2896560009A8E67019608";
    static final int DOCUMENT_SUBTYPE = 14336;

    /** Visualization types seen on real servers, plus one the mapping does not know. */
    static final List<String> VIZ_TYPES = List.of("grid", "kpi", "bar_chart", "line", "pie", "map", "heat_map",
            "custom_d3_sunburst");

    /** One cube: its SQL view (null: none), or free-form SQL served only by the Modeling service. */
    record Cube(String id, String name, String sqlView, String freeFormSql) {
    }

    final List<ObjectNode> projects = new ArrayList<>();
    /** Search results per project id, in server order. */
    final Map<String, List<ObjectNode>> searchResults = new LinkedHashMap<>();
    /** v2 definitions by dossier id. */
    final Map<String, ObjectNode> definitions = new LinkedHashMap<>();
    /** The project of each dossier. */
    final Map<String, String> projectOfDossier = new LinkedHashMap<>();
    final Map<String, Cube> cubes = new LinkedHashMap<>();
    /** The dossier whose definition the server cannot produce (HTTP 500), or null. */
    String brokenDossierId;

    /** Two projects, {@code perProject[i]} dossiers in project i, one classic document each. */
    static MstrFixtures build(int tutorialDossiers, int hrDossiers) {
        MstrFixtures f = new MstrFixtures();
        f.defineCubes();
        f.addProject(TUTORIAL_ID, "MicroStrategy Tutorial", "MicroStrategy Tutorial project and application set",
                "2015-06-30T21:55:35.000+0000");
        f.addProject(HR_ID, "Human Resources Analysis Module", "The Human Resources Analysis Module analyses workforce",
                "2016-01-01T00:00:00.000+0000");
        int n = 0;
        for (int i = 0; i < tutorialDossiers; i++) {
            f.addDossier(TUTORIAL_ID, n++, List.of("retail", "inventory", "unqualified", "imported"));
        }
        for (int i = 0; i < hrDossiers; i++) {
            f.addDossier(HR_ID, n++, List.of("workforce", "ffsql", "retail"));
        }
        f.addDocument(TUTORIAL_ID, "Quarterly Statement (classic document)");
        f.addDocument(HR_ID, "Headcount Letter (classic document)");
        // The third dossier's definition fails on the server: recorded, and the run goes on.
        f.brokenDossierId = id("dossier", 2);
        return f;
    }

    /** The standard scale: 2 projects, 130 dossiers. */
    static MstrFixtures standard() {
        return build(70, 60);
    }

    /**
     * The same without the broken dossier: for runs through the runtime, whose client waits out the
     * server error with real backoff (about 15 s).
     */
    MstrFixtures healthy() {
        brokenDossierId = null;
        return this;
    }

    /** A small run for golden files: every feature, few records. */
    static MstrFixtures small() {
        return build(4, 3);
    }

    static String id(String kind, int n) {
        return UUID.nameUUIDFromBytes((kind + "-" + n).getBytes(StandardCharsets.UTF_8)).toString()
                .replace("-", "").toUpperCase(Locale.ROOT);
    }

    private void defineCubes() {
        cube("retail", "Retail Sales Cube", """
                select\ta11.CATEGORY_ID  CATEGORY_ID,
                \tsum(a11.TOT_DOLLAR_SALES)  WJXBFS1
                from\t"warehouse"."sales"."order_fact"\ta11
                \tjoin\twarehouse.sales.lu_category\ta12
                \t  on \t(a11.CATEGORY_ID = a12.CATEGORY_ID)
                group by\ta11.CATEGORY_ID

                [Analytical engine calculation steps:
                \t1.  Calculate metric: <Profit Margin>
                \t2.  Perform cross-tabbing
                ]
                """, null);
        cube("inventory", "Inventory Cube", """
                create table ZZMD00 (ITEM_ID INTEGER, WJXBFS1 FLOAT);

                insert into ZZMD00 select a11.ITEM_ID, sum(a11.EOH_QTY) from warehouse.inventory.inventory_q1 a11 group by a11.ITEM_ID;

                select a12.ITEM_NAME, pa11.WJXBFS1 from ZZMD00 pa11 join warehouse.inventory.lu_item a12 on (pa11.ITEM_ID = a12.ITEM_ID);

                drop table ZZMD00;
                """, null);
        cube("unqualified", "Call Center Cube", """
                select a11.CALL_CTR_ID, sum(a11.TOT_COST) from ITEM_EMP_SLS a11 join sales.LU_CALL_CTR a12 on (a11.CALL_CTR_ID = a12.CALL_CTR_ID) group by a11.CALL_CTR_ID
                """, null);
        cube("imported", "Imported Budget Spreadsheet", null, null);
        cube("workforce", "Workforce Cube", """
                select a11.DEPT_ID, count(a11.EMP_ID) from hr.public.employees a11 join hr.public.departments a12 on (a11.DEPT_ID = a12.DEPT_ID) group by a11.DEPT_ID
                """, null);
        cube("ffsql", "Salaries (free-form SQL)", null, "SELECT id, name, salary FROM hr.payroll.salaries;");
    }

    private void cube(String key, String name, String sqlView, String freeForm) {
        cubes.put(key, new Cube(id("cube", key.hashCode()), name, sqlView, freeForm));
    }

    private void addProject(String id, String name, String description, String created) {
        ObjectNode p = JSON.createObjectNode().put("id", id).put("name", name).put("alias", "")
                .put("description", description).put("status", 0).put("acg", 5).put("dateCreated", created)
                .put("dateModified", "2024-10-01T21:42:50.000+0000");
        p.putObject("owner").put("name", "Administrator").put("id", OWNER_ID);
        projects.add(p);
        searchResults.put(id, new ArrayList<>());
    }

    private void addDossier(String projectId, int n, List<String> cubeKeys) {
        String id = id("dossier", n);
        String name = String.format(Locale.ROOT, "%s %03d", n % 5 == 0 ? "Sandbox" : "Sales Dossier", n);
        searchResults.get(projectId).add(searchResult(projectId, id, name, 14081, n));
        projectOfDossier.put(id, projectId);
        ObjectNode def = JSON.createObjectNode().put("id", id).put("name", name).put("hasPrompt", false);
        ArrayNode chapters = def.putArray("chapters");
        int chapterCount = 1 + n % 3;
        int key = 36;
        String first = null;
        for (int c = 0; c < chapterCount; c++) {
            ObjectNode chapter = chapters.addObject().put("key", "K" + key++).put("name", "Chapter " + (c + 1));
            first = first == null ? chapter.get("key").asText() : first;
            ArrayNode pages = chapter.putArray("pages");
            for (int p = 0; p < 1 + (n + c) % 2; p++) {
                ObjectNode page = pages.addObject().put("key", "W" + key++).put("name", "Page " + (c + 1) + "." + (p + 1));
                ArrayNode vizzes = page.putArray("visualizations");
                for (int v = 0; v < 2; v++) {
                    String type = VIZ_TYPES.get((n + c + p + v) % VIZ_TYPES.size());
                    vizzes.addObject().put("key", "W" + key++)
                            .put("name", (v == 0 ? "Revenue" : "Cost") + " by " + type.replace('_', ' '))
                            .put("visualizationType", type);
                }
            }
            chapter.putArray("filters");
        }
        def.put("currentChapter", first);
        ArrayNode datasets = def.putArray("datasets");
        Cube primary = cubes.get(cubeKeys.get(n % cubeKeys.size()));
        addDataset(datasets, primary);
        if (n % 4 == 1) {
            Cube second = cubes.get(cubeKeys.get((n + 1) % cubeKeys.size()));
            addDataset(datasets, second);
        }
        definitions.put(id, def);
    }

    private static void addDataset(ArrayNode datasets, Cube cube) {
        ObjectNode ds = datasets.addObject().put("id", cube.id()).put("name", cube.name());
        ArrayNode objects = ds.putArray("availableObjects");
        ObjectNode category = objects.addObject().put("id", "8D679D3711D3E4981000E787EC6DE8A4").put("name", "Category")
                .put("type", "attribute");
        category.putArray("forms").addObject().put("id", "CCFBE2A5EADB4F50941FB879CCF1721C").put("name", "DESC")
                .put("dataType", "varChar").put("baseFormCategory", "DESC").put("baseFormType", "text");
        objects.addObject().put("id", "7FD5B69611D5AC76C000D98A4CC5F24F").put("name", "Cost").put("type", "metric");
    }

    private void addDocument(String projectId, String name) {
        int n = 1000 + searchResults.get(projectId).size();
        searchResults.get(projectId).add(searchResult(projectId, id("document", n), name, DOCUMENT_SUBTYPE, n));
    }

    private static ObjectNode searchResult(String projectId, String id, String name, int subtype, int n) {
        ObjectNode r = JSON.createObjectNode().put("name", name).put("id", id).put("type", 55)
                .put("description", n % 2 == 0 ? "Dossier number " + n : "").put("subtype", subtype)
                .put("dateCreated", "2020-02-19T10:07:01.000+0000").put("dateModified", "2024-11-06T14:14:42.000+0000")
                .put("version", id("version", n)).put("acg", 199);
        r.putObject("owner").put("name", "Administrator").put("id", OWNER_ID);
        r.put("extType", 0).put("viewMedia", 1879072805);
        r.putObject("certifiedInfo").put("certified", false);
        r.putObject("templateInfo").put("template", false).putObject("lastModifiedBy");
        r.put("projectId", projectId);
        return r;
    }

    /** Deletes a dossier as a user does in MicroStrategy: neither search nor its definition has it any more. */
    void deleteDossier(String id) {
        searchResults.get(projectOfDossier.remove(id)).removeIf(r -> r.get("id").asText().equals(id));
        definitions.remove(id);
    }

    int dossierCount() {
        return definitions.size();
    }

    static String text(String resource) {
        try (InputStream in = MstrFixtures.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
