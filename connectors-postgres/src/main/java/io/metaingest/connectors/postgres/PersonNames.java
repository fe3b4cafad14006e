package io.metaingest.connectors.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The given and family names the auto-classification recognises, read once from the lists this
 * connector ships ({@code /pii/first-names.txt}, {@code /pii/last-names.txt}; source and licence in
 * {@code /pii/NAMES-SOURCE.md}). Lookups ignore case.
 */
final class PersonNames {

    private static final PersonNames SHIPPED = new PersonNames(read("/pii/first-names.txt"), read("/pii/last-names.txt"));

    private final Set<String> given;
    private final Set<String> family;

    private PersonNames(Set<String> given, Set<String> family) {
        this.given = given;
        this.family = family;
    }

    static PersonNames shipped() {
        return SHIPPED;
    }

    boolean isGiven(String token) {
        return given.contains(token.toLowerCase(Locale.ROOT));
    }

    boolean isFamily(String token) {
        return family.contains(token.toLowerCase(Locale.ROOT));
    }

    private static Set<String> read(String resource) {
        try (InputStream in = PersonNames.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the connector jar lacks " + resource);
            }
            Set<String> names = new HashSet<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    names.add(line.strip().toLowerCase(Locale.ROOT));
                }
            }
            return Set.copyOf(names);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
