package io.metaingest.runtime.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The process that writes a run's status file (or a file sink's temporary file), as the file records
 * it under {@value #FIELD}: its pid, its host's name and, where the kernel tells them, the boot, the
 * PID namespace and the process's start. {@code metaingest status} uses it so that a run whose
 * process is still alive on this host is never finalised as stale, however long its heartbeat took,
 * and so that one whose process is gone need not wait for {@code --stale-after}; the file sink uses
 * the same rule ({@link #here()}) to remove only temporary files whose writer is certainly gone.
 *
 * @param pid the process id
 * @param host the host's name (the kernel's, so each container has its own); empty when unknown
 * @param bootId the kernel's boot id; empty when unknown
 * @param pidNamespace the PID namespace the pid is numbered in (e.g. {@code pid:[4026531836]}); empty when unknown
 * @param startedAt when the process started, as the JDK reads it from the kernel; null when unknown (the
 *                  launcher's mark, which records the rest)
 */
public record RunProcess(long pid, String host, String bootId, String pidNamespace, Instant startedAt) {

    /** The status file's field. */
    public static final String FIELD = "process";

    private static final RunProcess CURRENT = new RunProcess(ProcessHandle.current().pid(), hostName(),
            firstLine(Path.of("/proc/sys/kernel/random/boot_id")), ownPidNamespace(),
            ProcessHandle.current().info().startInstant().orElse(null));

    /** A process known by pid and host only (a status file of an older release, the launcher's mark). */
    public RunProcess(long pid, String host) {
        this(pid, host, "", "", null);
    }

    /** This JVM's process. */
    public static RunProcess current() {
        return CURRENT;
    }

    /** Whether a recorded process runs where the asking process runs, as far as can be known. */
    public enum Liveness {
        /** Numbered where the asking process's pids are, and no process with its pid and start exists. */
        GONE,
        /** Numbered where the asking process's pids are, and running (same pid, same start). */
        ALIVE,
        /** Another host, boot or PID namespace, or not fully recorded: its pid proves nothing here. */
        UNKNOWN
    }

    /** Adds this record to a status file's JSON. */
    public void writeInto(ObjectNode report) {
        ObjectNode process = report.putObject(FIELD).put("pid", pid).put("host", host);
        if (!bootId.isEmpty()) {
            process.put("bootId", bootId);
        }
        if (!pidNamespace.isEmpty()) {
            process.put("pidNamespace", pidNamespace);
        }
        if (startedAt != null) {
            process.put("startedAt", startedAt.toString());
        }
    }

    /** The process a status file names; empty when it names none (written by an older release). */
    public static Optional<RunProcess> of(JsonNode report) {
        JsonNode process = report.path(FIELD);
        if (!process.path("pid").isIntegralNumber()) {
            return Optional.empty();
        }
        Instant started = null;
        try {
            started = process.hasNonNull("startedAt") ? Instant.parse(process.get("startedAt").asText()) : null;
        } catch (DateTimeParseException e) {
            // Unknown, as in an older file: the process cannot be told apart by its start.
        }
        return Optional.of(new RunProcess(process.get("pid").asLong(), process.path("host").asText(""),
                process.path("bootId").asText(""), process.path("pidNamespace").asText(""), started));
    }

    /**
     * Whether this process is alive on the host asking, and is the one that started the run: a
     * recycled pid belongs to a process started after the run did.
     */
    public boolean isAliveHere(Instant runStartedAt) {
        // Pids numbered elsewhere (another host, an earlier boot, another container's PID namespace) say nothing
        // here; a file that does not record boot or namespace (an older release) is judged by its host alone.
        if (host.isEmpty() || !host.equals(CURRENT.host) || !bootId.isEmpty() && !bootId.equals(CURRENT.bootId)
                || !pidNamespace.isEmpty() && !pidNamespace.equals(CURRENT.pidNamespace)) {
            return false;
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .map(p -> p.info().startInstant().map(started -> runStartedAt == null
                        || !started.isAfter(runStartedAt.plusSeconds(1))).orElse(true))
                .orElse(false);
    }

    /**
     * Whether this process is certainly gone: the pid is numbered where the asking process's pids are
     * (same host name, same boot, same PID namespace, all known) and no process has it, or another one
     * does (it started at another time). Containers that share a host name but not a PID namespace,
     * or a status file that does not say, give false: there a pid proves nothing.
     */
    public boolean isGoneHere() {
        return here() == Liveness.GONE;
    }

    /**
     * Whether this process is gone, alive, or cannot be told from here: only a pid numbered where the
     * asking process's pids are (same host name, same boot, same PID namespace) says anything. No
     * process holding it there is gone; one that does must also have started when the recorded one
     * did, which a record without its start (the launcher's {@code queued} mark) cannot tell.
     */
    public Liveness here() {
        boolean sameNumbering = !host.isEmpty() && host.equals(CURRENT.host) && !bootId.isEmpty()
                && bootId.equals(CURRENT.bootId) && !pidNamespace.isEmpty() && pidNamespace.equals(CURRENT.pidNamespace);
        if (!sameNumbering) {
            return Liveness.UNKNOWN;
        }
        Optional<ProcessHandle> holder = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (holder.isEmpty()) {
            return Liveness.GONE;
        }
        Optional<Instant> started = holder.get().info().startInstant();
        if (started.isEmpty() || startedAt == null) {
            return Liveness.UNKNOWN;
        }
        return started.get().equals(startedAt) ? Liveness.ALIVE : Liveness.GONE;
    }

    /** The kernel's host name (per container, unlike a DNS lookup, which may also hang); empty when unknown. */
    private static String hostName() {
        String name = firstLine(Path.of("/proc/sys/kernel/hostname"));
        if (!name.isEmpty()) {
            return name;
        }
        String variable = System.getenv("HOSTNAME");
        return variable == null ? "" : variable.strip();
    }

    /** The link that names this process's PID namespace; empty where there is none to read. */
    private static String ownPidNamespace() {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static String firstLine(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
