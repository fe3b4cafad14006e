package io.metaingest.runtime.registry;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a plugin folder's jars are, before anything is loaded: metaingest's own jars, which a plugin must
 * not carry, and two copies or versions of one library, of which the class loader would take whichever
 * it met first. A jar is known by the coordinates Maven writes into it
 * ({@code META-INF/maven/<groupId>/<artifactId>/pom.properties}), so a renamed jar is still recognised;
 * only a jar without them is known by its name ({@code <artifact>-<version>.jar}).
 */
final class PluginJars {

    /** The group of metaingest's own artifacts. */
    static final String OWN_GROUP = "io.metaingest";

    /**
     * metaingest's own artifacts a plugin folder must not carry: {@code sdk-api} comes from the runtime
     * (a plugin's copy is never loaded) and the others are the runtime's internals, which plugins cannot use.
     * {@code sdk-toolkit} is not among them: each plugin carries its own.
     */
    static final Set<String> OWN_ARTIFACTS = Set.of("sdk-api", "sdk-runtime", "sdk-openmetadata", "sdk-testkit", "cli");

    /** {@code <artifact>-<version>.jar}: the version is the first part after a {@code -} that starts with a digit. */
    private static final Pattern NAMED = Pattern.compile("(.+?)-(\\d[^-]*)(-.*)?\\.jar");

    private static final String MAVEN_DIR = "META-INF/maven/";
    private static final String POM_PROPERTIES = "/pom.properties";

    private PluginJars() {
    }

    /**
     * What one jar is.
     *
     * @param file       the jar's file name
     * @param groupId    the group its pom.properties gives, or null when it is known by its name only
     * @param artifact   the artifact, or null when neither pom.properties nor the name gives one
     * @param version    the version; null as {@code artifact}, and until {@link #versioned} reads it from
     *                   the pom.properties
     * @param classifier what the name has after the version ({@code -linux-x86_64}), or null; for a jar with
     *                   coordinates, read with the version
     */
    record Jar(String file, String groupId, String artifact, String version, String classifier) {

        /** A jar known by its name only ({@code h2-2.2.224.jar}); a name without a version gives no artifact. */
        static Jar named(String file) {
            Matcher m = NAMED.matcher(file);
            return m.matches() ? new Jar(file, null, m.group(1), m.group(2), m.group(3)) : new Jar(file, null, null, null, null);
        }

        /**
         * The jar's group and artifact from where its pom.properties lies (Maven writes both from the same
         * coordinates), its version not yet read; by its name when it has none, or several (a shaded jar)
         * none of which the name picks out. Only the jar's index is read: most jars need no version.
         */
        static Jar read(JarFile jar, String file) {
            Jar named = named(file);
            List<String> poms = pomProperties(jar);
            String pom = poms.size() == 1 ? poms.get(0) : poms.stream()
                    .filter(p -> named.artifact() != null && p.endsWith("/" + named.artifact() + POM_PROPERTIES))
                    .findFirst().orElse(null);
            if (pom == null) {
                return named;
            }
            String[] path = pom.substring(MAVEN_DIR.length(), pom.length() - POM_PROPERTIES.length()).split("/");
            return new Jar(file, path[0], path[1], null, null);
        }

        /**
         * This jar with the version its pom.properties gives ({@code jar} is this jar, open); the name's
         * version when the entry has none or cannot be read.
         */
        Jar versioned(JarFile jar) {
            if (groupId == null || version != null) {
                return this;
            }
            String version = null;
            JarEntry entry = jar.getJarEntry(MAVEN_DIR + groupId + "/" + artifact + POM_PROPERTIES);
            if (entry != null) {
                Properties properties = new Properties();
                try (InputStream in = jar.getInputStream(entry)) {
                    properties.load(in);
                    version = properties.getProperty("version");
                } catch (IOException | IllegalArgumentException e) {
                    // only a warning's detail: the name's version is said instead
                }
            }
            String known = version == null || version.isBlank() ? named(file).version() : version.strip();
            return new Jar(file, groupId, artifact, known, classifier(known));
        }

        /** What the name has after {@code <artifact>-<version>}: not {@code -SNAPSHOT} of {@code 1.0-SNAPSHOT}. */
        private String classifier(String version) {
            String base = artifact + "-" + version;
            return version != null && file.startsWith(base + "-") && file.endsWith(".jar")
                    ? file.substring(base.length(), file.length() - ".jar".length()) : null;
        }

