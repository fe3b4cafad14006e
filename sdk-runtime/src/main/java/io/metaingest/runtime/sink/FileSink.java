package io.metaingest.runtime.sink;

import io.metaingest.runtime.files.IoReasons;
import io.metaingest.runtime.files.OutputFiles;
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
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one JSON object per line ({@link RecordLines}) to a file, crash-safely.
 *
 * <p>Records go to a temporary file beside the target ({@code .NAME.PID.tmp}); when the run ends
 * in success or partial success it is synced and moved over the target in one atomic rename. A run
 * that fails or is stopped leaves the previous target exactly as it was and removes its temporary
 * file. Lines are collected in a buffer and written whole, so the temporary file never holds a cut
 * line; a record is {@linkplain #confirmed() confirmed} once its line has been written to the file.
 * A write error (no space left, an I/O error, permission) ends the run with one line naming the
 * file. Temporary files left by a killed run ({@code kill -9}) are removed by the next run.
 */
public final class FileSink implements Sink<EntityRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(FileSink.class);

    /** Bytes of whole lines collected before they are written. */
    static final int BUFFER_BYTES = 64 * 1024;

    private final Path target;
    private final Path temporary;
    private final RecordLines lines;
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
        this.own = own;
        this.target = OutputFiles.followLinks(target);
        this.lines = new RecordLines(mapper, masker);
        this.temporary = this.target.resolveSibling(temporaryPrefix(this.target) + ProcessHandle.current().pid() + ".tmp");
        try {
            this.createdFolder = firstMissing(this.target.getParent());
            Files.createDirectories(this.target.getParent());
            removeAbandonedTemporaryFiles(this.target);
            Files.deleteIfExists(temporary); // a leftover of a process with our pid: created anew, with the target's access
            this.channel = FileChannel.open(temporary, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    OutputFiles.createdLike(this.target));
        } catch (IOException e) {
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
            OutputFiles.keepPermissions(target, temporary);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            LOG.debug("file sink: {} records moved into {}", confirmed.get(), target);
            if (lines.maskedRecords() > 0) {
                LOG.warn("file sink: {} of the {} {} in {} {} written with a secret's text masked",
                        lines.maskedRecords(), confirmed.get(), confirmed.get() == 1 ? "record" : "records", target,
                        lines.maskedRecords() == 1 ? "was" : "were");
            }
            return true;
        } catch (IOException e) {
            discard();
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

    /** Removes temporary files of this target whose process is gone (a run killed with SIGKILL). */
    private static void removeAbandonedTemporaryFiles(Path target) throws IOException {
        String prefix = temporaryPrefix(target);
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(target.getParent(), prefix + "*.tmp")) {
            for (Path sibling : siblings) {
                String name = sibling.getFileName().toString();
                String pid = name.substring(prefix.length(), name.length() - ".tmp".length());
                if (pid.matches("\\d{1,18}") && ProcessHandle.of(Long.parseLong(pid)).isEmpty()) {
                    LOG.info("removing {}, left by a run that was killed", sibling);
                    Files.deleteIfExists(sibling);
                }
            }
        }
    }
}
