package io.plumbline.detectors.sketch;

import java.util.Arrays;

/**
 * A uniform sample of the distinct categories of a stream, however many there are: of the categories'
 * {@link CategoryHash hashes}, the k smallest (as signed 64-bit integers), each with the exact count of
 * its category's values (a "bottom-k" or KMV sample). Which categories are kept depends only on the set
 * of categories, not on their order or frequency, so the sample is deterministic and the sample of a
 * union is the bottom k of the union of the samples: merging is exact and independent of order.
 *
 * <p>Two such samples decide membership exactly below a common threshold: a category whose hash is at or
 * below the k-th smallest hash of a set is in the set's sample if and only if it is in the set. That is
 * what lets a window's categories be checked against a baseline that is far past its named categories.
 * While fewer than k categories have been seen the sample {@link #isComplete() holds them all}.
 *
 * <p>Adding a value whose hash is above a full sample's largest costs one comparison; one inside it a
 * binary search; only a new category among the k smallest moves entries. Heap: two arrays of at most k
 * longs, {@value #CAPACITY} by default: 8 KiB.
 */
public final class DistinctSample {
    /**
     * k of the sketches. A share estimated from a sample errs by about √(s(1−s)/k') over the k' categories
     * it covers, and a test on it sees only those: 512 rather than 256 took the largest p-value of a total
     * replacement of 50 000 categories, each seen about once a window, from 2e-7 to 6e-13 (20 seeded
     * windows), for 4 KiB more.
     */
    public static final int CAPACITY = 512;
    private static final int INITIAL = 8;

    private final int capacity;
    /** Ascending in the first {@link #size} slots. */
    private long[] hashes;
    private long[] counts;
    private int size;

    DistinctSample(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a distinct sample holds at least 1 category, got capacity " + capacity);
        }
        this.capacity = capacity;
        hashes = new long[Math.min(capacity, INITIAL)];
        counts = new long[hashes.length];
    }

    /**
     * Rebuilds a sample from its parts (see {@link #hash(int)}, {@link #count(int)}); throws
     * IllegalArgumentException for parts no sample can hold.
     */
    public static DistinctSample of(int capacity, long[] hashes, long[] counts) {
        if (hashes.length != counts.length || hashes.length > capacity) {
            throw new IllegalArgumentException("invalid distinct sample: " + hashes.length + " hashes and " + counts.length
                    + " counts for a capacity of " + capacity);
        }
        DistinctSample sample = new DistinctSample(capacity);
        sample.hashes = hashes.clone();
        sample.counts = counts.clone();
        sample.size = hashes.length;
        for (int i = 0; i < sample.size; i++) {
            if (i > 0 && hashes[i - 1] >= hashes[i]) {
                throw new IllegalArgumentException("invalid distinct sample: hashes are not ascending and distinct at index " + i);
            }
            if (counts[i] <= 0) {
                throw new IllegalArgumentException("invalid distinct sample: hash " + i + " has count " + counts[i]);
            }
        }
        return sample;
    }

    /** The hash a sample keeps of this category. */
    public static long hashOf(String category) {
        return CategoryHash.of(category);
    }

    /** k: the most categories the sample holds. */
    public int capacity() {
        return capacity;
    }

    /** Categories held. */
    public int size() {
        return size;
    }

    /** Whether every category of the stream is held: fewer than k were ever seen. */
    public boolean isComplete() {
        return size < capacity;
    }

    /** The i-th smallest hash held. */
    public long hash(int i) {
        return hashes[checked(i)];
    }

    /** The number of values of the category of the i-th smallest hash: all of them in the stream. */
    public long count(int i) {
        return counts[checked(i)];
    }

    /** The values of the categories held. */
    public long values() {
        long values = 0;
        for (int i = 0; i < size; i++) {
            values += counts[i];
        }
        return values;
    }

    /** The count held for this hash; 0 when the sample does not hold it. */
    public long countOf(long hash) {
        int i = Arrays.binarySearch(hashes, 0, size, hash);
        return i < 0 ? 0 : counts[i];
    }

    /** Counts {@code count} values of the category of this hash. */
    void add(long hash, long count) {
        if (size == capacity && hash > hashes[size - 1]) {
            return;
        }
        int i = Arrays.binarySearch(hashes, 0, size, hash);
        if (i >= 0) {
            counts[i] += count;
            return;
        }
        int at = -i - 1;
        if (size == capacity) {
            size--;
        } else if (size == hashes.length) {
            int grown = Math.min(capacity, Math.max(INITIAL, 2 * size));
            hashes = Arrays.copyOf(hashes, grown);
            counts = Arrays.copyOf(counts, grown);
        }
        System.arraycopy(hashes, at, hashes, at + 1, size - at);
        System.arraycopy(counts, at, counts, at + 1, size - at);
        hashes[at] = hash;
        counts[at] = count;
        size++;
    }

    /** The sample of both streams together: the smaller k, counts of a category held by both summed. */
    DistinctSample union(DistinctSample other) {
        DistinctSample union = new DistinctSample(Math.min(capacity, other.capacity));
        pooled(this, other, (hash, inThis, inOther) -> union.add(hash, inThis + inOther));
        return union;
    }

    /** A category of {@link #pooled}: its hash and its count in each sample, 0 where it is not held. */
    @FunctionalInterface
    public interface PooledCategory {
        void accept(long hash, long countInFirst, long countInSecond);
    }

    /**
     * The categories of the k smallest hashes of both samples together (k the smaller capacity), in
     * ascending order of hash. Each sample holds every category of its stream up to its own k-th hash,
     * which is at or above the pooled k-th, so a category one sample lacks is absent from that stream:
     * both counts are exact, for a uniform sample of the pooled categories. Which categories are taken
     * depends only on the pooled set of categories, not on how the values fell between the two streams.
     */
    public static void pooled(DistinctSample first, DistinctSample second, PooledCategory action) {
        int k = Math.min(first.capacity, second.capacity);
        int i = 0;
        int j = 0;
        for (int taken = 0; taken < k && (i < first.size || j < second.size); taken++) {
            boolean inFirst = j == second.size || i < first.size && first.hashes[i] <= second.hashes[j];
            boolean inSecond = i == first.size || j < second.size && second.hashes[j] <= first.hashes[i];
            long hash = inFirst ? first.hashes[i] : second.hashes[j];
            action.accept(hash, inFirst ? first.counts[i++] : 0, inSecond ? second.counts[j++] : 0);
        }
    }

    DistinctSample copy() {
        return of(capacity, Arrays.copyOf(hashes, size), Arrays.copyOf(counts, size));
    }

    long heapBytes() {
        return HeapSizes.object(2 * HeapSizes.REFERENCE + 8) + 2 * HeapSizes.longArray(hashes.length);
    }

    private int checked(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("index " + i + " of a sample of " + size);
        }
        return i;
    }
}
