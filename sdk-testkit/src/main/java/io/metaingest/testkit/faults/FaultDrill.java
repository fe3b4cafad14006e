package io.metaingest.testkit.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.metaingest.api.ConnectionException;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.Result;
import io.metaingest.toolkit.RetryPolicy;
import io.metaingest.toolkit.Sleeper;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A whole fault drill in one call: a clean run and a faulted run of the same source through one
 * {@link FaultProxy} (so both see the same address), the faulted run under a time bound, then the
 * {@link DrillLedger}'s accounting. The seed is printed first and named in every assertion message.
 *
 * <pre>{@code
 * FaultDrill.Summary s = FaultDrill.run("MyApi drill", URI.create(server.hostPort()), 0.3,
 *         Duration.ofMillis(500), Duration.ofSeconds(60), ledger,
 *         (base, faulted) -> readAll(sourceAt(base, faulted ? FaultDrill.RETRIES : RetryPolicy.DEFAULT,
 *                 faulted ? FaultDrill.CLOCK : Sleeper.SYSTEM)));
 * }</pre>
 * The faulted run needs a fast retry policy and a clock that does not spend the proxy's
 * {@code Retry-After} (1..120 s) in full: {@link #RETRIES} with {@link #CLOCK}. The runtime binds
 * neither, so {@code RuntimeSteps.create} cannot hand them to a client: give the client a
 * constructor that takes a {@code RetryPolicy} and a {@code Sleeper} (its {@code @Inject} one passing
 * the defaults), and build the faulted run's client and source with it, as {@code
 * FivetranFaultDrillTest} does. A faulted run whose first call fails at once because the proxy asked
 * for a longer {@code Retry-After} than the client waits fails the drill: it tested nothing.
 */
public final class FaultDrill {

    /** How the toolkit's client words a call it did not retry because the Retry-After asked for exceeds its policy. */
    static final String TOO_LONG_A_WAIT = io.metaingest.toolkit.JsonHttpClient.NOT_RETRIED_WAIT;

    /** The longest a drill's {@link #CLOCK} spends on one wait. */
    public static final Duration LONGEST_WAIT = Duration.ofMillis(20);

    /**
     * The faulted run's retries: 4 attempts, backoff 5 to 40 ms, 400 ms per request, and every
     * {@code Retry-After} the proxy asks for honoured (a longer one would fail its call at once, which
     * would leave the drill nothing to prove about waiting); no per-call limit the asked waits could
     * reach. Use it with {@link #CLOCK}.
     */
    public static final RetryPolicy RETRIES = new RetryPolicy(4, Duration.ofMillis(5), Duration.ofMillis(40),
            Duration.ofSeconds(FaultProxy.LONGEST_RETRY_AFTER_SECONDS), Duration.ofMillis(400), Duration.ofHours(1));

    /**
     * The faulted run's clock: each wait (backoff, {@code Retry-After}, the shared rate-limit pause)
     * lasts at most {@link #LONGEST_WAIT}, so a 429 is obeyed (the call waits, then retries) without
     * holding the drill for the minutes the proxy asks for.
     */
    public static final Sleeper CLOCK = asked -> Sleeper.SYSTEM.sleep(asked.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : asked);

    /**
     * Reads the whole source against {@code base} (the proxy's address) and returns its results.
     * With {@code faulted}, use {@link #RETRIES} and {@link #CLOCK}; without, a patient policy, so
     * that a slow machine cannot make the clean reference run fail.
     */
    @FunctionalInterface
    public interface Run {
        /** The results of one full read. */
        List<Result<EntityRequest>> against(URI base, boolean faulted) throws Exception;
    }

    /**
     * What a passed drill measured.
     *
     * @param plan the plan (its seed replays the drill)
     * @param cleanEntities entities of the clean run
     * @param emittedEntities entities of the faulted run
     * @param failures failures of the faulted run
     * @param requests requests the proxy saw (both runs)
     * @param injected faults injected, per kind
     * @param faultedRun wall time of the faulted run
     * @param connectionFailure when the faulted run failed as a whole at its first call, the message; else null
     */
    public record Summary(FaultPlan plan, int cleanEntities, int emittedEntities, int failures, long requests,
                          Map<Fault, Long> injected, Duration faultedRun, String connectionFailure) {
    }