        /** Whether this is one of metaingest's own jars, which the plugin's class loader leaves out. */
        boolean isOwn() {
            return artifact != null && OWN_ARTIFACTS.contains(artifact) && (groupId == null || groupId.equals(OWN_GROUP));
        }

        /** Whether the name alone does not say what the pom.properties does (a renamed jar). */
        private boolean renamed() {
            Jar named = named(file);
            return groupId != null && (!artifact.equals(named.artifact()) || !Objects.equals(version, named.version()));
        }
    }

    /**
     * The {@code META-INF/maven/<g>/<a>/pom.properties} entry names of {@code jar}, from the index the open
     * jar holds (shared with the class loader's handle); nothing is inflated. Walking the index costs as
     * much, run once and cold as discovery runs it, as reading the central directory's bytes ourselves
     * (measured: 8 ms CPU for the bundled plugins' 14 jars, 4,300 entries, on a loaded machine).
     */
    private static List<String> pomProperties(JarFile jar) {
        List<String> found = new ArrayList<>(1);
        for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
            String name = entries.nextElement().getName();
            if (name.startsWith(MAVEN_DIR) && name.endsWith(POM_PROPERTIES)
                    && name.chars().filter(c -> c == '/').count() == 4) {
                found.add(name);
            }
        }
        return found;
    }

    /** The problem of carrying {@code jar}, one of metaingest's own jars; the jar is left out. */
    static String ownJarProblem(Jar jar) {
        String what = jar.renamed() ? jar.file() + " (" + jar.groupId() + ":" + jar.artifact()
                + (jar.version() == null ? "" : " " + jar.version()) + ")" : jar.file();
        return "carries metaingest's own " + what + ", which is left out: a plugin gets sdk-api from the runtime and"
                + " cannot use the runtime's classes; remove it from the folder, and depend on sdk-api (provided scope)"
                + " and sdk-toolkit only";
    }

    /**
     * One problem per library the folder holds more than once, naming the jars and the fix: two versions
     * ({@code h2-2.2.224.jar} and {@code h2-2.3.232.jar}), or two copies of one version under two names
     * ({@code guava-31.jar} and {@code g.jar}). Jars of one version differing in a classifier
     * ({@code -linux-x86_64}) are one library. A jar known by its name only is taken as the library of the
     * same artifact whose coordinates another jar gives. {@code versioned} completes a jar's version
     * ({@link Jar#versioned}), asked only of jars that share a library.
     */
    static List<String> versionConflicts(List<Jar> jars, UnaryOperator<Jar> versioned) {
        Map<String, List<Jar>> byLibrary = new LinkedHashMap<>();
        for (Jar jar : jars) {
            if (jar.artifact() != null && jar.groupId() != null) {
                byLibrary.computeIfAbsent(jar.groupId() + ":" + jar.artifact(), k -> new ArrayList<>()).add(jar);
            }
        }
        for (Jar jar : jars) {
            if (jar.artifact() != null && jar.groupId() == null) {
                String key = byLibrary.keySet().stream().filter(k -> k.endsWith(":" + jar.artifact()))
                        .findFirst().orElse(jar.artifact());
                byLibrary.computeIfAbsent(key, k -> new ArrayList<>()).add(jar);
            }
        }
        List<String> problems = new ArrayList<>();
        byLibrary.forEach((library, copies) -> {
            if (copies.size() < 2) {
                return;
            }
            // In the folder's order, whichever jar gave the coordinates.
            List<Jar> ordered = jars.stream().filter(copies::contains).map(versioned).toList();
            long versions = ordered.stream().map(Jar::version).distinct().count();
            if (versions > 1) {
                // A renamed jar's version is told, since its name does not.
                String files = String.join(", ", ordered.stream()
                        .map(j -> j.renamed() && j.version() != null ? j.file() + " " + j.version() : j.file()).toList());
                problems.add("holds " + ordered.size() + " versions of " + library + " (" + files + "); which one a class"
                        + " comes from is undefined: keep one (the version the connector was built against) and remove"
                        + " the others");
            } else if (ordered.stream().map(j -> Objects.requireNonNullElse(j.classifier(), "")).distinct().count()
                    < ordered.size()) {
                String version = ordered.get(0).version() == null ? "" : " " + ordered.get(0).version();
                String files = String.join(", ", ordered.stream().map(Jar::file).toList());
                problems.add("holds " + ordered.size() + " copies of " + library + version + " ("
                        + files + "); one is enough: keep one and remove the others");
            }
        });
        return problems;
    }
}
