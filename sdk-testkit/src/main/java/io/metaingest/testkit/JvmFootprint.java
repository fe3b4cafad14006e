package io.metaingest.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * Threads, sockets and open files of this JVM, to find what a run left behind. Sockets and files are read
 * from {@code /proc/self/fd} (Linux); JDBC connections are sockets too. Threads of the JDK's common pool
 * are shared by everyone, and threads the test's own servers start are theirs: neither counts as the
 * connector's (see {@link #marked}).
 */
final class JvmFootprint {

    private static final Path FDS = Path.of("/proc/self/fd");
    private static final Path FDINFO = Path.of("/proc/self/fdinfo");

    /** Files shown at most by name in a message; the rest are counted. */
    private static final int SHOWN_FILES = 5;

    private final Set<Thread> threads;
    private final Set<String> sockets;
    /** Open files, each as {@code fd -> path}: the same file opened again is another descriptor. */
    private final Set<String> files;

    private JvmFootprint(Set<Thread> threads, Set<String> sockets, Set<String> files) {
        this.threads = threads;
        this.sockets = sockets;
        this.files = files;
    }

    static JvmFootprint now() {
        return new JvmFootprint(new LinkedHashSet<>(Thread.getAllStackTraces().keySet()), sockets(), files());
    }

    /** Whether sockets can be counted on this system. */
    static boolean socketsVisible() {
        return Files.isDirectory(FDS);
    }

