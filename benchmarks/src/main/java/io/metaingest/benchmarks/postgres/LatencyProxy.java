package io.metaingest.benchmarks.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP proxy on loopback that delivers every chunk half a round-trip time late in each direction,
 * so a benchmark can show what network latency does to each extraction strategy (this machine's
 * kernel has no netem). Bytes keep their order and the link keeps its bandwidth: chunks are
 * pipelined, only delayed.
 */
final class LatencyProxy implements AutoCloseable {

    private record Chunk(byte[] bytes, long deliverAtNanos) {
    }

    private static final Chunk EOF = new Chunk(new byte[0], 0);

    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final long oneWayNanos;

    private LatencyProxy(String targetHost, int targetPort, double rttMillis) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.oneWayNanos = (long) (rttMillis * 1_000_000 / 2);
    }

    /** Starts a proxy to {@code host:port} adding {@code rttMillis} to every round trip. */
    static LatencyProxy start(String host, int port, double rttMillis) throws IOException {
        LatencyProxy proxy = new LatencyProxy(host, port, rttMillis);
        daemon("latency-proxy-accept", proxy::acceptLoop).start();
        return proxy;
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(targetHost, targetPort);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                pipe(client, upstream);
                pipe(upstream, client);
            } catch (IOException e) {
                if (!server.isClosed()) {
                    System.err.println("latency proxy: " + e.getMessage());
                }
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        BlockingQueue<Chunk> chunks = new LinkedBlockingQueue<>();
        daemon("latency-proxy-read", () -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    chunks.add(new Chunk(Arrays.copyOf(buffer, n), System.nanoTime() + oneWayNanos));
                }
            } catch (IOException ignored) {
                // the peer closed
            }
            chunks.add(EOF);
        }).start();
        daemon("latency-proxy-write", () -> {
            try (OutputStream out = to.getOutputStream()) {
                for (Chunk chunk = chunks.take(); chunk != EOF; chunk = chunks.take()) {
                    long wait = chunk.deliverAtNanos() - System.nanoTime();
                    while (wait > 0) {
                        LockSupport.parkNanos(wait);
                        wait = chunk.deliverAtNanos() - System.nanoTime();
                    }
                    out.write(chunk.bytes());
                    out.flush();
                }
                to.shutdownOutput();
            } catch (IOException | InterruptedException ignored) {
                // the other side went away
            }
        }).start();
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
