package io.metaingest.benchmarks.synthetic;

import io.metaingest.api.ServiceSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Packs the synthetic connector ({@link SyntheticSpec} and its classes, its connection schema and
 * the discovery marker) as a plugin folder for the {@code metaingest} distribution, so a whole
 * {@code metaingest} process can run it with {@code --plugins}.
 */
public final class PluginJar {

    private PluginJar() {
    }

    /** Writes {@code <pluginDir>/synthetic/synthetic.jar}; returns {@code pluginDir}. */
    public static Path write(Path pluginDir) throws IOException, URISyntaxException {
        Path classes = Path.of(SyntheticSpec.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (!Files.isDirectory(classes)) {
            throw new IllegalStateException("run from the module's classes folder, not " + classes);
        }
        Path jar = pluginDir.resolve("synthetic/synthetic.jar");
        Files.createDirectories(jar.getParent());
        String pkg = SyntheticSpec.class.getPackageName().replace('.', '/') + "/";
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            try (Stream<Path> all = Files.list(classes.resolve(pkg))) {
                for (Path cls : all.filter(p -> p.getFileName().toString().startsWith("Synthetic")).sorted().toList()) {
                    entry(out, pkg + cls.getFileName(), Files.readAllBytes(cls));
                }
            }
            entry(out, "schemas/syntheticConnection.json", Files.readAllBytes(classes.resolve("schemas/syntheticConnection.json")));
            entry(out, ServiceSpec.MARKER_RESOURCE, (SyntheticSpec.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return pluginDir;
    }

    private static void entry(JarOutputStream out, String name, byte[] bytes) throws IOException {
        out.putNextEntry(new JarEntry(name));
        out.write(bytes);
        out.closeEntry();
    }
}