    private static Set<String> sockets() {
        Set<String> found = new LinkedHashSet<>();
        if (!socketsVisible()) {
            return found;
        }
        try (Stream<Path> fds = Files.list(FDS)) {
            fds.forEach(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:")) {
                        found.add(target);
                    }
                } catch (IOException | UnsupportedOperationException gone) {
                    // the descriptor closed while we looked
                }
            });
        } catch (IOException e) {
            return found;
        }
        return found;
    }

    /**
     * What is alive now that was not in {@code before}, after giving the run's objects the chance
     * to be collected (the runtime's HttpClient ends its selector thread and closes its sockets only
     * when it becomes unreachable: on Java 17 it cannot be closed). While one of {@code leftRunning}
     * (threads of earlier kit calls that ignored the interrupt) is alive, sockets are not judged: it may
     * open and drop them at any time, and a socket does not say which thread opened it; one line says so.
     * Files the run opened and still holds are one line, judged as sockets are.
     */
    static List<String> leftBehind(JvmFootprint before, Duration patience, List<Thread> leftRunning) {
        List<Thread> stuck = leftRunning.stream().filter(Thread::isAlive).toList();
        boolean judgeSockets = stuck.isEmpty();
        long deadline = System.nanoTime() + patience.toNanos();
        List<String> left = diff(before, judgeSockets);
        // Sockets that do not close on their own (a peer in this JVM closing its end, say): if the
        // collector's cleaner closes them, the connector dropped them open. Looked for whatever threads
        // the run left: the runtime's HttpClient leaves its selector thread until it is collected.
        Map<String, String> orphans = judgeSockets ? settledSockets(before) : Map.of();
        // After the sockets' settling while: a file the run still holds open was not closed where it was read,
        // whether or not the collector would close it later (a Cleaner does, once the stream is unreachable).
        Optional<String> heldFiles = judgeSockets ? heldFiles(before) : Optional.empty();
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            System.gc();
            for (Thread t : newThreads(before)) {
                try {
                    t.join(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return diff(before, judgeSockets);
                }
            }
            if (newThreads(before).isEmpty()) {
                // only sockets remain: let the collector's cleaners run
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
            left = diff(before, judgeSockets);
        }
        if (left.isEmpty() && !orphans.isEmpty()) {
            left = List.of(orphans.size() + " socket(s) closed only by the garbage collector once unreachable ("
                    + String.join(", ", orphans.values()) + "): a socket or connection the connector opens must be"
                    + " closed in its close() (or where it is done with it), not dropped");
        }
        if (heldFiles.isPresent()) {
            left = new ArrayList<>(left);
            left.add(heldFiles.get());
        }
        Set<String> unjudged = judgeSockets ? Set.of() : newSockets(before);
        if (!unjudged.isEmpty()) {
            left = new ArrayList<>(left);
            left.add(unjudged.size() + " socket(s) opened during the run and still open (" + String.join(", ",
                    describe(unjudged).values()) + ") not judged: " + stuck.stream().map(t -> "thread '" + t.getName() + "'")
                    .collect(java.util.stream.Collectors.joining(", ")) + ", which the kit left running when it ignored"
                    + " the interrupt at the end of runBound(), still runs the connector's code and may have opened them;"
                    + " make it end when interrupted (see the check that names it), then this check judges the run's own"
                    + " sockets");
        }
        return left;
    }

    /**
     * The sockets opened since {@code before} that are still open after a short while without a
     * collection, with where each leads; what closes by itself in that while is not counted.
     */
    private static Map<String, String> settledSockets(JvmFootprint before) {
        Map<String, String> open = describe(newSockets(before));
        long settle = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
        while (!open.isEmpty() && System.nanoTime() < settle) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            open.keySet().retainAll(newSockets(before));
        }
        // A selector's sockets (the HttpClient's pooled connections) are its owner's to close, and it
        // does, when the collector takes the client: on Java 17 an HttpClient cannot be closed otherwise.
        // And a socket a server listening since before the run accepted is that server's (a test's own
        // in this JVM), which closes it when the connector's end goes.
        Set<String> selectors = selectorSockets();
        Map<String, List<String>> ends = SocketPeers.ends();
        Set<String> serverPorts = new java.util.HashSet<>();
        for (String socket : before.sockets) {
            List<String> e = ends.get(SocketPeers.inode(socket));
            if (e != null && e.get(1).endsWith(":0")) {
                serverPorts.add(port(e.get(0)));
            }
        }
        open.keySet().removeIf(socket -> selectors.contains(socket) || Optional.ofNullable(ends.get(SocketPeers.inode(socket)))
                .map(e -> serverPorts.contains(port(e.get(0)))).orElse(false));
        return open;
    }

    /** The sockets registered with an epoll instance of this JVM (a {@code Selector}'s), from /proc/self/fdinfo. */
    private static Set<String> selectorSockets() {
        Set<String> found = new LinkedHashSet<>();
        try (Stream<Path> fds = Files.list(FDS)) {
            for (Path fd : fds.toList()) {
                if (!"anon_inode:[eventpoll]".equals(link(fd))) {
                    continue;
                }
                for (String line : fdinfo(fd)) {
                    // e.g. "tfd:       27 events:       19 data: 1b  pos:0 ino:… sdev:…"
                    String[] words = line.trim().split("\\s+");
                    if (words.length > 1 && words[0].equals("tfd:")) {
                        String target = link(FDS.resolve(words[1]));
                        if (target != null && target.startsWith("socket:")) {
                            found.add(target);
                        }
                    }
                }
            }
        } catch (IOException e) {
            return found; // /proc/self/fd unreadable: nothing is known to be a selector's
        }
        return found;
    }

    private static List<String> fdinfo(Path fd) {
        try {
            return Files.readAllLines(FDINFO.resolve(fd.getFileName().toString()));
        } catch (IOException gone) {
            return List.of(); // closed while we looked
        }
    }

    private static String port(String address) {
        return address.substring(address.lastIndexOf(':') + 1);
    }

    private static String link(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException | UnsupportedOperationException gone) {
            return null;
        }
    }

    /**
     * The files opened since {@code before} and still open, in one line with the fix; empty when none. Jars
     * (a class loader's), the JDK's own files and devices ({@code /dev/urandom}, held by SecureRandom once
     * used) are not the connector's to close.
     */
    private static Optional<String> heldFiles(JvmFootprint before) {
        Set<String> now = files();
        now.removeAll(before.files);
        if (now.isEmpty()) {
            return Optional.empty();
        }
        List<String> paths = now.stream().map(file -> file.substring(file.indexOf(" -> ") + 4)).distinct().sorted().toList();
        String shown = String.join(", ", paths.subList(0, Math.min(SHOWN_FILES, paths.size())))
                + (paths.size() > SHOWN_FILES ? " and " + (paths.size() - SHOWN_FILES) + " more" : "");
        return Optional.of(now.size() + " file(s) opened during the run and still open (" + shown + "): close each file"
                + " the connector opens where it is done with it (try-with-resources), or in its close()");
    }

    private static Set<String> files() {
        Set<String> found = new LinkedHashSet<>();
        if (!socketsVisible()) {
            return found;
        }
        String javaHome = Path.of(System.getProperty("java.home")).toAbsolutePath().normalize() + "/";
        try (Stream<Path> fds = Files.list(FDS)) {
            fds.forEach(fd -> {
                String target = link(fd);
                if (target != null && target.startsWith("/") && !target.startsWith("/dev/") && !target.startsWith("/proc/")
                        && !target.startsWith("/sys/") && !target.startsWith(javaHome) && !target.endsWith(".jar")
                        && !target.endsWith(".zip") && !target.endsWith(".jmod") && !Files.isDirectory(Path.of(target))) {
                    found.add(fd.getFileName() + " -> " + target);
                }
            });
        } catch (IOException e) {
            return found;
        }
        return found;
    }

    private static Set<String> newSockets(JvmFootprint before) {
        Set<String> now = sockets();
        now.removeAll(before.sockets);
        return now;
    }

    /** Each socket link with where it leads ("to 127.0.0.1:5432"), or "unknown peer". */
    private static Map<String, String> describe(Set<String> sockets) {
        Map<String, String> peers = SocketPeers.byInode();
        Map<String, String> described = new java.util.LinkedHashMap<>();
        for (String socket : sockets) {
            described.put(socket, peers.getOrDefault(SocketPeers.inode(socket), "unknown peer"));
        }
        return described;
    }

    private static List<Thread> newThreads(JvmFootprint before) {
        List<Thread> found = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && !before.threads.contains(t) && !shared(t)) {
                found.add(t);
            }
        }
        return found;
    }

    private static boolean shared(Thread t) {
        // Threads inherit their creator's context class loader: only threads started from the run's
        // thread (or its descendants) carry the run's marker; a test's own server threads do not.
        if (!(t.getContextClassLoader() instanceof RunMarker) && !runsPluginCode(t)) {
            return true;
        }
        String name = t.getName();
        // The JDK's common pool and reaper are everyone's; the runtime's monitor ends when its run does.
        return name.startsWith("ForkJoinPool.commonPool") || name.equals("metaingest-monitor") || name.equals("process reaper")
                || name.startsWith("Attach Listener") || name.startsWith("surefire-") || name.startsWith("junit-");
    }

    private static List<String> diff(JvmFootprint before, boolean judgeSockets) {
        List<String> left = new ArrayList<>();
        for (Thread t : newThreads(before)) {
            left.add("thread '" + t.getName() + "'" + (t.isDaemon() ? " (daemon)" : "") + top(t));
        }
        Set<String> now = judgeSockets ? newSockets(before) : Set.of();
        if (!now.isEmpty()) {
            left.add(now.size() + " open socket(s) (JDBC or HTTP connections not closed): "
                    + String.join(", ", describe(now).values()));
        }
        return left;
    }

    private static boolean runsPluginCode(Thread t) {
        for (StackTraceElement frame : t.getStackTrace()) {
            if (frame.getClassLoaderName() != null && frame.getClassLoaderName().startsWith("plugin-")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs {@code body} with a context class loader that behaves exactly like the current one but
     * marks every thread started during the run, so the threads a run leaves behind can be told
     * from those of the test's own servers.
     */
    static <T> T marked(java.util.concurrent.Callable<T> body) throws Exception {
        Thread current = Thread.currentThread();
        ClassLoader original = current.getContextClassLoader();
        current.setContextClassLoader(new RunMarker(original));
        try {
            return body.call();
        } finally {
            current.setContextClassLoader(original);
        }
    }

    /** A context class loader that only delegates, to mark threads. */
    private static final class RunMarker extends ClassLoader {
        static {
            ClassLoader.registerAsParallelCapable();
        }

        RunMarker(ClassLoader parent) {
            super("kit-run-marker", parent);
        }
    }

    private static String top(Thread t) {
        StackTraceElement[] stack = t.getStackTrace();
        Optional<StackTraceElement> own = Stream.of(stack)
                .filter(e -> !e.getClassName().startsWith("java.") && !e.getClassName().startsWith("jdk.")
                        && !e.getClassName().startsWith("sun."))
                .findFirst();
        boolean worker = Stream.of(stack).anyMatch(e -> e.getClassName().startsWith("java.util.concurrent.ThreadPoolExecutor")
                || e.getClassName().startsWith("java.util.concurrent.ForkJoin"));
        if (worker) {
            // An idle pool worker's stack is all JDK: its first frames show what it waits in, the owner's code
            // (when it runs a task) shows whose executor it is.
            String at = Stream.of(stack).limit(3).map(e -> shortName(e.getClassName()) + "." + e.getMethodName())
                    .collect(java.util.stream.Collectors.joining(" < "));
            return ", an executor's worker" + own.map(e -> " running " + e.getClassName() + "." + e.getMethodName())
                    .orElse("") + (at.isEmpty() ? "" : " (at " + at + ")") + ": shut down executors in close()";
        }
        return own.map(e -> " started by " + e.getClassName() + "." + e.getMethodName()).orElse("")
                + ": stop the threads the connector starts in close()";
    }

    private static String shortName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
