package io.metaingest.testkit.faults;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a {@link FaultProxy} injects: a seed, the share of requests that get a fault, the faults to
 * choose from, and the longest delay of a {@link Fault#SLOW_RESPONSE}.
 *
 * <p>The fault of a request depends only on the seed, the request (method, target and body) and how
 * many times the same request was seen before, never on thread timing, so a run with the same seed
 * against the same fixture injects the same faults into the same requests: print the seed, and
 * replay a failure with {@code -D}{@value #SEED_PROPERTY}{@code =<seed>}.
 *
 * @param seed the seed of every decision
 * @param faultRate share of requests that get a fault, 0..1
 * @param faults the faults chosen from, uniformly
 * @param maxDelay the longest delay of a slow response
 */
public record FaultPlan(long seed, double faultRate, Set<Fault> faults, Duration maxDelay) {

    /** The system property that fixes the seed of {@link #seeded(String)}. */
    public static final String SEED_PROPERTY = "metaingest.faults.seed";

    /** Checks the values and copies the set. */
    public FaultPlan {
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (!(faultRate >= 0 && faultRate <= 1)) {
            throw new IllegalArgumentException("faultRate must be between 0 and 1, was " + faultRate);
        }
        if (faultRate > 0 && (faults == null || faults.isEmpty())) {
            throw new IllegalArgumentException("a positive faultRate needs at least one fault");
        }
        faults = faults == null || faults.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(faults));
        if (maxDelay.isNegative()) {
            throw new IllegalArgumentException("maxDelay must not be negative, was " + maxDelay);
        }
    }

    /**
     * Every fault at {@code faultRate}, slow responses up to {@code maxDelay}, with the seed of
     * {@value #SEED_PROPERTY} when set, else a fresh one. Prints {@code "<drill>: fault seed <seed>
     * (replay with -Dmetaingest.faults.seed=<seed>)"} to standard output, which the build keeps.
     */
    public static FaultPlan seeded(String drill, double faultRate, Duration maxDelay) {
        String fixed = System.getProperty(SEED_PROPERTY);
        long seed = fixed == null || fixed.isBlank() ? System.nanoTime() ^ Double.doubleToLongBits(Math.random())
                : Long.parseLong(fixed.strip());
        System.out.println(drill + ": fault seed " + seed + " (replay with -D" + SEED_PROPERTY + "=" + seed + ")");
        return new FaultPlan(seed, faultRate, EnumSet.allOf(Fault.class), maxDelay);
    }

    /** Every request gets {@code fault} (to test one fault alone). */
    public static FaultPlan always(Fault fault, Duration maxDelay) {
        return new FaultPlan(0, 1, EnumSet.of(fault), maxDelay);
    }

    /** No faults: the proxy passes everything through. */
    public static FaultPlan none() {
        return new FaultPlan(0, 0, Set.of(), Duration.ZERO);
    }

    /** How to replay this plan, for assertion messages. */
    public String replayHint() {
        return "fault seed " + seed + " (replay with -D" + SEED_PROPERTY + "=" + seed + ")";
    }
}
