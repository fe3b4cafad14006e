package io.metaingest.runtime.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.ServiceSpec;
import io.metaingest.api.StepError;
import io.metaingest.api.StepProvider;
import io.metaingest.api.StepSpec;
import io.metaingest.runtime.files.IoReasons;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The connectors and step types this process knows. Built once per process by {@link #discover};
 * service type lookups ignore case and accept former type names. Step types are keyed by role, name
 * and, for a connector's own steps, its service type; the runtime's own steps are registered through
 * the same {@link StepProvider} path as a plugin's ({@link #with}).
 */
public final class ServiceSpecRegistry {

    /** Where a plugin folder's providers come from: {@code plugin <folder>}. */
    private static final String PLUGIN = "plugin ";
    private static final String TWO_PLUGINS = "it is provided by more than one plugin (remove all but one): ";

    private final Map<String, RegisteredSpec> byType = new LinkedHashMap<>();
    private final Map<String, RegisteredSpec> byFormerType = new LinkedHashMap<>();
    /** Service types (normalised) that are installed but cannot be used, and why. */
    private final Map<String, String> refusals = new LinkedHashMap<>();
    private final Map<String, RegisteredStep<?>> steps = new LinkedHashMap<>();
    private final List<Found> registered = new ArrayList<>();
    /** Plugin folders (by name) whose service type another plugin folder also provides, so neither is used. */
    private final Set<String> sharingAType = new java.util.TreeSet<>();
    private final List<DiscoveryProblem> discoveryProblems;
    private final List<DiscoveryProblem> problems;
    /** {@link #connectionProblems}' findings by connector, each compared once. */
    private final Map<ServiceSpec, List<DiscoveryProblem>> connectionProblems = new java.util.IdentityHashMap<>();

    /** A provider as found, with where it came from. */
    private record Found(StepProvider provider, String origin, ClassLoader loader) {
    }

    private ServiceSpecRegistry(List<Found> found, List<DiscoveryProblem> problems) {
        this.discoveryProblems = List.copyOf(problems);
        this.problems = new ArrayList<>(problems);
        for (Found candidate : found) {
            register(candidate);
        }
    }

    /**
     * Discovers the specs on the class path of {@code appLoader} and in each sub-folder of
     * {@code pluginDir} (when present). Problems are collected, never thrown.
     */
    public static ServiceSpecRegistry discover(ClassLoader appLoader, Path pluginDir) {
        List<Found> found = new ArrayList<>();
        List<DiscoveryProblem> problems = new ArrayList<>();
        instantiateAll(SpecScanner.specClassNamesOnClasspath(appLoader), appLoader, "classpath", found, problems);
        if (pluginDir != null && Files.isDirectory(pluginDir)) {
            for (Path folder : subFolders(pluginDir, problems)) {
                discoverPlugin(folder, appLoader, found, problems);
            }
        }
        return new ServiceSpecRegistry(found, problems);
    }

    /** A registry of the given connectors and step providers, for tests and embedding. */
    public static ServiceSpecRegistry of(StepProvider... providers) {
        List<Found> found = new ArrayList<>();
        for (StepProvider provider : providers) {
            found.add(new Found(provider, "embedded", provider.getClass().getClassLoader()));
        }
        return new ServiceSpecRegistry(found, List.of());
    }

    /**
     * This registry plus the steps of {@code provider} (the runtime's own, say), registered exactly
     * as a discovered provider's; a registry that already holds the provider's class is returned as is.
     */
    public ServiceSpecRegistry with(String origin, StepProvider provider) {
        if (registered.stream().anyMatch(f -> f.provider().getClass() == provider.getClass())) {
            return this;
        }
        List<Found> found = new ArrayList<>(registered);
        found.add(new Found(provider, origin, provider.getClass().getClassLoader()));
        ServiceSpecRegistry extended = new ServiceSpecRegistry(found, discoveryProblems);
        // Only this registry knows the problems of the providers that never registered (an invalid
        // spec, a duplicate service type); registering the others again finds their problems again.
        Set<DiscoveryProblem> all = new LinkedHashSet<>(problems);
        all.addAll(extended.problems);
        extended.problems.clear();
        extended.problems.addAll(all);
        refusals.forEach(extended::refuse);
        extended.sharingAType.addAll(sharingAType);
        extended.connectionProblems.putAll(connectionProblems);
        return extended;
    }

    private static List<Path> subFolders(Path pluginDir, List<DiscoveryProblem> problems) {
        try (Stream<Path> entries = Files.list(pluginDir)) {
            List<Path> all = entries.sorted().toList();
            List<String> loose = all.stream().filter(p -> p.toString().endsWith(".jar") && Files.isRegularFile(p))
                    .map(p -> p.getFileName().toString()).toList();
            long looseJars = loose.size();
            if (looseJars > 0) {
                // The folder of one plugin given as the folder of all plugins: its jars are not read this way.
                String named = String.join(", ", loose.subList(0, Math.min(loose.size(), 3)))
                        + (loose.size() > 3 ? ", …" : "");
                problems.add(new DiscoveryProblem(pluginDir.toString(), looseJars + " jar" + (looseJars == 1 ? " lies"
                        : "s lie") + " directly in the plugin directory (" + named + ") and "
                        + (looseJars == 1 ? "is" : "are") + " not read: each plugin is a sub-folder holding its jars; move "
                        + (looseJars == 1 ? "it" : "them") + " into one, or give the folder above with --plugins"));
            }
            return all.stream().filter(Files::isDirectory).toList();
        } catch (IOException e) {
            problems.add(new DiscoveryProblem(pluginDir.toString(), "cannot list the plugin directory ("
                    + IoReasons.reason(e) + ")" + IoProblems.fix(e, "the plugin directory")));
            return List.of();
        }
    }

    private static void discoverPlugin(Path folder, ClassLoader parent, List<Found> found,
                                       List<DiscoveryProblem> problems) {
        String name = folder.getFileName().toString();
        List<File> jars = new ArrayList<>();
        // Each jar, in the folder's order, for the versions of jars that share a library. Not a map keyed by
        // the record: hashing a record spins its hashCode's method handles, 8 ms of every start (async-profiler).
        List<PluginJars.Jar> identified = new ArrayList<>();
        List<URL> urls = new ArrayList<>();
        // Each jar's handle by file name, held open until the plugin's classes are loaded: while one handle on a
        // jar is open, the JDK shares its index with the next (the marker's reading, the class loader's), so
        // each jar's index is read once, not three times; a jar's version is read from it too.
        Map<String, JarFile> open = new LinkedHashMap<>();
        int skipped = 0;
        try {
            try (Stream<Path> entries = Files.list(folder)) {
                for (Path jar : entries.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                    PluginJars.Jar what;
                    JarFile file = null;
                    try {
                        file = new JarFile(jar.toFile());
                        // From the handle kept open below: its index is read once for all.
                        what = PluginJars.Jar.read(file, jar.getFileName().toString());
                    } catch (IOException | SecurityException e) {
                        closeQuietly(file);
                        skipped++;
                        problems.add(new DiscoveryProblem("plugin " + name + " (" + jar.getFileName() + ")",
                                "unreadable jar, skipped (" + IoReasons.reason(e) + ")"
                                        + IoProblems.fix(e, "the jar", "rebuild the plugin or remove the jar")));
                        continue;
                    }
                    if (what.isOwn()) {
                        // Left out: a plugin's copy of the runtime would load child-first and "work" until the two differ.
                        problems.add(new DiscoveryProblem("plugin " + name, PluginJars.ownJarProblem(what.versioned(file))));
                        closeQuietly(file);
                        continue;
                    }
                    open.put(what.file(), file);
                    identified.add(what);
                    jars.add(jar.toFile());
                    urls.add(jar.toUri().toURL());
                }
            } catch (IOException e) {
                problems.add(new DiscoveryProblem("plugin " + name, "cannot list the folder " + folder + " ("
                        + IoReasons.reason(e) + ")" + IoProblems.fix(e, "the folder")));
                return;
            }
            PluginJars.versionConflicts(identified, jar -> jar.versioned(open.get(jar.file())))
                    .forEach(conflict -> problems.add(new DiscoveryProblem("plugin " + name, conflict)));
            if (jars.isEmpty()) {
                if (skipped == 0) { // a skipped jar has said what is wrong, once
                    problems.add(new DiscoveryProblem("plugin " + name, "no jar in " + folder
                            + "; a plugin folder holds the connector's jar and its libraries"));
                }
                return;
            }
            PluginClassLoader loader = new PluginClassLoader(name, urls.toArray(URL[]::new), parent);
            List<String> specClasses = SpecScanner.specClassNamesIn(jars, loader);
            if (specClasses.isEmpty()) {
                if (skipped == 0) { // else the connector's jar may be the one skipped, which has said so
                    problems.add(new DiscoveryProblem("plugin " + name, "no ServiceSpec or StepProvider found: no jar carries "
                            + ServiceSpec.MARKER_RESOURCE + " with a public implementation of either"));
                }
                closeQuietly(loader);
                return;
            }
            instantiateAll(specClasses, loader, "plugin " + name, found, problems);
        } finally {
            for (JarFile jar : open.values()) {
                try {
                    jar.close();
                } catch (IOException e) {
                    // only read
                }
            }
        }
    }

    private static void closeQuietly(JarFile jar) {
        if (jar != null) {
            try {
                jar.close();
            } catch (IOException e) {
                // only read
            }
        }
    }

    private static void closeQuietly(PluginClassLoader loader) {
        try {
            loader.close();
        } catch (IOException e) {
            // nothing was loaded from it
        }
    }

    private static void instantiateAll(List<String> classNames, ClassLoader loader, String origin,
                                       List<Found> found, List<DiscoveryProblem> problems) {
        for (String className : classNames) {
            Object providerOrProblem = SpecScanner.instantiate(className, loader);
            if (providerOrProblem instanceof StepProvider provider) {
                found.add(new Found(provider, origin, loader));
            } else {
                problems.add(new DiscoveryProblem(origin + " " + className, String.valueOf(providerOrProblem)));
            }
        }
    }

    private static Optional<String> invalid(ServiceSpec spec) {
        try {
            if (spec.serviceType() == null || spec.serviceType().isBlank()) {
                return Optional.of("serviceType() is empty");
            }
            if (spec.category() == null) {
                return Optional.of("category() is null");
            }
            if (spec.connectionType() == null) {
                return Optional.of("connectionType() is null");
            }
            Optional<String> sources = ConnectorSources.problem(spec);
            if (sources.isPresent()) {
                return sources;
            }
            String schema = spec.connectionSchema();
            if (schema == null || spec.getClass().getResource(schema) == null) {
                return Optional.of("connection schema " + schema + " is not on the connector's classpath");
            }
            return Optional.empty();
        } catch (RuntimeException | LinkageError e) {
            return Optional.of("the spec threw while describing itself: " + StepError.oneLine(e));
        }
    }

    private void register(Found found) {
        Optional<String> serviceType = Optional.empty();
        if (found.provider() instanceof ServiceSpec spec) {
            Optional<String> invalid = invalid(spec);
            if (invalid.isPresent()) {
                DiscoveryProblem problem = new DiscoveryProblem(found.origin() + " " + spec.getClass().getName(), invalid.get());
                problems.add(problem);
                declaredType(spec).ifPresent(type -> refusals.putIfAbsent(normalize(type), problem.toString()));
                return;
            }
            if (!registerSpec(new RegisteredSpec(spec, found.origin(), found.loader()))) {
                return;
            }
            serviceType = Optional.of(spec.serviceType());
        }
        registered.add(found);
        List<StepSpec<?>> declared;
        try {
            declared = found.provider().steps();
        } catch (RuntimeException | LinkageError e) {
            problems.add(new DiscoveryProblem(found.origin() + " " + found.provider().getClass().getName(),
                    "steps() threw " + StepError.oneLine(e)));
            return;
        }
        for (StepSpec<?> step : declared == null ? List.<StepSpec<?>>of() : declared) {
            registerStep(new RegisteredStep<>(step, found.origin(), serviceType), found.provider());
        }
    }

    private void registerStep(RegisteredStep<?> step, StepProvider provider) {
        String where = step.origin() + " " + provider.getClass().getName();
        StepSpec<?> spec = step.spec();
        if (spec == null) {
            problems.add(new DiscoveryProblem(where, "steps() returned a null step; remove it"));
            return;
        }
        if (spec.role() == StepSpec.Role.SOURCE && step.serviceType().isEmpty()) {
            problems.add(new DiscoveryProblem(where, "source '" + spec.type() + "' declared by a step provider that is"
                    + " not a connector; declare sources in the ServiceSpec's steps()"));
            return;
        }
        // A source's config schema is the runtime's own schema of OpenMetadata's sourceConfig.
        if (spec.role() != StepSpec.Role.SOURCE && spec.stepClass().getResource(spec.configSchema()) == null) {
            problems.add(new DiscoveryProblem(where, spec.role().key() + " '" + spec.type() + "': config schema "
                    + spec.configSchema() + " is not beside " + spec.stepClass().getName() + "; add it to the jar"));
            return;
        }
        String key = stepKey(spec.role(), spec.type(), step.serviceType());
        RegisteredStep<?> existing = steps.get(key);
        if (existing != null) {
            problems.add(new DiscoveryProblem(where, "duplicate " + spec.role().key() + " type '" + spec.type() + "'"
                    + step.serviceType().map(t -> " for " + t).orElse("") + ", already provided by "
                    + existing.origin() + " " + existing.spec().stepClass().getName()
                    + "; this one is ignored: remove one of the two"));
            return;
        }
        steps.put(key, step);
    }

    private static String stepKey(StepSpec.Role role, String type, Optional<String> serviceType) {
        return role.key() + "/" + type + "/" + serviceType.map(ServiceSpecRegistry::normalize).orElse("");
    }

    private boolean registerSpec(RegisteredSpec candidate) {
        String key = normalize(candidate.spec().serviceType());
        RegisteredSpec existing = byType.get(key);
        if (existing == null) {
            existing = byFormerType.get(key);
        }
        String refused = refusals.get(key);
        if (refused != null && refused.startsWith(TWO_PLUGINS)) {
            refusals.put(key, refused + ", " + candidate.origin() + " " + candidate.spec().getClass().getName());
            sharingAType.add(candidate.origin().substring(PLUGIN.length()));
            return false;
        }
        if (existing != null) {
            String where = candidate.origin() + " " + candidate.spec().getClass().getName();
            String first = existing.origin() + " " + existing.spec().getClass().getName();
            if (!existing.origin().startsWith(PLUGIN) || !candidate.origin().startsWith(PLUGIN)) {
                // The embedding application's own class path is not a peer of a plugin folder: it stays.
                problems.add(new DiscoveryProblem(where, "duplicate service type '" + candidate.spec().serviceType()
                        + "', already provided by " + first + "; this one is ignored: remove one of the two"));
                return false;
            }
            // Two plugin folders are peers: which one sorts first says nothing about which is meant (an
            // older copy beside a newer one, say). Neither is used until one is removed.
            problems.add(new DiscoveryProblem(where, "duplicate service type '" + candidate.spec().serviceType()
                    + "', also provided by " + first + "; neither is used: remove one of the two folders"));
            refuse(key, TWO_PLUGINS + first + ", " + where);
            sharingAType.add(existing.origin().substring(PLUGIN.length()));
            sharingAType.add(candidate.origin().substring(PLUGIN.length()));
            return false;
        }
        byType.put(key, candidate);
        for (String former : candidate.spec().formerServiceTypes()) {
            byFormerType.putIfAbsent(normalize(former), candidate);
        }
        return true;
    }

    private static String normalize(String type) {
        return type.toLowerCase(Locale.ROOT);
    }

    /** Takes a service type out of use (with its former names), keeping why for its workflows' errors. */
    private void refuse(String key, String why) {
        RegisteredSpec removed = byType.remove(key);
        if (removed != null) {
            byFormerType.values().removeIf(r -> r == removed);
        }
        refusals.put(key, why);
    }

    /** The service type a refused spec declares, when it can say. */
    private static Optional<String> declaredType(ServiceSpec spec) {
        try {
            String type = spec.serviceType();
            return type == null || type.isBlank() ? Optional.empty() : Optional.of(type);
        } catch (RuntimeException | LinkageError e) {
            return Optional.empty();
        }
    }

    /**
     * Why {@code serviceType} (any case) is installed but cannot be used: its spec was refused, or two
     * plugin folders provide it. Empty for a usable type and for one nothing declares.
     */
    public Optional<String> refusal(String serviceType) {
        return serviceType == null ? Optional.empty() : Optional.ofNullable(refusals.get(normalize(serviceType)));
    }

    /**
     * The plugin folders that are not usable because of the problems discovery reported with them, by
     * name, sorted: those that provide no service type and either registered nothing or lost a provider
     * class (one that failed to load, or a spec refused), and both of two that provide the same service
     * type, as neither is used. A plugin that loads with a warning (a jar
     * skipped, a library carried twice) is usable and not among them.
     */
    public List<String> pluginsWithProblems() {
        Map<String, List<String>> lostOrKept = new LinkedHashMap<>();
        for (DiscoveryProblem problem : problems) {
            if (problem.where().startsWith(PLUGIN)) {
                String[] nameAndRest = problem.where().substring(PLUGIN.length()).split(" ", 2);
                List<String> classes = lostOrKept.computeIfAbsent(nameAndRest[0], k -> new ArrayList<>());
                // "plugin <name> <class>" names a provider class; "plugin <name> (<jar>)" a jar.
                if (nameAndRest.length > 1 && !nameAndRest[1].startsWith("(")) {
                    classes.add(nameAndRest[1]);
                }
            }
        }
        Set<String> unusable = new java.util.TreeSet<>();
        lostOrKept.forEach((name, named) -> {
            if (!usable(name, named)) {
                unusable.add(name);
            }
        });
        // The first of two folders with one service type loaded without a problem of its own, yet is not used either.
        sharingAType.stream().filter(name -> !providesServiceType(name)).forEach(unusable::add);
        return List.copyOf(unusable);
    }

    private boolean providesServiceType(String plugin) {
        return byType.values().stream().anyMatch(r -> r.origin().equals(PLUGIN + plugin));
    }

    /** Whether plugin {@code name} provides a service type, or loaded all its providers ({@code named} by its problems). */
    private boolean usable(String name, List<String> named) {
        List<Found> loaded = registered.stream().filter(f -> f.origin().equals(PLUGIN + name)).toList();
        boolean providesServiceType = providesServiceType(name);
        Set<String> loadedClasses = new HashSet<>();
        loaded.forEach(f -> loadedClasses.add(f.provider().getClass().getName()));
        return providesServiceType || (!loaded.isEmpty() && loadedClasses.containsAll(named));
    }


    /** Finds a spec by service type (any case) or former name. */
    public Optional<Lookup> find(String serviceType) {
        if (serviceType == null) {
            return Optional.empty();
        }
        RegisteredSpec current = byType.get(normalize(serviceType));
        if (current != null) {
            return Optional.of(new Lookup(current, false));
        }
        return Optional.ofNullable(byFormerType.get(normalize(serviceType))).map(r -> new Lookup(r, true));
    }

    /** All registered specs, sorted by service type. */
    public List<RegisteredSpec> specs() {
        return byType.values().stream()
                .sorted(Comparator.comparing(r -> r.spec().serviceType().toLowerCase(Locale.ROOT)))
                .toList();
    }

    /** The canonical service types, sorted. */
    public List<String> serviceTypes() {
        return specs().stream().map(r -> r.spec().serviceType()).toList();
    }

    /**
     * The step of a role named {@code type} for a source of {@code serviceType}. A connector's own
     * step (one its {@link ServiceSpec#steps()} declares) is registered for its service type only; a
     * step of a plain {@link StepProvider} (the runtime's built-in steps, a plugin's) for any source.
     * The connector's own step wins for its service type: Postgres's {@code query-parser}, which
     * resolves names on its server, serves {@code postgres-usage}, while the built-in one serves the
     * usage source of every connector that brings none. Both coexist; neither is a duplicate.
     *
     * @param serviceType the source's canonical service type (any case), or null for no source
     */
    public <S extends AutoCloseable> Optional<RegisteredStep<S>> findStep(StepKind<S> kind, String type,
                                                                          String serviceType) {
        RegisteredStep<?> found = steps.get(stepKey(kind.role(), type, Optional.ofNullable(serviceType)));
        if (found == null) {
            found = steps.get(stepKey(kind.role(), type, Optional.empty()));
        }
        if (found == null) {
            return Optional.empty();
        }
        RegisteredStep<?> step = found;
        return kind.narrow(step.spec()).map(spec -> new RegisteredStep<>(spec, step.origin(), step.serviceType()));
    }

    /** Every registered step type of a role, sorted by name. */
    public List<RegisteredStep<?>> steps(StepKind<?> kind) {
        return steps.values().stream().filter(s -> s.spec().role() == kind.role())
                .sorted(Comparator.comparing(RegisteredStep::type)).toList();
    }

    /** What discovery could not use, and what it warned of. */
    public synchronized List<DiscoveryProblem> problems() {
        return List.copyOf(problems);
    }

    /**
     * The disagreements between a connector's connection schema and its record ({@link ConnectionSchemaChecks}),
     * bound as {@code mapper} binds workflows: a property the record does not bind (a workflow's value would be
     * ignored without a word) and a field named like a credential that is not marked secret (it would be logged in
     * clear). Compared once per connector and only when asked (by a workflow of that connector, or {@code connectors
     * list}), not at discovery: comparing every connector would cost each command's start-up tens of milliseconds.
     * Not in {@link #problems()}: the connector is usable all the same.
     */
    public synchronized List<DiscoveryProblem> connectionProblems(RegisteredSpec registered, ObjectMapper mapper) {
        ServiceSpec spec = registered.spec();
        return connectionProblems.computeIfAbsent(spec, s -> {
            String where = registered.origin() + " " + spec.getClass().getName();
            try {
                JsonNode schema = SpecSchemas.connectionSchema(spec);
                List<String> found = new ArrayList<>(ConnectionSchemaChecks.recordMismatches(spec, schema, mapper));
                found.addAll(ConnectionSchemaChecks.secretMismatches(spec, schema, mapper));
                return found.stream().map(problem -> new DiscoveryProblem(where, problem)).toList();
            } catch (RuntimeException | LinkageError e) {
                // Not a reason to refuse a connector that registered: its workflows say what is wrong when run.
                return List.of(new DiscoveryProblem(where, "its connection schema could not be compared with "
                        + spec.connectionType().getSimpleName() + ": " + StepError.oneLine(e)));
            }
        });
    }

    /**
     * A lookup result.
     *
     * @param registered the spec
     * @param viaFormerName whether it was found by a former name (worth a deprecation warning)
     */
    public record Lookup(RegisteredSpec registered, boolean viaFormerName) {

        /** The spec. */
        public ServiceSpec spec() {
            return registered.spec();
        }
    }

}
