package io.metaingest.testconnectors;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.api.ServiceSpec;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The marker names every spec of the shared test connector, and every module that puts them on its class path can load them together. */
class MarkerTest {

    private static List<String> listed() throws IOException {
        try (InputStream in = MarkerTest.class.getResourceAsStream("/" + ServiceSpec.MARKER_RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(line -> line.replaceFirst("#.*", "").strip()).filter(line -> !line.isEmpty()).toList();
        }
    }

    @Test
    void theMarkerListsEverySpecOfTheModule() throws Exception {
        Path classes = Path.of(ShelfSpec.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> specs = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace(File.separatorChar, '.').replaceFirst("\\.class$", "");
                Class<?> type = Class.forName(name, false, MarkerTest.class.getClassLoader());
                if (ServiceSpec.class.isAssignableFrom(type) && Modifier.isPublic(type.getModifiers())
                        && !Modifier.isAbstract(type.getModifiers())) {
                    specs.add(name);
                }
            }
        }
        assertThat(specs).as("specs of the module").isNotEmpty();
        assertThat(listed()).containsExactlyInAnyOrderElementsOf(specs);
    }

    @Test
    void serviceTypesAndFormerNamesAreDistinctAndSchemasExist() throws Exception {
        List<String> names = new ArrayList<>();
        for (String className : listed()) {
            ServiceSpec spec = (ServiceSpec) Class.forName(className).getConstructor().newInstance();
            names.add(spec.serviceType().toLowerCase(Locale.ROOT));
            spec.formerServiceTypes().forEach(former -> names.add(former.toLowerCase(Locale.ROOT)));
            assertThat(MarkerTest.class.getResource(spec.connectionSchema())).as(spec.connectionSchema()).isNotNull();
            assertThat(spec).as("a variant of the one shared connector").isInstanceOf(ShelfSpec.class);
            try (InputStream schema = MarkerTest.class.getResourceAsStream(spec.connectionSchema())) {
                assertThat(new String(schema.readAllBytes(), StandardCharsets.UTF_8)).as("its schema's type enum")
                        .contains("\"" + spec.serviceType() + "\"");
            }
        }
        assertThat(names).doesNotHaveDuplicates()
                // The bundled connectors' types, which the CLI's tests load beside the shared connector.
                .doesNotContain("postgres", "fivetran", "dbtcloud", "microstrategy", "mstr");
    }
}
