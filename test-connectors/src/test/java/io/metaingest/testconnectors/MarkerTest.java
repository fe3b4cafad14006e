package io.metaingest.testconnectors;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.api.ServiceSpec;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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
    void theMarkerListsEverySpecOfThePackage() throws IOException {
        List<String> specs = Stream.of(ShelfSpec.class)
                .flatMap(type -> Stream.concat(Stream.of(type), Arrays.stream(type.getDeclaredClasses())))
                .filter(type -> ServiceSpec.class.isAssignableFrom(type) && Modifier.isPublic(type.getModifiers()))
                .map(Class::getName).sorted().toList();
        assertThat(listed()).containsExactlyElementsOf(specs);
    }

    @Test
    void serviceTypesAndFormerNamesAreDistinctAndSchemasExist() throws Exception {
        List<String> names = new ArrayList<>();
        for (String className : listed()) {
            ServiceSpec spec = (ServiceSpec) Class.forName(className).getConstructor().newInstance();
            names.add(spec.serviceType().toLowerCase(Locale.ROOT));
            spec.formerServiceTypes().forEach(former -> names.add(former.toLowerCase(Locale.ROOT)));
            assertThat(MarkerTest.class.getResource(spec.connectionSchema())).as(spec.connectionSchema()).isNotNull();
            assertThat(spec).isInstanceOf(ShelfSpec.class);
        }
        assertThat(names).doesNotHaveDuplicates()
                // The bundled connectors' types, which the CLI's tests load beside these fakes.
                .doesNotContain("postgres", "fivetran", "dbtcloud", "microstrategy", "mstr");
    }
}
