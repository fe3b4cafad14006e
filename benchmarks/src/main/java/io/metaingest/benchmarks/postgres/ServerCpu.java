package io.metaingest.benchmarks.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of a local PostgreSQL server, from {@code /proc}: the postmaster's own time, the time of
 * its children that have ended (the kernel adds it to the postmaster's {@code cutime}/{@code cstime}
 * when it reaps them: the backends of finished clients) and the time of its live children. The
 * difference of two readings is what the server spent in between, background processes included.
 */
final class ServerCpu {

    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    private final long postmaster;

    ServerCpu(long postmasterPid) {
        this.postmaster = postmasterPid;
    }

    /** The parent of a backend: the postmaster. */
    static long parentOf(long pid) throws IOException {
        return Long.parseLong(fields(pid)[1]);
    }

    /** A reading: pid → ticks of each live child, plus the postmaster's own and reaped ticks under its pid. */
    Map<Long, Long> read() throws IOException {
        Map<Long, Long> ticks = new HashMap<>();
        String[] own = fields(postmaster);
        ticks.put(postmaster, Long.parseLong(own[11]) + Long.parseLong(own[12]) + Long.parseLong(own[13])
                + Long.parseLong(own[14]));
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                long pid = Long.parseLong(p.getFileName().toString());
                try {
                    String[] f = fields(pid);
                    if (Long.parseLong(f[1]) == postmaster) {
                        ticks.put(pid, Long.parseLong(f[11]) + Long.parseLong(f[12]));
                    }
                } catch (IOException | RuntimeException gone) {
                    // the process ended while we looked; its time is in the postmaster's cutime next time
                }
            }
        }
        return ticks;
    }

    /**
     * Waits (up to 5 s) until every child of the postmaster that was not there {@code before} has
     * ended and been reaped, so a finished client's backend is counted in the next reading.
     */
    void awaitBackendsGone(java.util.Set<Long> before) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline && !before.containsAll(read().keySet())) {
            Thread.sleep(20); // polling /proc: there is nothing to wait on for another process's child
        }
    }

    /** Seconds of server CPU between two readings. */
    static double seconds(Map<Long, Long> before, Map<Long, Long> after) {
        long ticks = 0;
        for (Map.Entry<Long, Long> e : after.entrySet()) {
            ticks += e.getValue() - before.getOrDefault(e.getKey(), 0L);
        }
        for (Map.Entry<Long, Long> e : before.entrySet()) {
            if (!after.containsKey(e.getKey())) {
                ticks -= e.getValue(); // ended in between: its whole life is now in the postmaster's cutime
            }
        }
        return ticks / TICKS_PER_SECOND;
    }

    /** The fields after the command name of /proc/pid/stat: [0] state, [1] ppid, …, [11] utime, [12] stime, [13] cutime, [14] cstime. */
    private static String[] fields(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }
}
