package io.metaingest.runtime.sink;

import io.metaingest.runtime.files.IoReasons;
import io.metaingest.runtime.files.OutputFiles;
import io.metaingest.runtime.files.RunProcess;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.OwnStatus;
import io.metaingest.api.Sink;
import io.metaingest.api.SinkUnavailableException;
import io.metaingest.api.Status;
import io.metaingest.runtime.mask.SecretMasker;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one JSON object per line ({@link RecordLines}) to a file, crash-safely.
 *
 * <p>Records go to a temporary file beside the target ({@code .NAME.PID.RANDOM.tmp}); when the run
 * ends in success or partial success it is synced and moved over the target in one atomic rename. A
 * run that fails or is stopped leaves the previous target exactly as it was and removes its temporary
 * file. Lines are collected in a buffer and written whole, so the temporary file never holds a cut
 * line; a record is {@linkplain #confirmed() confirmed} once its line has been written to the file.
 * A write error (no space left, an I/O error, permission) ends the run with one line naming the
 * file.
 *
 * <p>Beside the temporary file, {@code …tmp.writer} names its writer ({@link RunProcess}). The next
 * run for the target removes a temporary file only when its writer is certainly gone (a run killed
 * with {@code kill -9}); one written from another container on a shared volume, whose pid means
 * nothing here, is left, and one whose writer still runs here is a warning: two runs write the same
 * file, and the last to finish replaces it.
 */
public final class FileSink implements Sink<EntityRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(FileSink.class);

    private static final String TEMPORARY_SUFFIX = ".tmp";

    /** Bytes of whole lines collected before they are written. */
    static final int BUFFER_BYTES = 64 * 1024;

    private final Path target;
    private final Path temporary;
    /** Names the temporary file's writer, so that another run can tell whether it is abandoned. */
    private final Path writerFile;
    private final RecordLines lines;
    private final ObjectMapper mapper;
    /** The sink's own status: a record written with a secret's text masked is its warning. Null: log only. */
    private final Status own;
    private final FileChannel channel;
    private ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
    private long bufferedLines;
    private final AtomicLong confirmed = new AtomicLong();
    private boolean completed;
    /** The outermost folder this sink created for the target, if any: a discarded output takes it away again. */
    private Path createdFolder;

    /**
     * The {@code file} sink's config.
     *
     * @param path the NDJSON file to write (its folder is created)
     */
    public record Config(String path) {
    }

    /** Writes the configured file; created by the run's injector. */
    @Inject
    public FileSink(Config config, ObjectMapper mapper, SecretMasker masker, @OwnStatus Status own) {
        this(Path.of(config.path()), mapper, masker, own);
    }

    /** As {@link #FileSink(Path, ObjectMapper, SecretMasker, Status)}, with masked records only logged. */
    public FileSink(Path target, ObjectMapper mapper, SecretMasker masker) {
        this(target, mapper, masker, null);
    }

    /**
     * Creates the temporary file beside {@code target}, creating the target's folder.
     *
     * @throws SinkUnavailableException when the folder or the file cannot be created
     */
    public FileSink(Path target, ObjectMapper mapper, SecretMasker masker, Status own) {
        this(target, mapper, masker, own, RunProcess.current());
    }

    /** As {@link #FileSink(Path, ObjectMapper, SecretMasker, Status)}, written by {@code writer} (a seam for tests). */
    FileSink(Path target, ObjectMapper mapper, SecretMasker masker, Status own, RunProcess writer) {
        this.own = own;
        this.target = OutputFiles.followLinks(target);
        this.lines = new RecordLines(mapper, masker);
        this.mapper = mapper;
        // The pid alone is not unique: a run in another PID namespace (a container) may have the same one.
        this.temporary = this.target.resolveSibling(temporaryPrefix(this.target) + writer.pid() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16) + TEMPORARY_SUFFIX);
        this.writerFile = writerFile(temporary);
        try {
            this.createdFolder = firstMissing(this.target.getParent());
            Files.createDirectories(this.target.getParent());
            clearAbandonedTemporaryFiles(this.target);
            // The writer first: a temporary file is never there without it, so it is never taken for a killed run's.
            ObjectNode named = mapper.createObjectNode();
            writer.writeInto(named);
            Files.writeString(writerFile, mapper.writeValueAsString(named), StandardOpenOption.CREATE_NEW);
            this.channel = FileChannel.open(temporary, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    OutputFiles.createdLike(this.target));
        } catch (IOException e) {
            deleteQuietly(writerFile);
            throw new SinkUnavailableException("cannot write " + this.target + ": " + IoReasons.reason(e), e);
        }
        LOG.debug("file sink: writing to {} (moved to {} when the run succeeds)", temporary, this.target);
    }

    /** The file written. */
    public Path path() {
        return target;
    }

    /** The temporary file records go to until the run succeeds. */
    Path temporaryPath() {
        return temporary;
    }

    @Override
    public synchronized WriteOutcome write(EntityRequest record) throws Exception {
        if (completed) {
            throw new SinkUnavailableException(target + " is closed: the run is ending");
        }
        // Serialise first so a record that cannot be written leaves nothing behind.
        long maskedBefore = lines.maskedRecords();
        byte[] line = lines.utf8Line(record);
        if (own != null && lines.maskedRecords() > maskedBefore) {
            // Counted in the summary and the report, not only logged: the record is not what the source read.
            own.warning(record.key(),
                    "written with a secret's text masked as " + io.metaingest.api.Secret.MASK + ": where that text is"
                            + " metadata (a password that is also a name) the written value is wrong; use a secret"
                            + " that occurs in no name");
        }
        if (line.length > buffer.remaining()) {
            drain();
            if (line.length > buffer.capacity()) {
                buffer = ByteBuffer.allocate(line.length);
            }
        }
        buffer.put(line);
        bufferedLines++;
        return WriteOutcome.CREATED;
    }

    @Override
    public long confirmed() {
        return confirmed.get();
    }

    @Override
    public synchronized void flush() {
        if (!completed) {
            drain();
        }
    }

    @Override
    public synchronized boolean complete(boolean keep) {
        if (completed) {
            return false;
        }
        completed = true;
        if (!keep) {
            discard();
            return false;
        }
        try {
            drain();
            channel.force(true);
            channel.close();
            if (Files.notExists(temporary)) {
                throw new NoSuchFileException(temporary.toString());
            }
            OutputFiles.keepPermissions(target, temporary);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            deleteQuietly(writerFile);
            LOG.debug("file sink: {} records moved into {}", confirmed.get(), target);
            if (lines.maskedRecords() > 0) {
                LOG.warn("file sink: {} of the {} {} in {} {} written with a secret's text masked",
                        lines.maskedRecords(), confirmed.get(), confirmed.get() == 1 ? "record" : "records", target,
                        lines.maskedRecords() == 1 ? "was" : "were");
            }
            return true;
        } catch (IOException e) {
            discard();
            if (Files.notExists(temporary) && e instanceof NoSuchFileException) {
                // Not "no such file": the records were written, and another process took them away.
                throw new SinkUnavailableException("cannot write " + target + ": its temporary file " + temporary
                        + " was removed by another process while this run wrote it, so its " + confirmed.get()
                        + " records are lost; run again, and give runs that may overlap their own sink path", e);
            }
            throw new SinkUnavailableException("cannot write " + target + ": " + IoReasons.reason(e), e);
        } catch (SinkUnavailableException e) {
            discard();
            throw e;
        }
    }

    @Override
    public String destination() {
        return target.toString();
    }

    @Override
    public synchronized void close() {
        if (!completed) {
            complete(false);
        }
    }

    /** Writes the buffered whole lines to the file; only then do they count as written. */
    private void drain() {
        if (bufferedLines == 0) {
            return;
        }
        buffer.flip();
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            throw new SinkUnavailableException("cannot write " + target + ": " + IoReasons.reason(e), e);
        }
        buffer.clear();
        confirmed.addAndGet(bufferedLines);
        LOG.debug("file sink: {} lines written to {} ({} in all)", bufferedLines, temporary, confirmed.get());
        bufferedLines = 0;
    }

    private void discard() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing {} failed", temporary, e);
        }
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException e) {
            LOG.warn("cannot remove the temporary file {}: {}", temporary, IoReasons.reason(e));
        }
        deleteQuietly(writerFile);
        removeCreatedFolders();
    }

    /** The outermost missing folder on the way to {@code folder}, or null when it exists. */
    private static Path firstMissing(Path folder) {
        Path missing = null;
        for (Path p = folder; p != null && Files.notExists(p); p = p.getParent()) {
            missing = p;
        }
        return missing;
    }

    /** The folders this sink created, innermost first, while they are empty: a failed run leaves none behind. */
    private void removeCreatedFolders() {
        if (createdFolder == null) {
            return;
        }
        for (Path p = target.getParent(); p != null && p.startsWith(createdFolder); p = p.getParent()) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                return; // not empty (something else wrote there meanwhile), or not ours to remove: leave it
            }
        }
    }

    private static String temporaryPrefix(Path target) {
        return "." + target.getFileName() + ".";
    }

    private static Path writerFile(Path temporary) {
        return temporary.resolveSibling(temporary.getFileName() + ".writer");
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debug("cannot remove {}", file, e);
        }
    }

    /**
     * Removes the temporary files of this target whose writer is certainly gone (a run killed with
     * SIGKILL), by the rule {@code metaingest status} uses; warns of one whose writer still runs here
     * (two runs write the same file); leaves, saying so, one whose writer cannot be told.
     */
    private void clearAbandonedTemporaryFiles(Path target) throws IOException {
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(target.getParent(),
                temporaryPrefix(target) + "*" + TEMPORARY_SUFFIX)) {
            for (Path sibling : siblings) {
                Optional<RunProcess> writer = writerOf(sibling);
                RunProcess.Liveness liveness = writer.map(RunProcess::here).orElse(RunProcess.Liveness.UNKNOWN);
                if (liveness == RunProcess.Liveness.GONE) {
                    LOG.info("removing {}, left by a run that was killed (process {} on this host is gone)",
                            sibling, writer.get().pid());
                    Files.deleteIfExists(sibling);
                    deleteQuietly(writerFile(sibling));
                } else if (liveness == RunProcess.Liveness.ALIVE) {
                    String warning = "is also being written by another run still going on (process "
                            + writer.get().pid() + " on this host, temporary file " + sibling + "); the run that"
                            + " finishes last replaces the other's records: give each run its own sink path";
                    LOG.warn("{} {}", target, warning);
                    if (own != null) {
                        // In the summary and the report too, named by the file (so not repeated in the text).
                        own.warning(target.toString(), warning);
                    }
                } else {
                    LOG.info("leaving {}: {}, so it may be a live run's; remove it by hand once no run writes {}",
                            sibling, writer.map(w -> "its writer (process " + w.pid() + " on host " + w.host()
                                    + ") cannot be told alive or gone from here (another container or host)")
                                    .orElse("it does not name its writer"), target);
                }
            }
        }
    }

    /** The writer a temporary file's companion names; empty when there is none or it cannot be read. */
    private Optional<RunProcess> writerOf(Path temporary) {
        try {
            return RunProcess.of(mapper.readTree(writerFile(temporary).toFile()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
