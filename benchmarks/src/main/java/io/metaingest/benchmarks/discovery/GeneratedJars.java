package io.metaingest.benchmarks.discovery;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Writes the jars of the discovery benchmark: plugin {@code k} is {@code plugins/plugin-k/plugin-k.jar}
 * with one {@code ServiceSpec} (service type {@code Gen<k>}), its source, its connection record and
 * 48 other classes, the marker resource, a {@code META-INF/services} entry (for the
 * {@code ServiceLoader} reference) and its connection schema; unrelated jar {@code u} is
 * {@code unrelated/unrelated-u.jar} with 50 classes and neither marker nor services entry. The
 * sources are compiled once, with the class path of this JVM (which holds {@code sdk-api}).
 */
public final class GeneratedJars {

    /** Classes in each jar. */
    public static final int CLASSES_PER_JAR = 50;

    private GeneratedJars() {
    }

    /** Writes {@code plugins} plugin folders and {@code unrelated} jars under {@code root}, unless there already. */
    public static void write(Path root, int plugins, int unrelated) throws IOException {
        Path done = root.resolve("done-" + plugins + "-" + unrelated);
        if (Files.exists(done)) {
            return;
        }
        if (Files.exists(root)) {
            try (Stream<Path> all = Files.walk(root)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Path src = root.resolve("src");
        Path classes = root.resolve("classes");
        List<Path> sources = new ArrayList<>();
        for (int k = 0; k < plugins; k++) {
            String pkg = "gen.p" + k;
            sources.add(source(src, pkg, "Spec" + k, """
                    public final class Spec%1$d implements io.metaingest.api.ServiceSpec {
                        public record Conn%1$d(String host) { }
                        public static final class Source%1$d implements io.metaingest.api.Source<Object> {
                            @jakarta.inject.Inject public Source%1$d() { }
                            @Override public java.util.stream.Stream<io.metaingest.api.Result<Object>> read() {
                                return java.util.stream.Stream.empty();
                            }
                        }
                        @Override public String serviceType() { return "Gen%1$d"; }
                        @Override public io.metaingest.api.ServiceCategory category() { return io.metaingest.api.ServiceCategory.DATABASE; }
                        @Override public Class<Conn%1$d> connectionType() { return Conn%1$d.class; }
                        @Override public String connectionSchema() { return "/schemas/gen%1$d.json"; }
                        @Override public java.util.List<io.metaingest.api.StepSpec<?>> steps() {
                            return java.util.List.of(io.metaingest.api.StepSpec.source(io.metaingest.api.config.SourceConfigType.DATABASE_METADATA, Source%1$d.class));
                        }
                    }
                    """.formatted(k)));
            // Spec, its nested record and source are 3 classes; 47 more make 50.
            fillers(src, pkg, CLASSES_PER_JAR - 3, sources);
        }
        for (int u = 0; u < unrelated; u++) {
            fillers(src, "gen.u" + u, CLASSES_PER_JAR, sources);
        }
        compile(sources, classes);
        for (int k = 0; k < plugins; k++) {
            Path jar = root.resolve("plugins/plugin-" + k + "/plugin-" + k + ".jar");
            String spec = "gen.p" + k + ".Spec" + k;
            jar(jar, classes.resolve("gen/p" + k), "gen/p" + k + "/", List.of(
                    new Resource("META-INF/metaingest/connector", spec + "\n"),
                    new Resource("META-INF/services/io.metaingest.api.ServiceSpec", spec + "\n"),
                    new Resource("schemas/gen" + k + ".json",
                            "{\"type\":\"object\",\"properties\":{\"type\":{},\"host\":{\"type\":\"string\"}}}")));
        }
        for (int u = 0; u < unrelated; u++) {
            jar(root.resolve("unrelated/unrelated-" + u + ".jar"), classes.resolve("gen/u" + u), "gen/u" + u + "/", List.of());
        }
        Files.writeString(done, "");
    }

    private record Resource(String name, String content) {
    }

    private static void fillers(Path src, String pkg, int count, List<Path> sources) throws IOException {
        for (int c = 0; c < count; c++) {
            sources.add(source(src, pkg, "C" + c, """
                    public final class C%1$d {
                        private final long seed;
                        public C%1$d(long seed) { this.seed = seed; }
                        public long next() { return seed * 6364136223846793005L + %1$d; }
                        @Override public String toString() { return "C%1$d " + seed; }
                    }
                    """.formatted(c)));
        }
    }

    private static Path source(Path src, String pkg, String name, String body) throws IOException {
        Path file = src.resolve(pkg.replace('.', '/')).resolve(name + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "package " + pkg + ";\n" + body);
        return file;
    }

    private static void compile(List<Path> sources, Path classes) throws IOException {
        Files.createDirectories(classes);
        Path list = classes.resolveSibling("sources.txt");
        Files.write(list, sources.stream().map(Path::toString).toList());
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int code = javac.run(null, null, null, "-proc:none", "-nowarn", "-d", classes.toString(),
                "-cp", System.getProperty("java.class.path"), "@" + list);
        if (code != 0) {
            throw new IllegalStateException("javac failed on the generated sources (" + list + ")");
        }
    }

    private static void jar(Path jar, Path classDir, String prefix, List<Resource> resources) throws IOException {
        Files.createDirectories(jar.getParent());
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            try (Stream<Path> classFiles = Files.walk(classDir)) {
                for (Path cls : classFiles.filter(Files::isRegularFile).sorted().toList()) {
                    out.putNextEntry(new JarEntry(prefix + classDir.relativize(cls).toString().replace('\\', '/')));
                    out.write(Files.readAllBytes(cls));
                    out.closeEntry();
                }
            }
            for (Resource r : resources) {
                out.putNextEntry(new JarEntry(r.name()));
                out.write(r.content().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
    }
}
