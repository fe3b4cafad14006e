package io.metaingest.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The addresses of this process's sockets by inode (the {@code socket:[inode]} that {@code
 * /proc/self/fd} links to), read from {@code /proc/net/tcp}, {@code tcp6}, {@code udp} and {@code udp6}
 * (Linux), so that a socket left open is named by where it leads: {@code to 127.0.0.1:5432}, or
 * {@code listening on 0.0.0.0:8080}. Empty where those files cannot be read.
 */
final class SocketPeers {

    private static final List<String> TABLES = List.of("tcp", "tcp6", "udp", "udp6");

    private SocketPeers() {
    }

    /** {@code "to <remote>"} (or {@code "listening on <local>"}) by inode. */
    static Map<String, String> byInode() {
        Map<String, String> peers = new HashMap<>();
        ends().forEach((inode, ends) -> peers.put(inode, ends.get(1).endsWith(":0") ? "listening on " + ends.get(0)
                : "to " + ends.get(1)));
        return peers;
    }

    /** The local and the remote address of each socket, by inode, e.g. {@code [127.0.0.1:51234, 127.0.0.1:8080]}. */
    static Map<String, List<String>> ends() {
        Map<String, List<String>> ends = new HashMap<>();
        for (String table : TABLES) {
            List<String> lines;
            try {
                lines = Files.readAllLines(Path.of("/proc/net", table));
            } catch (IOException | SecurityException e) {
                continue; // not Linux, or not readable: sockets are counted without their addresses
            }
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 10) {
                    continue;
                }
                try {
                    ends.put(f[9], List.of(address(f[1]), address(f[2])));
                } catch (RuntimeException | UnknownHostException e) {
                    // a line this parser does not know: that socket goes unnamed
                }
            }
        }
        return ends;
    }

    /** {@code 0100007F:1F90} → {@code 127.0.0.1:8080}; IPv6 as four little-endian words. */
    static String address(String hex) throws UnknownHostException {
        String[] parts = hex.split(":");
        String ip = parts[0];
        byte[] bytes = new byte[ip.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int b = 0; b < 4; b++) {
                // each 32-bit word is written in the host's (little-endian) order
                bytes[word * 4 + b] = (byte) Integer.parseInt(ip.substring(word * 8 + (3 - b) * 2, word * 8 + (3 - b) * 2 + 2), 16);
            }
        }
        // An IPv4-mapped IPv6 address comes back as an Inet4Address, printed as such.
        return InetAddress.getByAddress(bytes).getHostAddress() + ":" + Integer.parseInt(parts[1], 16);
    }

    /** The inode of a {@code socket:[inode]} link. */
    static String inode(String link) {
        return link.substring(link.indexOf('[') + 1, link.length() - 1);
    }
}