    private FaultDrill() {
    }

    /**
     * Runs the drill and asserts: the faulted run ends within {@code bound}; the ledger finds no
     * problem (or the run failed as a whole at its first call with a message naming the cause); and,
     * when the faulted run sent at least 200 requests, every kind of fault was injected.
     *
     * @param drill name printed with the seed
     * @param upstream the local API server ({@code http://host:port})
     * @param faultRate share of requests with a fault
     * @param maxDelay longest slow response (make it exceed the policy's request timeout to drill timeouts)
     * @param bound the longest the faulted run may take
     */
    public static Summary run(String drill, URI upstream, double faultRate, Duration maxDelay, Duration bound,
                              DrillLedger ledger, Run run) throws Exception {
        Objects.requireNonNull(ledger, "ledger");
        FaultPlan plan = FaultPlan.seeded(drill, faultRate, maxDelay);
        String hint = drill + ": " + plan.replayHint();
        try (FaultProxy proxy = FaultProxy.start(upstream, plan)) {
            proxy.injecting(false);
            List<Result<EntityRequest>> clean = run.against(proxy.uri(), false);
            int cleanEntities = ledger.entities(clean).size();
            assertThat(cleanEntities).as(hint + ": entities of the clean run").isPositive();
            long cleanRequests = proxy.requests();

            proxy.injecting(true);
            long start = System.nanoTime();
            Object outcome = assertTimeoutPreemptively(bound, () -> {
                try {
                    return run.against(proxy.uri(), true);
                } catch (ConnectionException e) {
                    return e;
                }
            }, hint);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            Map<Fault, Long> injected = proxy.injected();
            if (outcome instanceof ConnectionException e) {
                // A Retry-After longer than the client waits fails the first call at once: the drill would
                // pass having drilled nothing, which says only that the faulted run lacks RETRIES.
                if (String.valueOf(e.getMessage()).contains(TOO_LONG_A_WAIT)) {
                    throw new AssertionError(hint + ": the drill tested nothing: the faulted run's first call failed at once,"
                            + " as the proxy asked to wait longer than the client's RetryPolicy.maxRetryAfter (" + e.getMessage()
                            + "); give the faulted run's client FaultDrill.RETRIES, which waits for any Retry-After the proxy"
                            + " asks (up to " + FaultProxy.LONGEST_RETRY_AFTER_SECONDS + " s), with FaultDrill.CLOCK, which"
                            + " spends at most " + LONGEST_WAIT.toMillis() + " ms of each wait");
                }
                System.out.println(drill + ": the drill tested little: the first call failed for good after every retry ("
                        + e.getMessage() + "); " + plan.replayHint() + " replays it, another seed drills the whole read");
                assertThat(e.getMessage()).as(hint).containsPattern(DrillLedger.HTTP_CAUSE);
                return new Summary(plan, cleanEntities, 0, 1, proxy.requests(), injected, took, e.getMessage());
            }
            @SuppressWarnings("unchecked")
            List<Result<EntityRequest>> faulted = (List<Result<EntityRequest>>) outcome;
            int emitted = ledger.entities(faulted).size();
            int failures = DrillLedger.failures(faulted).size();
            System.out.println(drill + ": " + (proxy.requests() - cleanRequests) + " requests, faults " + injected
                    + ", " + emitted + " of " + cleanEntities + " entities emitted, " + failures + " failures, "
                    + took.toMillis() + " ms");
            assertThat(ledger.problems(clean, faulted)).as(hint).isEmpty();
            if (proxy.requests() - cleanRequests >= 200) {
                assertThat(injected).as(hint + ": kinds of faults injected").containsOnlyKeys(Fault.values());
            }
            assertThat(proxy.upstreamFailures()).as(hint + ": requests the local server itself failed").isZero();
            return new Summary(plan, cleanEntities, emitted, failures, proxy.requests(), injected, took, null);
        }
    }
}
