package io.metaingest.runtime.registry;

import io.github.classgraph.ClassGraph;
import io.github.classgraph.ClassInfo;
import io.github.classgraph.ScanResult;
import io.metaingest.api.ServiceSpec;
import io.metaingest.api.StepError;
import io.metaingest.api.StepProvider;
import java.io.File;
import java.io.IOException;
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
        return scan(new ClassGraph().overrideClassLoaders(loader));
    }

    /** Scans exactly these jars (a plugin folder), ignoring the parent's classpath. */
    static List<String> specClassNamesIn(List<File> jars) {
        return scan(new ClassGraph().overrideClasspath(jars).ignoreParentClassLoaders());
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
            return "its constructor threw " + StepError.oneLine(e.getCause());
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return "cannot be loaded: " + StepError.oneLine(e);
        }
    }
}
