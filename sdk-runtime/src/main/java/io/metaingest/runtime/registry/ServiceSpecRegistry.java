package io.metaingest.runtime.registry;

import io.metaingest.api.ServiceSpec;
import io.metaingest.api.StepError;
import io.metaingest.api.WorkflowKind;
import java.io.File;
import java.io.IOException;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The connectors this process knows, by service type. Built once per process by {@link #discover};
 * lookups ignore case and accept former type names.
 */
public final class ServiceSpecRegistry {

    private final Map<String, RegisteredSpec> byType;
    private final Map<String, RegisteredSpec> byFormerType;
    private final List<DiscoveryProblem> problems;

    private ServiceSpecRegistry(List<RegisteredSpec> found, List<DiscoveryProblem> problems) {
        this.problems = new ArrayList<>(problems);
        this.byType = new LinkedHashMap<>();
        this.byFormerType = new LinkedHashMap<>();
        for (RegisteredSpec candidate : found) {
            register(candidate);
        }
    }

    /**
     * Discovers the specs on the class path of {@code appLoader} and in each sub-folder of
     * {@code pluginDir} (when present). Problems are collected, never thrown.
     */
    public static ServiceSpecRegistry discover(ClassLoader appLoader, Path pluginDir) {
        List<RegisteredSpec> found = new ArrayList<>();
        List<DiscoveryProblem> problems = new ArrayList<>();
        instantiateAll(SpecScanner.specClassNamesOnClasspath(appLoader), appLoader, "classpath", found, problems);
        if (pluginDir != null && Files.isDirectory(pluginDir)) {
            for (Path folder : subFolders(pluginDir, problems)) {
                discoverPlugin(folder, appLoader, found, problems);
            }
        }
        return new ServiceSpecRegistry(found, problems);
    }

    /** A registry of the given specs, for tests and embedding. */
    public static ServiceSpecRegistry of(ServiceSpec... specs) {
        List<RegisteredSpec> found = new ArrayList<>();
        for (ServiceSpec spec : specs) {
            found.add(new RegisteredSpec(spec, "embedded", spec.getClass().getClassLoader()));
        }
        return new ServiceSpecRegistry(found, List.of());
    }

    private static List<Path> subFolders(Path pluginDir, List<DiscoveryProblem> problems) {
        try (Stream<Path> entries = Files.list(pluginDir)) {
            return entries.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            problems.add(new DiscoveryProblem(pluginDir.toString(), "cannot list the plugin directory: " + e.getMessage()));
            return List.of();
        }
    }

    private static void discoverPlugin(Path folder, ClassLoader parent, List<RegisteredSpec> found,
                                       List<DiscoveryProblem> problems) {
        String name = folder.getFileName().toString();
        List<File> jars = new ArrayList<>();
        List<URL> urls = new ArrayList<>();
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path jar : entries.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                Optional<String> unreadable = unreadable(jar);
                if (unreadable.isPresent()) {
                    problems.add(new DiscoveryProblem("plugin " + name + " (" + jar.getFileName() + ")",
                            "unreadable jar, skipped: " + unreadable.get() + "; rebuild or remove it"));
                    continue;
                }
                jars.add(jar.toFile());
                urls.add(jar.toUri().toURL());
            }
        } catch (IOException e) {
            problems.add(new DiscoveryProblem("plugin " + name, "cannot list the folder: " + e.getMessage()));
            return;
        }
        if (jars.isEmpty()) {
            problems.add(new DiscoveryProblem("plugin " + name, "no readable jar in " + folder));
            return;
        }
        List<String> specClasses = SpecScanner.specClassNamesIn(jars);
        if (specClasses.isEmpty()) {
            problems.add(new DiscoveryProblem("plugin " + name, "no ServiceSpec found: no jar carries "
                    + ServiceSpec.MARKER_RESOURCE + " with a public ServiceSpec implementation"));
            return;
        }
        PluginClassLoader loader = new PluginClassLoader(name, urls.toArray(URL[]::new), parent);
        instantiateAll(specClasses, loader, "plugin " + name, found, problems);
    }

    private static Optional<String> unreadable(Path jar) {
        try (JarFile ignored = new JarFile(jar.toFile())) {
            return Optional.empty();
        } catch (IOException | SecurityException e) {
            return Optional.of(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    private static void instantiateAll(List<String> classNames, ClassLoader loader, String origin,
                                       List<RegisteredSpec> found, List<DiscoveryProblem> problems) {
        for (String className : classNames) {
            Object specOrProblem = SpecScanner.instantiate(className, loader);
            if (specOrProblem instanceof ServiceSpec spec) {
                Optional<String> invalid = invalid(spec);
                if (invalid.isPresent()) {
                    problems.add(new DiscoveryProblem(origin + " " + className, invalid.get()));
                } else {
                    found.add(new RegisteredSpec(spec, origin, loader));
                }
            } else {
                problems.add(new DiscoveryProblem(origin + " " + className, (String) specOrProblem));
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
            if (spec.sources() == null || !spec.sources().containsKey(WorkflowKind.METADATA)) {
                return Optional.of("sources() has no METADATA source; every connector needs one");
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

    private void register(RegisteredSpec candidate) {
        String key = normalize(candidate.spec().serviceType());
        RegisteredSpec existing = byType.get(key);
        if (existing == null) {
            existing = byFormerType.get(key);
        }
        if (existing != null) {
            problems.add(new DiscoveryProblem(candidate.origin() + " " + candidate.spec().getClass().getName(),
                    "duplicate service type '" + candidate.spec().serviceType() + "', already provided by "
                            + existing.origin() + " " + existing.spec().getClass().getName()
                            + "; this one is ignored: remove one of the two"));
            return;
        }
        byType.put(key, candidate);
        for (String former : candidate.spec().formerServiceTypes()) {
            byFormerType.putIfAbsent(normalize(former), candidate);
        }
    }

    private static String normalize(String type) {
        return type.toLowerCase(Locale.ROOT);
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

    /** What discovery could not use. */
    public List<DiscoveryProblem> problems() {
        return List.copyOf(problems);
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
