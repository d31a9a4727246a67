package io.plumbline.schemas.codec;

/**
 * The feature names seen so far in one JSON event, to reject a name given twice (JSON leaves its
 * meaning open; counting it twice would skew the window). Reused across events: clearing bumps a
 * generation instead of wiping the table, so one wide event costs nothing for the narrow ones after it.
 */
final class FeatureNameSet {

    private String[] names = new String[64];
    /** A slot is occupied when its stamp equals the current generation; a long never wraps. */
    private long[] stamps = new long[64];
    private long generation = 1;
    private int size;

    void clear() {
        generation++;
        size = 0;
    }

    /** Adds the name; false when it is already in the set. */
    boolean add(String name) {
        if (2 * (size + 1) > names.length) {
            grow();
        }
        int mask = names.length - 1;
        int h = name.hashCode();
        for (int i = (h ^ (h >>> 16)) & mask; ; i = (i + 1) & mask) {
            if (stamps[i] != generation) {
                stamps[i] = generation;
                names[i] = name;
                size++;
                return true;
            }
            if (names[i].equals(name)) {
                return false;
            }
        }
    }

    private void grow() {
        String[] oldNames = names;
        long[] oldStamps = stamps;
        long current = generation;
        names = new String[oldNames.length * 2];
        stamps = new long[oldNames.length * 2];
        size = 0;
        for (int i = 0; i < oldNames.length; i++) {
            if (oldStamps[i] == current) {
                add(oldNames[i]);
            }
        }
    }
}
