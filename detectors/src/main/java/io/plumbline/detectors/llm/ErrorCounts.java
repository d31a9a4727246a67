package io.plumbline.detectors.llm;

import io.plumbline.detectors.sketch.Saturating;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Failed calls by {@code error.type}, for at most {@value #MAX_TYPES} distinct types; the calls of any
 * further type are counted under {@value CallVariant#OTHER} (OpenTelemetry's own fallback value, so a
 * producer sending it means the same). The bound keeps a producer that puts messages or ids into
 * {@code error.type} from growing the state. The first types seen keep their names, so past the bound
 * the split depends on order; the total never does. Counts saturate at {@link Long#MAX_VALUE}, as every
 * count of a {@link CallProfile} does.
 */
public final class ErrorCounts {
    public static final int MAX_TYPES = 32;
    public static final String OTHER = CallVariant.OTHER;

    private final Map<String, Long> counts = new HashMap<>();
    private long other;
    private long total;

    public ErrorCounts() {
    }

    /** Counts of these types, each folded as {@link #add} would; throws IllegalArgumentException for a count &lt; 1. */
    public static ErrorCounts of(Map<String, Long> counts) {
        ErrorCounts errors = new ErrorCounts();
        new TreeMap<>(counts).forEach((type, count) -> {
            if (count == null || count < 1) {
                throw new IllegalArgumentException("error type '" + type + "' has count " + count + ", not ≥ 1");
            }
            errors.add(type, count);
        });
        return errors;
    }

    public void add(String type) {
        add(type, 1);
    }

    /** Adds {@code other}'s counts, its types in name order; {@code other} is left as it was. */
    public void merge(ErrorCounts other) {
        new TreeMap<>(other.counts).forEach(this::add);
        if (other.other > 0) {
            add(OTHER, other.other);
        }
    }

    /** Every failed call. */
    public long total() {
        return total;
    }

    public boolean isEmpty() {
        return total == 0;
    }

    /** Counts by type, {@value CallVariant#OTHER} included when non-zero; a sorted copy. */
    public SortedMap<String, Long> byType() {
        SortedMap<String, Long> copy = new TreeMap<>(counts);
        if (other > 0) {
            copy.put(OTHER, other);
        }
        return Collections.unmodifiableSortedMap(copy);
    }

    /** Estimated heap: this object, the map and its table, and per type a map entry, a boxed count and a short name. */
    long heapBytes() {
        int table = Math.max(16, Integer.highestOneBit(Math.max(1, counts.size() * 4 / 3)) * 2);
        return 32 + 48 + (16 + 4L * table) + (32 + 16 + 48) * (long) counts.size();
    }

    private void add(String type, long count) {
        total = Saturating.add(total, count);
        if (OTHER.equals(type)) {
            other = Saturating.add(other, count);
        } else if (counts.containsKey(type) || counts.size() < MAX_TYPES) {
            counts.merge(type, count, Saturating::add);
        } else {
            other = Saturating.add(other, count);
        }
    }
}
