package io.metaingest.testkit;

import io.metaingest.api.ServiceSpec;
import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.registry.PluginClassLoader;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * Packs a connector the way its distribution does, during {@code mvn test} when no jar exists yet:
 * the folder holding the spec's classes becomes a jar in {@code plugins/<name>/}, and every other
 * element of the test class path joins it, except what the runtime shares parent-first with every
 * plugin (sdk-api, Jackson, jakarta.inject, SLF4J) and the runtime and kit themselves. Libraries are
 * linked rather than copied. The parent given to the runtime hides every packed element, so the
 * connector's classes and libraries can only come from the plugin's own class loader.
 */
final class PluginFolder {

    private static final List<String> SHARED_PATHS = PluginClassLoader.SHARED_PREFIXES.stream()
            .filter(p -> !p.startsWith("java") && !p.startsWith("jdk.") && !p.startsWith("sun.") && !p.startsWith("com.sun."))
            .map(p -> p.replace('.', '/'))
            .toList();

    private final Path folder;
    private final Set<Path> packed;

    private PluginFolder(Path folder, Set<Path> packed) {
        this.folder = folder;
        this.packed = packed;
    }

    /** The {@code plugins/} directory to hand to the runtime. */
    Path pluginsDir() {
        return folder.getParent();
    }

    /** The plugin's own folder. */
    Path folder() {
        return folder;
    }

    /**
     * Packs the module holding {@code specClass} into {@code pluginsDir/<name>/}.
     */
    static PluginFolder pack(Class<?> specClass, Path pluginsDir, String name) throws IOException {
        Path classes = location(specClass);
        Set<Path> skip = new LinkedHashSet<>();
        skip.add(location(Metaingest.class));
        skip.add(location(PluginFolder.class));
        Path folder = Files.createDirectories(pluginsDir.resolve(name));
        Set<Path> packed = new LinkedHashSet<>();
        jar(classes, folder.resolve("00-" + name + ".jar"));
        packed.add(classes);
        int i = 0;
        for (String element : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(element).toAbsolutePath().normalize();
            if (element.isBlank() || !Files.exists(path) || packed.contains(path) || skip.contains(path)
                    || path.endsWith("test-classes") || isShared(path)) {
                continue;
            }
            Path target = folder.resolve(String.format("%03d-%s", ++i, Files.isDirectory(path)
                    ? moduleName(path) + ".jar" : path.getFileName().toString()));
            if (Files.isDirectory(path)) {
                jar(path, target);
            } else {
                link(path, target);
            }
            packed.add(path);
        }
        return new PluginFolder(folder, packed);
    }

    /** {@code sdk-toolkit} for {@code .../sdk-toolkit/target/classes}, a sibling module in a reactor build. */
    private static String moduleName(Path classesDir) {
        Path target = classesDir.getParent();
        Path module = target == null ? null : target.getParent();
        return module == null || module.getFileName() == null ? classesDir.getFileName().toString()
                : module.getFileName().toString();
    }

    /** A parent for plugin class loaders that cannot see anything packed into the plugin. */
    ClassLoader hidingParent(ClassLoader parent) {
        return new HidingClassLoader(parent, packed);
    }

    static Path location(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            throw new IllegalStateException(type.getName() + " has no code source to pack");
        }
        try {
            return Path.of(source.getLocation().toURI()).toAbsolutePath().normalize();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isShared(Path element) {
        try {
            if (Files.isDirectory(element)) {
                return SHARED_PATHS.stream().anyMatch(p -> Files.isDirectory(element.resolve(p)));
            }
            try (JarFile jar = new JarFile(element.toFile())) {
                return SHARED_PATHS.stream().anyMatch(p -> jar.getEntry(p) != null
                        || jar.stream().limit(400).anyMatch(e -> e.getName().startsWith(p)));
            }
        } catch (IOException e) {
            return false;
        }
    }

    private static void link(Path jar, Path target) throws IOException {
        try {
            Files.createSymbolicLink(target, jar);
        } catch (UnsupportedOperationException | IOException e) {
            Files.copy(jar, target);
        }
    }

    private static void jar(Path dir, Path target) throws IOException {
        try (OutputStream out = Files.newOutputStream(target); JarOutputStream jar = new JarOutputStream(out)) {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                    if (!d.equals(dir)) {
                        jar.putNextEntry(new JarEntry(dir.relativize(d).toString().replace(File.separatorChar, '/') + "/"));
                        jar.closeEntry();
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    jar.putNextEntry(new JarEntry(dir.relativize(file).toString().replace(File.separatorChar, '/')));
                    Files.copy(file, jar);
                    jar.closeEntry();
                    return FileVisitResult.CONTINUE;
                }
            });
        }
    }

    /** Delegates to the application loader but refuses classes and resources of packed elements. */
    private static final class HidingClassLoader extends ClassLoader {
        private final ClassLoader delegate;
        private final List<String> hiddenPrefixes = new ArrayList<>();

        static {
            ClassLoader.registerAsParallelCapable();
        }

        HidingClassLoader(ClassLoader delegate, Set<Path> hidden) {
            super("kit-hiding-parent", null);
            this.delegate = delegate;
            for (Path path : hidden) {
                // Class loaders spell file URLs "file:/x" while Path.toUri says "file:///x": hide both.
                for (String form : List.of(path.toUri().toString(), "file:" + path.toAbsolutePath())) {
                    hiddenPrefixes.add(form);
                    hiddenPrefixes.add("jar:" + form);
                }
            }
        }

        private boolean hidden(URL url) {
            String text = url.toString();
            return hiddenPrefixes.stream().anyMatch(text::startsWith);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            Class<?> type = delegate.loadClass(name);
            CodeSource source = type.getProtectionDomain().getCodeSource();
            if (source != null && source.getLocation() != null && hidden(source.getLocation())) {
                throw new ClassNotFoundException(name + " (packed into the plugin, hidden from its parent)");
            }
            return type;
        }

        @Override
        public URL getResource(String name) {
            try {
                Enumeration<URL> all = getResources(name);
                return all.hasMoreElements() ? all.nextElement() : null;
            } catch (IOException e) {
                return null;
            }
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            List<URL> visible = new ArrayList<>();
            for (URL url : Collections.list(delegate.getResources(name))) {
                if (!hidden(url)) {
                    visible.add(url);
                }
            }
            return Collections.enumeration(visible);
        }
    }

    @Override
    public String toString() {
        return folder.toString();
    }

    /** The marker every connector jar must carry. */
    static String marker() {
        return ServiceSpec.MARKER_RESOURCE;
    }
}
