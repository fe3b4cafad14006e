package io.metaingest.runtime.exec;

import io.metaingest.api.StepError;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a report writer's look at the file (whose run's state it holds) and its replacement one step for every writer
 * of that report: without it, another process could replace the file between the look and the rename, and neither run
 * would say that the two overwrite each other's state. Held across processes through a lock on a sibling file
 * ({@code .NAME.lock}, left in place: removing it would let two writers lock two different files), and within this JVM
 * through a lock per path (a JVM's file locks do not exclude each other). A lock that cannot be had (a file system
 * without locks, a folder that cannot hold the lock file, a writer stopped while it held the lock for longer than
 * {@link #PATIENCE}) is gone without: the report is still written, only this look is unguarded.
 */
final class ReportLock implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReportLock.class);

    /** How long a writer waits for another process's lock: a write holds it for milliseconds. */
    static final Duration PATIENCE = Duration.ofSeconds(2);

    private static final ConcurrentMap<Path, ReentrantLock> IN_THIS_JVM = new ConcurrentHashMap<>();

    private final ReentrantLock local;
    private final FileChannel channel;

    private ReportLock(ReentrantLock local, FileChannel channel) {
        this.local = local;
        this.channel = channel;
    }

    /** The lock file of the report {@code target}. */
    static Path fileOf(Path target) {
        return target.resolveSibling("." + target.getFileName() + ".lock");
    }

    /** Holds the lock of the report {@code target} until closed; waits at most {@link #PATIENCE} for another process. */
    static ReportLock hold(Path target) {
        ReentrantLock local = IN_THIS_JVM.computeIfAbsent(target.toAbsolutePath().normalize(), p -> new ReentrantLock());
        local.lock();
        FileChannel channel = null;
        try {
            channel = FileChannel.open(fileOf(target), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            long giveUpAt = System.nanoTime() + PATIENCE.toNanos();
            FileLock lock;
            while ((lock = channel.tryLock()) == null && System.nanoTime() < giveUpAt) {
                Thread.sleep(5); // a poll, not a blocking lock: a stopped writer must not hold this run's report forever
            }
            if (lock == null) {
                LOG.debug("{} stayed locked for {}; writing the report without it", fileOf(target), PATIENCE);
            }
            return new ReportLock(local, channel);
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot lock {}: {}", fileOf(target), StepError.oneLine(e));
            return new ReportLock(local, channel);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // a run being stopped still writes its state, unguarded
            return new ReportLock(local, channel);
        }
    }

    @Override
    public void close() {
        try {
            if (channel != null) {
                channel.close(); // releases the file lock
            }
        } catch (IOException e) {
            LOG.debug("cannot release the report lock: {}", StepError.oneLine(e));
        } finally {
            local.unlock();
        }
    }
}
