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
 *   percent, times the kind's weight (below 1 where look-alikes are common: phone numbers, single
 *   names), once at least {@value #MIN_VALUES} values were sampled; names do not matter for this, so
 *   a column called {@code c7} full of e-mail addresses is found;</li>
 *   <li>when both agree, the higher score plus {@value #AGREEMENT_BONUS} (at most 100); when they
 *   disagree, the higher one wins.</li>
 * </ul>
 * Only findings at or above the threshold are returned. Reasons count values, never quote them.
 */
final class PiiClassifier {

    static final int NAME_CONFIDENCE = 90;
    static final int MIN_VALUES = 5;
    static final int AGREEMENT_BONUS = 5;

    private final PiiValues values;

    PiiClassifier(PersonNames names) {
        this.values = new PiiValues(names);
    }

    /** The tags of the columns named {@code columns}, from the sample {@code rows} (values in column order). */
    List<ColumnTags> classify(List<String> columns, List<List<Object>> rows, int threshold) {
        List<ColumnTags> found = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            int column = i;
            Optional<Finding> byName = byName(columns.get(i));
            Optional<Finding> byValues = byValues(rows.stream().map(r -> r.get(column)).toList());
            Optional<Finding> best = combine(byName, byValues);
            best.filter(f -> f.confidence() >= threshold).ifPresent(f -> found.add(new ColumnTags(columns.get(column),
                    List.of(TagLabel.classification(f.kind().tag())), f.confidence(), f.reason())));
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
                return Optional.of(new Finding(kind, NAME_CONFIDENCE, "the column's name suggests a " + kind.label()));
            }
        }
        return Optional.empty();
    }

    private Optional<Finding> byValues(List<Object> sample) {
        Map<PiiKind, Integer> counts = new EnumMap<>(PiiKind.class);
        int nonNull = 0;
        for (Object value : sample) {
            if (value == null || value instanceof Boolean) {
                continue;
            }
            nonNull++;
            values.kindOf(value.toString()).ifPresent(k -> counts.merge(k, 1, Integer::sum));
        }
        if (nonNull < MIN_VALUES || counts.isEmpty()) {
            return Optional.empty();
        }
        Map.Entry<PiiKind, Integer> top = counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
        int confidence = (int) Math.floor(100.0 * top.getValue() / nonNull * weight(top.getKey()));
        return Optional.of(new Finding(top.getKey(), confidence, top.getKey().label() + "s in " + top.getValue()
                + " of " + nonNull + " sampled values"));
    }

    /** Kinds whose look-alikes are common score less for the same share of matching values. */
    private static double weight(PiiKind kind) {
        return switch (kind) {
            case PHONE, PERSON_NAME -> 0.9;
            default -> 1.0;
        };
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
