package io.metaingest.runtime.registry;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Compiles Java sources and packs them with resources into a jar, so tests build real plugins. */
final class JarBuilder {

    private JarBuilder() {
    }

    static Path build(Path workRoot, Path jar, Map<String, String> sources, Map<String, String> resources,
                      List<Path> classpath) throws IOException {
        Path work = Files.createTempDirectory(Files.createDirectories(workRoot), "build-");
        Path src = Files.createDirectories(work.resolve("src"));
        Path classes = Files.createDirectories(work.resolve("classes"));
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-proc:none", "-nowarn",
                "-cp", String.join(java.io.File.pathSeparator, classpath.stream().map(Path::toString).toList())));
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = src.resolve(source.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            args.add(file.toString());
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (!sources.isEmpty() && compiler.run(null, null, System.err, args.toArray(String[]::new)) != 0) {
            throw new IllegalStateException("test plugin sources do not compile");
        }
        return pack(classes, jar, resources);
    }

    /** Packs the files below {@code classes} and the given resources into {@code jar}. */
    static Path pack(Path classes, Path jar, Map<String, String> resources) throws IOException {
        Files.createDirectories(jar.getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
            for (Map.Entry<String, String> resource : resources.entrySet()) {
                out.putNextEntry(new JarEntry(resource.getKey()));
                out.write(resource.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }

    static void garbage(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write("this is not a zip file".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
