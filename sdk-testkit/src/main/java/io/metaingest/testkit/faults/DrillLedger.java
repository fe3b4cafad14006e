package io.metaingest.testkit.faults;

import io.metaingest.api.EntityRequest;
import io.metaingest.api.Result;
import io.metaingest.api.StepError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The accounting of a fault drill: a run behind a {@link FaultProxy} compared with a clean run of
 * the same fixture. Records come in blocks: an entity record (one for which {@code isEntity} holds,
 * e.g. a pipeline or a dashboard) opens a block named by its {@link EntityRequest#key() key}, and the
 * records after it (its status, its lineage, its charts) belong to it until the next entity record.
 *
 * <p>{@link #problems} lists, one line each:
 * <ul>
 *   <li>an entity emitted twice, or an entity or record not in the clean run (invented or duplicated);
 *       an entity the clean run did not emit is accepted only when a failure or warning of the faulted
 *       run covers it and names a network or server cause (a fault that hid what left it out of the
 *       clean run, such as the 404 telling it was deleted);
 *       a record that differs from the clean run's record of the same key is accepted only when a
 *       failure or warning covers its entity (say, lineage without its columns, with a warning
 *       that the columns were unavailable);</li>
 *   <li>an entity missing without a failure that covers it ({@code covers(entity key, failure)}
 *       decides, e.g. a failure naming the entity or its group), or an emitted entity missing some of
 *       its records without a failure or warning that covers it;</li>
 *   <li>a failure of the faulted run that the clean run does not have and whose message does not
 *       name its cause ({@code cause} finds nothing in it).</li>
 * </ul>
 * An empty list is a passed drill.
 */
public final class DrillLedger {

    /** Messages of {@code JsonHttpClient} failures that name a network or server cause. */
    public static final Pattern HTTP_CAUSE = Pattern.compile(
            "HTTP (429|5\\d\\d)|the connection (closed|was reset|broke|failed)|timed out|malformed JSON|unexpected JSON");

    private final Predicate<EntityRequest> isEntity;
    private final BiPredicate<String, StepError> covers;
    private final Pattern cause;

    /**
     * @param isEntity which records open a block
     * @param covers whether a failure accounts for a missing or incomplete block (given its key)
     * @param cause what a new failure's message must contain
     */
    public DrillLedger(Predicate<EntityRequest> isEntity, BiPredicate<String, StepError> covers, Pattern cause) {
        this.isEntity = Objects.requireNonNull(isEntity, "isEntity");
        this.covers = Objects.requireNonNull(covers, "covers");
        this.cause = Objects.requireNonNull(cause, "cause");
    }

    /** The entity keys of a run, in order (with repeats, if any). */
    public List<String> entities(List<Result<EntityRequest>> run) {
        List<String> out = new ArrayList<>();
        for (Result<EntityRequest> r : run) {
            if (r instanceof Result.Ok<EntityRequest> ok && isEntity.test(ok.record())) {
                out.add(ok.record().key());
            }
        }
        return out;
    }

    /** What is wrong with {@code faulted} against {@code clean}; empty when nothing is. */
    public List<String> problems(List<Result<EntityRequest>> clean, List<Result<EntityRequest>> faulted) {
        List<String> problems = new ArrayList<>();
        Map<String, List<EntityRequest>> expected = blocks(clean, problems, "the clean run");
        if (!problems.isEmpty()) {
            return problems;
        }
        Map<String, List<EntityRequest>> actual = blocks(faulted, problems, "the faulted run");
        List<StepError> failures = failures(faulted);
        List<StepError> cleanFailures = failures(clean);
        List<StepError> notices = new ArrayList<>(failures);
        for (Result<EntityRequest> r : faulted) {
            if (r instanceof Result.Warning<EntityRequest> w) {
                notices.add(new StepError(w.name(), w.message(), null));
            }
        }

        for (Map.Entry<String, List<EntityRequest>> block : actual.entrySet()) {
            List<EntityRequest> want = expected.get(block.getKey());
            if (want == null) {
                if (notices.stream().noneMatch(n -> covers.test(block.getKey(), n)
                        && cause.matcher(String.valueOf(n.error())).find())) {
                    problems.add(block.getKey() + ": emitted but not in the fixture (no failure or warning naming"
                            + " a fault covers it)");
                }
                continue;
            }
            List<EntityRequest> left = new ArrayList<>(want);
            for (EntityRequest record : block.getValue()) {
                if (!left.remove(record) && !replacesDegraded(left, record, block.getKey(), notices)) {
                    problems.add(block.getKey() + ": record " + record.entityType() + " " + record.key()
                            + " is not in the clean run (or came twice): " + record);
                }
            }
        }
        for (Map.Entry<String, List<EntityRequest>> block : expected.entrySet()) {
            String key = block.getKey();
            List<EntityRequest> got = actual.get(key);
            boolean complete = got != null && got.size() == block.getValue().size();
            // A missing entity needs a failure; records missing from an emitted entity (its lineage,
            // say) may be explained by a warning about it too.
            List<StepError> explaining = got == null ? failures : notices;
            if (!complete && explaining.stream().noneMatch(f -> covers.test(key, f))) {
                problems.add(key + (got == null ? ": silently missing" : ": " + (block.getValue().size() - got.size())
                        + " of its records silently missing") + " (no failure covers it)");
            }
        }
        for (StepError failure : failures) {
            boolean known = cleanFailures.stream().anyMatch(c -> c.name().equals(failure.name()));
            if (!known && !cause.matcher(String.valueOf(failure.error())).find()) {
                problems.add("failure of " + failure.name() + " does not name its cause: " + failure.error());
            }
        }
        return problems;
    }

    /** Removes the clean record that {@code record} stands for when a notice explains the difference. */
    private boolean replacesDegraded(List<EntityRequest> left, EntityRequest record, String entity,
                                     List<StepError> notices) {
        for (EntityRequest candidate : left) {
            if (candidate.entityType().equals(record.entityType()) && candidate.key().equals(record.key())
                    && notices.stream().anyMatch(n -> covers.test(entity, n))) {
                left.remove(candidate);
                return true;
            }
        }
        return false;
    }

    /** The failures of a run. */
    public static List<StepError> failures(List<Result<EntityRequest>> run) {
        List<StepError> out = new ArrayList<>();
        for (Result<EntityRequest> r : run) {
            if (r instanceof Result.Failed<EntityRequest> f) {
                out.add(f.error());
            }
        }
        return out;
    }

    private Map<String, List<EntityRequest>> blocks(List<Result<EntityRequest>> run, List<String> problems, String which) {
        Map<String, List<EntityRequest>> blocks = new LinkedHashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        List<EntityRequest> current = null;
        for (Result<EntityRequest> r : run) {
            if (!(r instanceof Result.Ok<EntityRequest> ok)) {
                continue;
            }
            EntityRequest record = ok.record();
            if (isEntity.test(record)) {
                if (seen.merge(record.key(), 1, Integer::sum) > 1) {
                    problems.add(record.key() + ": emitted twice in " + which);
                    current = new ArrayList<>(); // not kept: the duplicate is the problem
                    continue;
                }
                current = new ArrayList<>();
                blocks.put(record.key(), current);
            } else if (current == null) {
                current = new ArrayList<>();
                blocks.put("", current); // records before the first entity
            }
            current.add(record);
        }
        return blocks;
    }
}
