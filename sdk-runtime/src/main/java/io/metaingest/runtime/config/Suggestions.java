package io.metaingest.runtime.config;

import io.metaingest.runtime.registry.ServiceSpecRegistry;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean" suggestions by edit distance. */
public final class Suggestions {

    /** Where an unknown service type's user looks next, after the list of installed ones. */
    static final String FIND_A_CONNECTOR = " (see `metaingest connectors list`; a connector outside the distribution"
            + " is loaded from a plugin folder given with --plugins DIR, which replaces the distribution's plugins/ folder)";


    private Suggestions() {
    }

    /**
     * The error for a service type the registry cannot find: why it is not usable when it is installed
     * (its spec refused, two plugins providing it); else {@code unknown service type 'X'}, the closest
     * installed type, {@code installedLabel} and {@code installed}, the plugins discovery had problems
     * with (a connector that failed to load or is refused is not usable), and where to find a connector.
     */
    public static String unknownServiceType(ServiceSpecRegistry registry, String type, String installedLabel,
                                            List<String> installed) {
        Optional<String> refused = registry.refusal(type);
        if (refused.isPresent()) {
            return "service type '" + type + "' is installed but cannot be used: " + refused.get();
        }
        List<String> troubled = registry.pluginsWithProblems();
        return "unknown service type '" + type + "'" + didYouMean(type, registry.serviceTypes(), ".")
                + " " + installedLabel + ": " + (installed.isEmpty() ? "none" : String.join(", ", installed))
                + (troubled.isEmpty() ? "" : "; not usable: plugin" + (troubled.size() == 1 ? " " : "s ")
                        + String.join(", ", troubled) + " (the warnings above say why)")
                + FIND_A_CONNECTOR;
    }

    /**
     * The warning for a service type found in another case than its connector's ({@code type: postgres}): read all
     * the same, but OpenMetadata, whose service types are case-sensitive, would refuse the file.
     */
    static String otherCase(String path, String typed, String serviceType) {
        return path + ": '" + typed + "' is read as '" + serviceType + "'; write '" + serviceType
                + "': OpenMetadata's service types are case-sensitive, and it refuses '" + typed + "'";
    }

    /** The candidate closest to {@code typed}, if it is close enough to be a likely typo. */
    public static Optional<String> closest(String typed, Collection<String> candidates) {
        String lower = typed.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = distance(lower, candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        int allowed = Math.max(1, Math.min(3, typed.length() / 3));
        if (best != null && bestDistance <= allowed) {
            return Optional.of(best);
        }
        // A longer or shorter form of one candidate (WARNING for WARN): a likely mix-up however many letters differ.
        List<String> forms = candidates.stream().filter(c -> {
            String other = c.toLowerCase(Locale.ROOT);
            return Math.min(other.length(), lower.length()) >= 4 && (other.startsWith(lower) || lower.startsWith(other));
        }).toList();
        return forms.size() == 1 ? Optional.of(forms.get(0)) : Optional.empty();
    }

    /** {@code "; did you mean 'x'?"} for the closest candidate, or {@code otherwise} when none is close. */
    public static String didYouMean(String typed, Collection<String> candidates, String otherwise) {
        return closest(typed, candidates).map(s -> "; did you mean '" + s + "'?").orElse(otherwise);
    }

    /** Edit distance where swapping two adjacent letters counts as one edit (a common typo). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
