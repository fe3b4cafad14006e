package io.metaingest.toolkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ParallelMapTest {

    private final Set<Thread> workers = ConcurrentHashMap.newKeySet();

    /** Every worker that ran an item, and every thread still named like one, ends. */
    private void assertWorkersEnd(String name) throws InterruptedException {
        Set<Thread> all = new java.util.HashSet<>(workers);
        Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(name + "-")).forEach(all::add);
        for (Thread t : all) {
            t.join(10_000);
            assertThat(t.isAlive()).as(t.getName() + " ended").isFalse();
        }
    }

    @Test
    void keepsInputOrderWhenLaterItemsFinishFirst() throws Exception {
        CountDownLatch laterDone = new CountDownLatch(3);
        List<Outcome<Integer, String>> out;
        try (Stream<Outcome<Integer, String>> results = ParallelMap.ordered(List.of(0, 1, 2, 3).iterator(), 4, "t",
                i -> {
                    workers.add(Thread.currentThread());
                    if (i == 0) {
                        // Item 0 finishes only after the three later items did.
                        assertThat(laterDone.await(10, TimeUnit.SECONDS)).isTrue();
                    } else {
                        laterDone.countDown();
                    }
                    return "r" + i;
                })) {
            out = results.collect(Collectors.toList());
        }
        assertThat(out).extracting(Outcome::value).containsExactly("r0", "r1", "r2", "r3");
        assertThat(out).extracting(Outcome::input).containsExactly(0, 1, 2, 3);
        assertThat(workers).hasSize(4).allSatisfy(t -> assertThat(t.getName()).startsWith("t-"));
        assertWorkersEnd("t");
    }

    @Test
    void boundsTheWorkInFlightAndTheThreads() throws Exception {
        AtomicInteger pulled = new AtomicInteger();
        AtomicInteger handedOut = new AtomicInteger();
        AtomicInteger maxAhead = new AtomicInteger();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        Iterator<Integer> input = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return pulled.get() < 200;
            }

            @Override
            public Integer next() {
                int ahead = pulled.incrementAndGet() - handedOut.get();
                maxAhead.accumulateAndGet(ahead, Math::max);
                return pulled.get();
            }
        };
        long sum;
        try (Stream<Outcome<Integer, Integer>> results = ParallelMap.ordered(input, 3, 5, "bound", i -> {
            workers.add(Thread.currentThread());
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                return i * 2;
            } finally {
                running.decrementAndGet();
            }
        })) {
            sum = results.peek(o -> handedOut.incrementAndGet()).mapToLong(Outcome::value).sum();
        }
        assertThat(workers).isNotEmpty();
        assertThat(sum).isEqualTo(IntStream.rangeClosed(1, 200).mapToLong(i -> i * 2L).sum());
        assertThat(maxAhead.get()).as("items taken but not yet handed out").isLessThanOrEqualTo(5);
        assertThat(maxRunning.get()).isLessThanOrEqualTo(3);
        assertThat(workers).hasSizeLessThanOrEqualTo(3);
        assertWorkersEnd("bound");
    }

    @Test
    void aFailedItemIsAFailedOutcomeAndTheOthersGoOn() throws Exception {
        List<Outcome<Integer, Integer>> out;
        try (Stream<Outcome<Integer, Integer>> results = ParallelMap.ordered(IntStream.range(0, 6).boxed().iterator(),
                2, "f", i -> {
                    workers.add(Thread.currentThread());
                    if (i == 2) {
                        throw new IllegalStateException("item 2 is broken");
                    }
                    return i * 10;
                })) {
            out = results.collect(Collectors.toList());
        }
        assertThat(out).hasSize(6);
        assertThat(out.get(2).succeeded()).isFalse();
        assertThat(out.get(2).failure()).hasMessage("item 2 is broken");
        assertThat(out.get(2).input()).isEqualTo(2);
        assertThat(out).filteredOn(Outcome::succeeded).extracting(Outcome::value).containsExactly(0, 10, 30, 40, 50);
        assertWorkersEnd("f");
    }

    @Test
    void closingEarlyStopsTheWorkersAndInterruptsRunningItems() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        AtomicInteger interrupted = new AtomicInteger();
        AtomicInteger started = new AtomicInteger();
        Stream<Outcome<Integer, Integer>> results = ParallelMap.ordered(IntStream.range(0, 1000).boxed().iterator(),
                2, 4, "early", i -> {
                    workers.add(Thread.currentThread());
                    started.incrementAndGet();
                    if (i >= 1) {
                        try {
                            never.await();
                        } catch (InterruptedException e) {
                            interrupted.incrementAndGet();
                            throw e;
                        }
                    }
                    return i;
                });
        Iterator<Outcome<Integer, Integer>> it = results.iterator();
        assertThat(it.next().value()).isEqualTo(0);
        Conditions.await(() -> started.get() >= 3, "two items block on the workers");
        results.close();
        assertWorkersEnd("early");
        assertThat(interrupted.get()).isEqualTo(2);
        assertThat(started.get()).as("nothing new starts after close").isLessThanOrEqualTo(5);
    }

    @Test
    void aFailingInputReachesTheConsumerAndStopsTheWorkers() throws Exception {
        Iterator<Integer> input = new Iterator<>() {
            int n;

            @Override
            public boolean hasNext() {
                if (n == 3) {
                    throw new IllegalStateException("listing broke");
                }
                return true;
            }

            @Override
            public Integer next() {
                return n++;
            }
        };
        try (Stream<Outcome<Integer, Integer>> results = ParallelMap.ordered(input, 2, "in", i -> {
            workers.add(Thread.currentThread());
            return i;
        })) {
            assertThatThrownBy(() -> results.forEach(o -> { })).hasMessage("listing broke");
        }
        assertWorkersEnd("in");
    }

    @Test
    void rejectsNonsensicalSizes() {
        assertThatThrownBy(() -> ParallelMap.ordered(List.of(1).iterator(), 0, "x", i -> i))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ParallelMap.ordered(List.of(1).iterator(), 4, 2, "x", i -> i))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
