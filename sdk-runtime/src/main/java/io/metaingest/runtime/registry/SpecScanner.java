package io.metaingest.runtime.registry;

import io.github.classgraph.ClassGraph;
import io.github.classgraph.ClassInfo;
import io.github.classgraph.ScanResult;
import io.metaingest.api.ServiceSpec;
import io.metaingest.api.StepError;
import io.metaingest.api.StepProvider;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds and instantiates the {@link ServiceSpec} and {@link StepProvider} classes of one class loader
 * or jar set.
 */
final class SpecScanner {

    private SpecScanner() {
    }

    /**
     * Scans the application class path. When no element carries the marker (the distribution keeps
     * its connectors in plugin folders) the class loader's resource index says so without starting
     * a scan.
     */
    static List<String> specClassNamesOnClasspath(ClassLoader loader) {
        try {
            if (!loader.getResources(ServiceSpec.MARKER_RESOURCE).hasMoreElements()) {
                return List.of();
            }
        } catch (IOException e) {
            // fall through to the scan, which reports what it can read
        }
        // Scanned, not read from the markers: on the class path a marker may sit in a folder of
        // several connectors (tests, the testkit) and name only one of them.
        return scan(new ClassGraph().overrideClassLoaders(loader));
    }

    /**
     * The spec and step-provider classes of exactly these jars (a plugin folder, loaded by
     * {@code loader}), ignoring the parent's classpath: the classes their markers name, or, when a
     * marker names none or names a class that is neither (a marker may be a bare marker), what a
     * scan of the jars finds.
     */
    static List<String> specClassNamesIn(List<File> jars, ClassLoader loader) {
        List<String> listed = new ArrayList<>();
        boolean complete = true;
        for (File jar : jars) {
            try (JarFile file = new JarFile(jar)) {
                JarEntry marker = file.getJarEntry(ServiceSpec.MARKER_RESOURCE);
                if (marker != null) {
                    try (InputStream in = file.getInputStream(marker)) {
                        complete &= addListed(in, listed);
                    }
                }
            } catch (IOException e) {
                complete = false;
            }
        }
        return complete && allProviders(listed, loader) ? sorted(listed)
                : scan(new ClassGraph().overrideClasspath(jars).ignoreParentClassLoaders());
    }

    /**
     * Adds the class names a marker lists, one per line ({@code #} starts a comment). Reading the
     * names is what keeps discovery as cheap as {@link java.util.ServiceLoader}: a class scan of
     * every plugin costs several times more. Returns false for a marker that names no class, whose
     * jar must then be scanned.
     */
    private static boolean addListed(InputStream marker, List<String> names) throws IOException {
        boolean any = false;
        for (String line : new String(marker.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
            String name = line.replaceFirst("#.*", "").strip();
            if (!name.isEmpty()) {
                any = true;
                if (!names.contains(name)) {
                    names.add(name);
                }
            }
        }
        return any;
    }

    /** Whether each class loads (without initialising) and implements ServiceSpec or StepProvider, of any copy. */
    private static boolean allProviders(List<String> names, ClassLoader loader) {
        for (String name : names) {
            try {
                if (!implementsByName(Class.forName(name, false, loader))) {
                    return false;
                }
            } catch (ClassNotFoundException | LinkageError e) {
                return false;
            }
        }
        return true;
    }

    private static List<String> sorted(List<String> names) {
        names.sort(String::compareTo);
        return names;
    }

    private static List<String> scan(ClassGraph graph) {
        // Only elements carrying the marker are opened, and only class headers are read.
        try (ScanResult result = graph
                .acceptClasspathElementsContainingResourcePath(ServiceSpec.MARKER_RESOURCE)
                .enableClassInfo()
                .scan()) {
            List<String> names = new ArrayList<>();
            // Both names: a plugin's scan does not see sdk-api, so it cannot know that a ServiceSpec is a StepProvider.
            for (String contract : List.of(ServiceSpec.class.getName(), StepProvider.class.getName())) {
                for (ClassInfo info : result.getClassesImplementing(contract)) {
                    if (!info.isAbstract() && !info.isInterface() && info.isPublic() && !names.contains(info.getName())) {
                        names.add(info.getName());
                    }
                }
            }
            names.sort(String::compareTo);
            return names;
        }
    }

    /** Whether a class implements an interface named like ServiceSpec or StepProvider (from another loader). */
    private static boolean implementsByName(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                if (i.getName().equals(StepProvider.class.getName()) || i.getName().equals(ServiceSpec.class.getName())
                        || implementsByName(i)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Creates a spec or step provider, or explains in one line why it cannot be. */
    static Object instantiate(String className, ClassLoader loader) {
        try {
            Class<?> type = Class.forName(className, true, loader);
            if (!StepProvider.class.isAssignableFrom(type)) {
                return "implements a different copy of ServiceSpec or StepProvider: the plugin must not bundle sdk-api";
            }
            return type.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            return "has no public no-argument constructor; add one";
        } catch (InvocationTargetException e) {
            return "its constructor threw " + describe(e.getCause());
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return "cannot be loaded: " + describe(e);
        }
    }

    private static String describe(Throwable e) {
        return PluginClassLoader.missingClass(e).orElseGet(() -> StepError.oneLine(e));
    }
}
