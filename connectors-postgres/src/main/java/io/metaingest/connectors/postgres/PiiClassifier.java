package io.metaingest.connectors.postgres;

import io.metaingest.api.entity.ColumnTagsRequest.ColumnTags;
import io.metaingest.api.entity.TagLabel;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Finds personal data in a table's columns from their names and their sampled values, each finding
 * with a confidence from 0 to 100:
 * <ul>
 *   <li>a column name that announces a kind (e.g. {@code customer_email}) scores {@value #NAME_CONFIDENCE};</li>
 *   <li>values score the share of non-null sampled values of the column's most frequent kind, in
 *   percent, times the kind's weight (0.9 for phone numbers, whose look-alikes are common), once at
 *   least {@value #MIN_VALUES} values were sampled; names do not matter for this, so a column called
 *   {@code c7} full of e-mail addresses is found;</li>
 *   <li>person names score the share of values shaped like names (one to four capitalised words),
 *   scaled down when fewer than half of those hold a given or family name of the shipped lists
 *   (product names and cities are shaped like names too, but rarely hold one);</li>
 *   <li>when both agree, the higher score plus {@value #AGREEMENT_BONUS} (at most 100); when they
 *   disagree, the higher one wins.</li>
 * </ul>
 * Only findings at or above the threshold are returned. Reasons count values, never quote them.
 */
final class PiiClassifier {

    static final int NAME_CONFIDENCE = 90;
    static final int MIN_VALUES = 5;
    static final int AGREEMENT_BONUS = 5;
    /** The share of name-shaped values that must hold a known name for full confidence. */
    static final double NAME_CORROBORATION = 0.5;

    private final PiiValues values;

    PiiClassifier(PersonNames names) {
        this.values = new PiiValues(names);
    }

    /** The tags of the columns named {@code columns}, from the sample {@code rows} (values in column order). */
    List<ColumnTags> classify(List<String> columns, List<List<Object>> rows, double threshold) {
        List<ColumnTags> found = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            int column = i;
            Optional<Finding> byName = byName(columns.get(i));
            Optional<Finding> byValues = byValues(rows.stream().map(r -> r.get(column)).toList());
            Optional<Finding> best = combine(byName, byValues);
            best.filter(f -> f.confidence() >= threshold).ifPresent(f -> found.add(new ColumnTags(columns.get(column),
                    List.of(TagLabel.suggested(f.kind().tag())), f.confidence(), f.reason())));
        }
        return found;
    }

    private record Finding(PiiKind kind, int confidence, String reason) {
    }

    private static Optional<Finding> byName(String column) {
        String normalized = column.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "_");
        for (PiiKind kind : PiiKind.values()) {
            if (kind.namedBy(normalized)) {
                return Optional.of(new Finding(kind, NAME_CONFIDENCE, "the column's name suggests: " + kind.label()));
            }
        }
        return Optional.empty();
    }

    private Optional<Finding> byValues(List<Object> sample) {
        Map<PiiKind, Integer> counts = new EnumMap<>(PiiKind.class);
        int nonNull = 0;
        int nameShaped = 0;
        int knownNames = 0;
        for (Object value : sample) {
            if (value == null || value instanceof Boolean) {
                continue;
            }
            nonNull++;
            String text = value.toString();
            Optional<PiiKind> kind = values.kindOf(text);
            kind.ifPresent(k -> counts.merge(k, 1, Integer::sum));
            if (kind.isEmpty() && PiiValues.nameShaped(text)) {
                nameShaped++;
                knownNames += values.knownName(text) ? 1 : 0;
            }
        }
        if (nonNull < MIN_VALUES) {
            return Optional.empty();
        }
        int sampled = nonNull;
        Optional<Finding> best = counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(top -> new Finding(
                top.getKey(), (int) Math.floor(100.0 * top.getValue() / sampled * weight(top.getKey())),
                top.getKey().label() + " in " + top.getValue() + " of " + sampled + " sampled values"));
        if (nameShaped > 0) {
            // Shaped like names, and corroborated: full marks once half of them hold a known name.
            double corroboration = Math.min(1.0, knownNames / (nameShaped * NAME_CORROBORATION));
            int confidence = (int) Math.floor(100.0 * nameShaped / nonNull * corroboration);
            if (best.isEmpty() || confidence > best.get().confidence()) {
                best = Optional.of(new Finding(PiiKind.PERSON_NAME, confidence, "person name in " + nameShaped + " of "
                        + nonNull + " sampled values (" + knownNames + " with a known given or family name)"));
            }
        }
        return best;
    }

    /** Kinds whose look-alikes are common score less for the same share of matching values. */
    private static double weight(PiiKind kind) {
        return kind == PiiKind.PHONE ? 0.9 : 1.0;
    }

    private static Optional<Finding> combine(Optional<Finding> byName, Optional<Finding> byValues) {
        if (byName.isEmpty() || byValues.isEmpty()) {
            return byName.isPresent() ? byName : byValues;
        }
        Finding name = byName.get();
        Finding value = byValues.get();
        if (name.kind() == value.kind()) {
            return Optional.of(new Finding(name.kind(), Math.min(100, Math.max(name.confidence(), value.confidence())
                    + AGREEMENT_BONUS), name.reason() + "; " + value.reason()));
        }
        return Optional.of(value.confidence() >= name.confidence() ? value : name);
    }
}
