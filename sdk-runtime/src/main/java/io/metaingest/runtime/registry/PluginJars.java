package io.metaingest.runtime.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a plugin folder's jar names tell before anything is loaded: metaingest's own jars, which a
 * plugin must not carry, and two versions of one library, of which the class loader would take
 * whichever it met first. Names only ({@code <artifact>-<version>.jar}, as Maven and the plugin
 * assembly write them): no jar is opened, so discovery stays as fast with these checks as without.
 */
final class PluginJars {

    /**
     * metaingest's own artifacts a plugin folder must not carry: {@code sdk-api} comes from the runtime
     * (a plugin's copy is never loaded) and the others are the runtime's internals, which plugins cannot use.
     * {@code sdk-toolkit} is not among them: each plugin carries its own.
     */
    static final Set<String> OWN_ARTIFACTS = Set.of("sdk-api", "sdk-runtime", "sdk-openmetadata", "sdk-testkit", "cli");

    /** {@code <artifact>-<version>.jar}: the version is the first part after a {@code -} that starts with a digit. */
    private static final Pattern NAMED = Pattern.compile("(.+?)-(\\d[^-]*)(-.*)?\\.jar");

    private PluginJars() {
    }

    /** A jar's artifact and version as its name gives them. */
    private record Named(String file, String artifact, String version) {
    }

    /**
     * Whether {@code file} is one of metaingest's own jars ({@code sdk-runtime-0.1.0.jar}), which the
     * plugin's class loader leaves out.
     */
    static boolean isOwn(String file) {
        Matcher m = NAMED.matcher(file);
        return m.matches() && OWN_ARTIFACTS.contains(m.group(1));
    }

    /** The problem of carrying {@code file}, one of metaingest's own jars; the jar is left out. */
    static String ownJarProblem(String file) {
        return "carries metaingest's own " + file + ", which is left out: a plugin gets sdk-api from the runtime and"
                + " cannot use the runtime's classes; remove it from the folder, and depend on sdk-api (provided scope)"
                + " and sdk-toolkit only";
    }

    /**
     * One problem per library whose name appears with two or more versions ({@code h2-2.2.224.jar} and
     * {@code h2-2.3.232.jar}), naming the jars and the fix. Jars differing only in a classifier
     * ({@code -linux-x86_64}) are one version.
     */
    static List<String> versionConflicts(List<String> files) {
        Map<String, List<Named>> byArtifact = new LinkedHashMap<>();
        for (String file : files) {
            Matcher m = NAMED.matcher(file);
            if (m.matches()) {
                byArtifact.computeIfAbsent(m.group(1), a -> new ArrayList<>()).add(new Named(file, m.group(1), m.group(2)));
            }
        }
        List<String> problems = new ArrayList<>();
        byArtifact.forEach((artifact, jars) -> {
            if (jars.stream().map(Named::version).distinct().count() > 1) {
                problems.add("holds " + jars.size() + " versions of " + artifact + " (" + String.join(", ",
                        jars.stream().map(Named::file).toList()) + "); which one a class comes from is undefined:"
                        + " keep one (the version the connector was built against) and remove the others");
            }
        });
        return problems;
    }
}
