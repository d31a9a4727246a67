package io.plumbline.detectors.sketch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class DistinctSampleTest {

    @Test
    void holdsTheSmallestHashesWithTheirFullCountsWhateverTheOrder() {
        Random random = new Random(1);
        List<Long> stream = stream(random, 3_000, 20_000);
        DistinctSample sample = sampleOf(16, stream);

        assertThat(held(sample)).containsExactlyEntriesOf(smallest(16, stream));
        assertThat(sample.isComplete()).isFalse();
        Collections.shuffle(stream, random);
        assertThat(held(sampleOf(16, stream))).isEqualTo(held(sample));
    }

    @Test
    void holdsEveryCategoryWhileThereAreFewerThanItsCapacity() {
        List<Long> stream = stream(new Random(2), 15, 1_000);
        DistinctSample sample = sampleOf(16, stream);

        assertThat(sample.isComplete()).isTrue();
        assertThat(sample.size()).isEqualTo(stream.stream().distinct().count());
        assertThat(sample.values()).isEqualTo(1_000);
        assertThat(held(sample)).containsExactlyEntriesOf(smallest(16, stream));
    }

    @Test
    void theUnionIsTheSampleOfBothStreamsInAnyOrder() {
        Random random = new Random(3);
        List<List<Long>> parts = new ArrayList<>();
        List<Long> all = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            // Overlapping categories, parts both below and past the capacity.
            List<Long> part = stream(random, i == 0 ? 5 : 2_000, i == 0 ? 40 : 5_000);
            parts.add(part);
            all.addAll(part);
        }
        for (int shuffle = 0; shuffle < 4; shuffle++) {
            Collections.shuffle(parts, new Random(shuffle));
            DistinctSample union = new DistinctSample(32);
            for (List<Long> part : parts) {
                union = union.union(sampleOf(32, part));
            }
            assertThat(held(union)).containsExactlyEntriesOf(smallest(32, all));
        }
        assertThat(sampleOf(32, all).union(sampleOf(8, all)).capacity()).as("the smaller k").isEqualTo(8);
        assertThat(held(sampleOf(32, all).union(sampleOf(8, parts.get(0))))).hasSize(8);
    }

    @Test
    void pooledCategoriesCarryTheirExactCountOnEachSide() {
        Random random = new Random(4);
        List<Long> first = stream(random, 5_000, 10_000);
        List<Long> second = new ArrayList<>(first.subList(0, 4_000));
        second.addAll(stream(random, 3_000, 6_000));
        Map<Long, Long> inFirst = counts(first);
        Map<Long, Long> inSecond = counts(second);
        List<Long> pooled = new ArrayList<>(first);
        pooled.addAll(second);

        List<Long> hashes = new ArrayList<>();
        DistinctSample.pooled(sampleOf(64, first), sampleOf(128, second), (hash, a, b) -> {
            hashes.add(hash);
            assertThat(a).as("hash %d", hash).isEqualTo(inFirst.getOrDefault(hash, 0L));
            assertThat(b).as("hash %d", hash).isEqualTo(inSecond.getOrDefault(hash, 0L));
        });

        assertThat(hashes).containsExactlyElementsOf(smallest(64, pooled).keySet());
    }

    @Test
    void staysWithinItsCapacityAndRefusesImpossibleParts() {
        DistinctSample sample = sampleOf(DistinctSample.CAPACITY, stream(new Random(5), 1_000_000, 1_000_000));

        assertThat(sample.size()).isEqualTo(DistinctSample.CAPACITY);
        assertThat(sample.heapBytes()).isEqualTo(32 + 2 * (16 + 8 * DistinctSample.CAPACITY));
        assertThatThrownBy(() -> DistinctSample.of(4, new long[] {1, 1}, new long[] {1, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not ascending and distinct at index 1");
        assertThatThrownBy(() -> DistinctSample.of(4, new long[] {1, 2}, new long[] {1, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hash 1 has count 0");
        assertThatThrownBy(() -> DistinctSample.of(1, new long[] {1, 2}, new long[] {1, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 hashes and 2 counts for a capacity of 1");
        assertThatThrownBy(() -> new DistinctSample(0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** {@code values} hashes of {@code categories} random categories (a hash stands for its category). */
    private static List<Long> stream(Random random, int categories, int values) {
        long[] hashes = random.longs(categories).toArray();
        List<Long> stream = new ArrayList<>(values);
        for (int i = 0; i < values; i++) {
            stream.add(hashes[random.nextInt(categories)]);
        }
        return stream;
    }

    private static DistinctSample sampleOf(int capacity, List<Long> stream) {
        DistinctSample sample = new DistinctSample(capacity);
        stream.forEach(hash -> sample.add(hash, 1));
        return sample;
    }

    private static Map<Long, Long> counts(List<Long> stream) {
        Map<Long, Long> counts = new TreeMap<>();
        stream.forEach(hash -> counts.merge(hash, 1L, Long::sum));
        return counts;
    }

    /** The k smallest hashes of the stream and their counts, ascending: what a sample must hold. */
    private static Map<Long, Long> smallest(int k, List<Long> stream) {
        Map<Long, Long> smallest = new LinkedHashMap<>();
        counts(stream).entrySet().stream().limit(k).forEach(e -> smallest.put(e.getKey(), e.getValue()));
        return smallest;
    }

    private static Map<Long, Long> held(DistinctSample sample) {
        Map<Long, Long> held = new LinkedHashMap<>();
        for (int i = 0; i < sample.size(); i++) {
            held.put(sample.hash(i), sample.count(i));
        }
        return held;
    }
}
