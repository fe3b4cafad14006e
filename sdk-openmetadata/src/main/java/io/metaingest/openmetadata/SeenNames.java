package io.metaingest.openmetadata;

/**
 * The names a run emitted, compacted to a 64-bit hash each in an open-addressing table of
 * {@code long}s: about 16 bytes per name at most (8 at full load), instead of the ~100 bytes of a
 * Java string plus a set entry, so a million names take ~16 MB and fit a 128 MB heap.
 *
 * <p>A hash can collide: then a name the run did not emit looks emitted. Its uses are "was this
 * entity emitted?" before marking it deleted, where a collision keeps an entity that should have been
 * marked deleted but can never delete one that was emitted, and "was this entity emitted before?" for
 * the runtime's warning of a repeated entity, where it could warn of one entity too many. With a
 * million names emitted and a million listed the chance of any collision is about 5·10⁻⁸.
 *
 * <p>Thread-safe: the sink's writer threads add names while the run goes on.
 */
public final class SeenNames {

    private static final long EMPTY = 0L;

    private long[] slots = new long[1 << 10];
    private int size;

    /** An empty set of names. */
    public SeenNames() {
        // the first table is allocated with the field
    }

    /** Adds a name; whether it was new (no name with its 64-bit hash was added before). */
    public synchronized boolean add(String name) {
        long h = hash(name);
        if (!insert(slots, h)) {
            return false;
        }
        size++;
        if (size * 2L > slots.length) {
            grow();
        }
        return true;
    }

    /** Whether the name was added (or one with the same 64-bit hash). */
    public synchronized boolean contains(String name) {
        long h = hash(name);
        int mask = slots.length - 1;
        for (int i = index(h, mask); ; i = (i + 1) & mask) {
            long slot = slots[i];
            if (slot == h) {
                return true;
            }
            if (slot == EMPTY) {
                return false;
            }
        }
    }

    /** How many distinct hashes are held. */
    public synchronized int size() {
        return size;
    }

    private void grow() {
        long[] bigger = new long[slots.length * 2];
        for (long slot : slots) {
            if (slot != EMPTY) {
                insert(bigger, slot);
            }
        }
        slots = bigger;
    }

    private static boolean insert(long[] table, long h) {
        int mask = table.length - 1;
        for (int i = index(h, mask); ; i = (i + 1) & mask) {
            long slot = table[i];
            if (slot == h) {
                return false;
            }
            if (slot == EMPTY) {
                table[i] = h;
                return true;
            }
        }
    }

    private static int index(long h, int mask) {
        return (int) (h ^ (h >>> 32)) & mask;
    }

    /** FNV-1a over the UTF-16 units, then MurmurHash3's 64-bit finaliser; never {@link #EMPTY}. */
    static long hash(String name) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < name.length(); i++) {
            h ^= name.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h == EMPTY ? 1L : h;
    }
}
