package io.metaingest.testkit;

import io.metaingest.api.ServiceSpec;
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
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * Packs a connector the way its distribution does ({@code build/connector-plugin.xml}), during
 * {@code mvn test} when no jar exists yet: the folder holding the spec's classes becomes a jar in
 * {@code plugins/<name>/} (a spec that already comes from a jar, a dependency of the tests say, is
 * linked as it is), joined by the module's runtime class path (never the test class path, so no
 * test-scope library gets in), except what the runtime shares parent-first with every plugin (sdk-api,
 * Jackson, jakarta.inject, SLF4J). Libraries are linked rather than copied. The parent given to the
 * runtime hides every packed element, so the connector's classes and libraries can only come from the
 * plugin's own class loader.
 */
final class PluginFolder {

    private static final List<String> SHARED_PATHS = PluginClassLoader.SHARED_PREFIXES.stream()
            .filter(p -> !p.startsWith("java") && !p.startsWith("jdk.") && !p.startsWith("sun.") && !p.startsWith("com.sun."))
            .map(p -> p.replace('.', '/'))
            .toList();

    private final Path folder;
    private final Set<Path> packed;
    private final String label;

    private PluginFolder(Path folder, Set<Path> packed, String label) {
        this.folder = folder;
        this.packed = packed;
        this.label = label;
    }

    /**
     * A runtime message about this plugin as its author knows it: the runtime names the plugin by its
     * folder, which here is the kit's temporary one (named after the service type), not the author's.
     */
    String told(String message) {
        if (message == null) {
            return null;
        }
        String name = folder.getFileName().toString();
        return message.replace("is not in plugin " + name + ";", "is not in " + label + ";")
                .replace("plugin " + name + " uses ", label + " uses ");
    }

    /**
     * What the author calls the plugin built from {@code classes}: its artifact, read from the module's
     * {@code pom.xml} (a classes folder) or from the jar's Maven properties; else the plugin's jar folder.
     */
    static String label(Path classes) {
        String artifact = null;
        try {
            if (Files.isDirectory(classes)) {
                Path target = classes.getParent();
                Path pom = target == null || target.getParent() == null ? null : target.getParent().resolve("pom.xml");
                if (pom != null && Files.isRegularFile(pom)) {
                    artifact = artifactId(pom);
                }
            } else if (Files.isRegularFile(classes)) {
                artifact = jarArtifactId(classes);
            }
        } catch (IOException | RuntimeException e) {
            artifact = null; // an unreadable POM only costs the message its artifact name
        }
        return artifact == null || artifact.isBlank() ? "the plugin's jar folder"
                : "the plugin's jar folder (artifact " + artifact.strip() + ")";
    }

    /** The project's own {@code artifactId}, not its parent's nor a dependency's. */
    private static String artifactId(Path pom) throws IOException {
        try {
            javax.xml.parsers.DocumentBuilderFactory factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            org.w3c.dom.Element project = factory.newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
            for (org.w3c.dom.Node n = project.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof org.w3c.dom.Element e && "artifactId".equals(e.getLocalName() != null
                        ? e.getLocalName() : e.getTagName())) {
                    return e.getTextContent();
                }
            }
            return null;
        } catch (javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException e) {
            return null;
        }
    }

    /** The artifact a jar's {@code META-INF/maven/<group>/<artifact>/pom.properties} names, when it has one. */
    private static String jarArtifactId(Path jarFile) throws IOException {
        try (JarFile jar = new JarFile(jarFile.toFile())) {
            Optional<JarEntry> props = jar.stream().filter(e -> e.getName().startsWith("META-INF/maven/")
                    && e.getName().endsWith("/pom.properties")).findFirst();
            if (props.isEmpty()) {
                return null;
            }
            java.util.Properties properties = new java.util.Properties();
            try (var in = jar.getInputStream(props.get())) {
                properties.load(in);
            }
            return properties.getProperty("artifactId");
        }
    }

    /** The {@code plugins/} directory to hand to the runtime. */
    Path pluginsDir() {
        return folder.getParent();
    }

    /** The plugin's own folder. */
    Path folder() {
        return folder;
    }

    /** The file, in the module's {@code target/}, that lists its runtime class path. */
    static final String RUNTIME_CLASSPATH_FILE = "metaingest-runtime-classpath.txt";

    /**
     * The runtime class path of the Maven module whose output is {@code classes} (its classes folder or
     * its jar in {@code target/}), as the metaingest parent POM writes it next to that output.
     */
    static List<Path> runtimeClasspath(Path classes) throws IOException {
        Path file = classes.resolveSibling(RUNTIME_CLASSPATH_FILE);
        if (!Files.isRegularFile(file)) {
            throw new AssertionError("cannot pack the plugin folder: " + file + " is missing; it lists the module's"
                    + " runtime class path, which the plugin folder holds. Fix: inherit io.metaingest:metaingest-parent,"
                    + " or add to your POM's <build><plugins> the maven-dependency-plugin goal build-classpath in phase"
                    + " generate-test-resources with <includeScope>runtime</includeScope> and <outputFile>"
                    + "${project.build.directory}/" + RUNTIME_CLASSPATH_FILE + "</outputFile>");
        }
        List<Path> elements = new ArrayList<>();
        for (String element : Files.readString(file).strip().split(File.pathSeparator)) {
            if (!element.isBlank()) {
                elements.add(Path.of(element).toAbsolutePath().normalize());
            }
        }
        return elements;
    }

    /**
     * Packs the connector classes in {@code classes} (a classes folder, or the jar they come from) with
     * its {@code libraries} (its runtime class path) into {@code pluginsDir/<name>/}.
     */
    static PluginFolder pack(Path classes, List<Path> libraries, Path pluginsDir, String name) throws IOException {
        Path folder = Files.createDirectories(pluginsDir.resolve(name));
        Set<Path> packed = new LinkedHashSet<>();
        Path own = folder.resolve("00-" + name + ".jar");
        if (Files.isDirectory(classes)) {
            jar(classes, own);
        } else {
            link(classes, own);
        }
        packed.add(classes);
        int i = 0;
        for (Path path : libraries) {
            if (!Files.exists(path)) {
                throw new AssertionError("cannot pack the plugin folder: runtime class path element " + path
                        + " does not exist (build the module's dependencies first, e.g. mvn -am)");
            }
            if (packed.contains(path) || isShared(path)) {
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
        return new PluginFolder(folder, packed, label(classes));
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
        private final Set<Path> hidden;
        private final List<String> hiddenPrefixes = new ArrayList<>();

        static {
            ClassLoader.registerAsParallelCapable();
        }

        HidingClassLoader(ClassLoader delegate, Set<Path> hidden) {
            super("kit-hiding-parent", null);
            this.delegate = delegate;
            this.hidden = hidden;
            for (Path path : hidden) {
                // Class loaders spell file URLs "file:/x" while Path.toUri says "file:///x": hide both.
                for (String form : List.of(path.toUri().toString(), "file:" + path.toAbsolutePath())) {
                    hiddenPrefixes.add(form);
                    hiddenPrefixes.add("jar:" + form);
                }
            }
        }

        /**
         * The application class path without the packed elements. ClassGraph, which the runtime's
         * discovery scans with, asks a class loader it does not know for its class path by this name;
         * without it, it would scan the whole application class path, packed elements included, and
         * the runtime would report every spec of another packed module as one it cannot load.
         */
        public List<String> getClassPath() {
            List<String> visible = new ArrayList<>();
            for (String element : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
                if (!element.isBlank() && !hidden.contains(Path.of(element).toAbsolutePath().normalize())) {
                    visible.add(element);
                }
            }
            return visible;
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
