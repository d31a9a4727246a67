package io.plumbline.schemas.codec;

/**
 * The keys seen so far in one JSON object of an event, to reject a key given twice: JSON leaves its
 * meaning open, so the last one winning would silently pick a model or a feature value, and counting
 * both would skew the window. Reused across events: clearing bumps a generation instead of wiping the
 * table, so one wide event costs nothing for the narrow ones after it.
 */
final class JsonKeySet {

    private String[] keys = new String[64];
    /** A slot is occupied when its stamp equals the current generation; a long never wraps. */
    private long[] stamps = new long[64];
    private long generation = 1;
    private int size;

    void clear() {
        generation++;
        size = 0;
    }

    /** Adds the key; false when it is already in the set. */
    boolean add(String key) {
        if (2 * (size + 1) > keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        int h = key.hashCode();
        for (int i = (h ^ (h >>> 16)) & mask; ; i = (i + 1) & mask) {
            if (stamps[i] != generation) {
                stamps[i] = generation;
                keys[i] = key;
                size++;
                return true;
            }
            if (keys[i].equals(key)) {
                return false;
            }
        }
    }

    private void grow() {
        String[] oldKeys = keys;
        long[] oldStamps = stamps;
        long current = generation;
        keys = new String[oldKeys.length * 2];
        stamps = new long[oldKeys.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldStamps[i] == current) {
                add(oldKeys[i]);
            }
        }
    }
}
