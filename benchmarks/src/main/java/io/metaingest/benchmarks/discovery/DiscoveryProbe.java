package io.metaingest.benchmarks.discovery;

import io.metaingest.api.ServiceSpec;
import io.metaingest.runtime.registry.ServiceSpecRegistry;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * One measured process of the discovery benchmark: {@code DiscoveryProbe registry <pluginDir>}
 * builds metaingest's registry (class path and plugin folders); {@code DiscoveryProbe serviceloader
 * <pluginDir>} gives each plugin folder its own {@link URLClassLoader} and asks
 * {@link ServiceLoader} for its specs, the reference. Both create every spec, ask its service type,
 * and print how many they found; a count other than the expected one fails the process.
 */
public final class DiscoveryProbe {

    private DiscoveryProbe() {
    }

    /** Runs one probe. */
    public static void main(String[] args) throws Exception {
        Path pluginDir = Path.of(args[1]);
        int expected = Integer.parseInt(args[2]);
        List<String> types = new ArrayList<>();
        if (args[0].equals("registry")) {
            ServiceSpecRegistry registry = ServiceSpecRegistry.discover(DiscoveryProbe.class.getClassLoader(), pluginDir);
            types.addAll(registry.serviceTypes());
            if (!registry.problems().isEmpty()) {
                throw new IllegalStateException("discovery problems: " + registry.problems());
            }
        } else {
            try (Stream<Path> folders = Files.list(pluginDir)) {
                for (Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
                    List<URL> urls = new ArrayList<>();
                    try (Stream<Path> jars = Files.list(folder)) {
                        for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                            urls.add(jar.toUri().toURL());
                        }
                    }
                    URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), DiscoveryProbe.class.getClassLoader());
                    for (ServiceSpec spec : ServiceLoader.load(ServiceSpec.class, loader)) {
                        types.add(spec.serviceType());
                    }
                }
            }
        }
        if (types.size() != expected) {
            throw new IllegalStateException("found " + types.size() + " specs, expected " + expected + ": " + types);
        }
        System.out.println(args[0] + ": " + types.size() + " specs");
    }
}
