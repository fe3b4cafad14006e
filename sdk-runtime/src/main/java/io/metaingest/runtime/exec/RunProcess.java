package io.metaingest.runtime.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * The process that writes a run's status file, as the file records it under {@value #FIELD}: its pid
 * and its host's name. {@code metaingest status} uses it so that a run whose process is still alive
 * on this host is never finalised as stale, however long its heartbeat took.
 *
 * @param pid the process id
 * @param host the host's name (the kernel's, so each container has its own); empty when unknown
 */
public record RunProcess(long pid, String host) {

    /** The status file's field. */
    public static final String FIELD = "process";

    private static final RunProcess CURRENT = new RunProcess(ProcessHandle.current().pid(), hostName());

    /** This JVM's process. */
    public static RunProcess current() {
        return CURRENT;
    }

    /** Adds this record to a status file's JSON. */
    void writeInto(ObjectNode report) {
        report.putObject(FIELD).put("pid", pid).put("host", host);
    }

    /** The process a status file names; empty when it names none (written by an older release). */
    public static Optional<RunProcess> of(JsonNode report) {
        JsonNode process = report.path(FIELD);
        if (!process.path("pid").isIntegralNumber()) {
            return Optional.empty();
        }
        return Optional.of(new RunProcess(process.get("pid").asLong(), process.path("host").asText("")));
    }

    /**
     * Whether this process is alive on the host asking, and is the one that started the run: a
     * recycled pid belongs to a process started after the run did.
     */
    public boolean isAliveHere(Instant runStartedAt) {
        if (host.isEmpty() || !host.equals(CURRENT.host)) {
            return false; // another host's pids say nothing here
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .map(p -> p.info().startInstant().map(started -> runStartedAt == null
                        || !started.isAfter(runStartedAt.plusSeconds(1))).orElse(true))
                .orElse(false);
    }

    /** The kernel's host name (per container, unlike a DNS lookup, which may also hang); empty when unknown. */
    private static String hostName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
        } catch (IOException | RuntimeException e) {
            String variable = System.getenv("HOSTNAME");
            return variable == null ? "" : variable.strip();
        }
    }
}
