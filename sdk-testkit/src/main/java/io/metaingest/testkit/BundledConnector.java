package io.metaingest.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A connector the distribution bundles, by service type and former names, read from the kit's
 * {@code bundled-connectors.txt}: an author's project has no distribution to ask, so the kit carries
 * this list, and a test of the distribution's module (cli) compares it with the plugins it packs.
 *
 * @param specClass the name of its spec's class, e.g. {@code io.metaingest.connectors.microstrategy.MicroStrategySpec}
 * @param serviceType the bundled connector's service type, e.g. {@code MicroStrategy}
 * @param formerNames its former service types, e.g. {@code Mstr}
 */
public record BundledConnector(String specClass, String serviceType, List<String> formerNames) {

    /** The compact constructor copies the list. */
    public BundledConnector {
        formerNames = List.copyOf(formerNames);
    }

    private static final String RESOURCE = "bundled-connectors.txt";

    /** Every bundled connector, in the list's order. */
    public static List<BundledConnector> all() {
        try (InputStream in = BundledConnector.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the kit's jar");
            }
            List<BundledConnector> all = new ArrayList<>();
            for (String line : new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList()) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                List<String> names = Arrays.asList(trimmed.split("\\s+"));
                all.add(new BundledConnector(names.get(0), names.get(1), names.subList(2, names.size())));
            }
            return List.copyOf(all);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Why {@code name} (a service type or former name of the connector whose spec is {@code specClass})
     * cannot be used beside the bundled plugins, with the fix; empty when no other bundled connector
     * claims it. Names compare ignoring case, as the runtime compares them, and a {@code source.type} is
     * the service type in lower case.
     */
    static Optional<String> clash(String specClass, String name) {
        if (name == null) {
            return Optional.empty();
        }
        String lower = name.toLowerCase(Locale.ROOT);
        for (BundledConnector bundled : all()) {
            if (bundled.specClass().equals(specClass)) {
                continue; // a bundled connector's own kit test
            }
            String claimed = bundled.serviceType().equalsIgnoreCase(name) ? "service type '" + bundled.serviceType() + "'"
                    : bundled.formerNames().stream().filter(f -> f.equalsIgnoreCase(name)).findFirst()
                    .map(f -> "former name '" + f + "'").orElse(null);
            if (claimed != null) {
                return Optional.of("'" + name + "' is the " + claimed + " of the bundled " + bundled.serviceType()
                        + " connector (names compare ignoring case; source.type '" + lower + "' would name both):"
                        + " installed beside the bundled plugins, the runtime can use neither; choose another name");
            }
        }
        return Optional.empty();
    }
}
