package io.metaingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.runtime.registry.RegisteredSpec;
import io.metaingest.runtime.registry.ServiceSpecRegistry;
import io.metaingest.testkit.BundledConnector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The test kit carries a copy of the bundled connectors' names (an author's project has no
 * distribution to ask): it must be the connectors this module packs as plugins, names and former names.
 */
class BundledConnectorListTest {

    @Test
    void theKitsListOfBundledConnectorsIsTheDistributionsPlugins() throws Exception {
        // The connectors on this module's test class path are the bundled ones (test-connectors aside).
        List<String> discovered = ServiceSpecRegistry.discover(getClass().getClassLoader(), null).specs().stream()
                .map(RegisteredSpec::spec).filter(s -> s.getClass().getName().startsWith("io.metaingest.connectors."))
                .map(s -> s.serviceType() + " " + s.getClass().getName() + " " + s.formerServiceTypes().stream().sorted()
                        .toList()).sorted().toList();
        List<String> kit = BundledConnector.all().stream()
                .map(b -> b.serviceType() + " " + b.specClass() + " " + b.formerNames().stream().sorted().toList()).sorted()
                .toList();
        assertThat(kit).isEqualTo(discovered);

        Matcher folders = Pattern.compile("<outputDirectory>\\$\\{project.build.directory}/plugins/([a-z]+)</outputDirectory>")
                .matcher(Files.readString(Path.of("pom.xml")));
        List<String> packed = folders.results().map(m -> m.group(1)).sorted().toList();
        assertThat(packed).hasSameSizeAs(kit);
        assertThat(packed).isEqualTo(kit.stream().map(k -> k.substring(0, k.indexOf(' ')).toLowerCase()).sorted().toList());
    }
}
