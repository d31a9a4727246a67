package io.plumbline.detectors.sketch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.plumbline.detectors.testing.ManyCategories;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CategoricalSketchTest {

    @Test
    void countsEachCategoryExactly() {
        CategoricalSketch sketch = sketchOf(100, "b", "a", "b", "c", "b");

        assertThat(sketch.count()).isEqualTo(5);
        assertThat(sketch.count("b")).isEqualTo(3);
        assertThat(sketch.count("never")).isZero();
        assertThat(sketch.otherCount()).isZero();
        assertThat(sketch.counts()).containsExactly(entry("a", 1L), entry("b", 3L), entry("c", 1L));
        assertThat(sketch.type()).isEqualTo(FeatureType.CATEGORICAL);
        assertThat(new CategoricalSketch().maxDistinct()).isEqualTo(CategoricalSketch.DEFAULT_MAX_DISTINCT);
    }

    @Test
    void pastTheLimitANewCategoryTakesTheLightestSlotAndItsCountGoesToOther() {
        CategoricalSketch sketch = sketchOf(3, "a", "a", "a", "b", "b", "c", "d");

        assertThat(sketch.counts()).as("c, the lightest, made way for d").containsOnlyKeys("a", "b", "d");
        assertThat(sketch.count("d")).isEqualTo(1);
        assertThat(sketch.uncounted("d")).as("d may have had as many values as c's slot held").isEqualTo(1);
        assertThat(sketch.countsExactly("d")).isFalse();
        assertThat(sketch.countsExactly("a")).isTrue();
        assertThat(sketch.countsExactly("c")).as("c's value is in other").isFalse();
        assertThat(sketch.otherCount()).isEqualTo(1);
        assertThat(sketch.count()).isEqualTo(7);
        assertThat(sketchOf(3, "a", "b").countsExactly("never")).as("within K, an unnamed category has none").isTrue();
    }

    /** Light categories first, then heavy ones among more light ones: first-K sketches named only the light. */
    @Test
    void heavyCategoriesSurviveAnOrderThatBringsTheLightOnesFirst() {
        for (long seed = 1; seed <= 20; seed++) {
            Random random = new Random(seed);
            List<String> light = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                light.add("light-" + random.nextInt(1_000));
            }
            List<String> rest = new ArrayList<>();
            for (int i = 0; i < 20_000; i++) {
                rest.add(random.nextDouble() < 0.6 ? "heavy-" + random.nextInt(10) : "light-" + random.nextInt(1_000));
            }
            Collections.shuffle(rest, random);
            List<String> stream = new ArrayList<>(light);
            stream.addAll(rest);
            Map<String, Long> truth = new TreeMap<>();
            stream.forEach(v -> truth.merge(v, 1L, Long::sum));

            CategoricalSketch sketch = sketchOf(20, stream.toArray(String[]::new));

            for (int h = 0; h < 10; h++) {
                String heavy = "heavy-" + h;
                assertThat(sketch.counts()).as("seed %d", seed).containsKey(heavy);
                assertThat(sketch.count(heavy) + sketch.uncounted(heavy)).as("seed %d, %s", seed, heavy)
                        .isGreaterThanOrEqualTo(truth.get(heavy));
                long uncounted = sketch.uncounted(heavy);
                assertThat(uncounted * uncounted).as("seed %d, %s: what it may have missed is within its count's noise", seed, heavy)
                        .isLessThanOrEqualTo(sketch.count(heavy));
            }
            assertThatCountsBound(sketch, truth, stream.size());
        }
    }

    /** Whatever the order, and across merges: a name's count and bound bracket its true count, and every value is counted once. */
    @Test
    void namedCountsAreLowerBoundsWithinTheirUncountedBoundInAnyOrderAndAcrossMerges() {
        for (long seed = 1; seed <= 20; seed++) {
            Random random = new Random(seed);
            String[] values = ManyCategories.ZIPF.sample("c", 200 + random.nextInt(2_000), 5_000 + random.nextInt(20_000), random);
            Map<String, Long> truth = new TreeMap<>();
            for (String v : values) {
                truth.merge(v, 1L, Long::sum);
            }
            int k = 5 + random.nextInt(60);
            assertThatCountsBound(sketchOf(k, values), truth, values.length);

            CategoricalSketch merged = new CategoricalSketch(k);
            for (int from = 0; from < values.length; from += 3_000) {
                merged.merge(sketchOf(k, Arrays.copyOfRange(values, from, Math.min(values.length, from + 3_000))));
            }
            assertThatCountsBound(merged, truth, values.length);
        }
    }

    private static void assertThatCountsBound(CategoricalSketch sketch, Map<String, Long> truth, long total) {
        long named = 0;
        for (Map.Entry<String, Long> e : sketch.counts().entrySet()) {
            long actual = truth.getOrDefault(e.getKey(), 0L);
            assertThat(e.getValue()).as(e.getKey()).isLessThanOrEqualTo(actual);
            assertThat(e.getValue() + sketch.uncounted(e.getKey())).as(e.getKey()).isGreaterThanOrEqualTo(actual);
            if (sketch.countsExactly(e.getKey())) {
                assertThat(e.getValue()).as(e.getKey()).isEqualTo(actual);
            }
            named += e.getValue();
        }
        assertThat(named + sketch.otherCount()).isEqualTo(total);
        assertThat(sketch.count()).isEqualTo(total);
    }

    @Test
    void mergingWithinTheLimitIsExactAndIndependentOfOrder() {
        Random random = new Random(1);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            values.add("c" + (int) Math.floor(Math.abs(random.nextGaussian()) * 20));
        }
        CategoricalSketch onePass = sketchOf(100, values.toArray(String[]::new));

        List<CategoricalSketch> parts = new ArrayList<>();
        for (int from = 0; from < values.size(); from += 700) {
            parts.add(sketchOf(100, values.subList(from, Math.min(values.size(), from + 700)).toArray(String[]::new)));
        }
        for (int shuffle = 0; shuffle < 5; shuffle++) {
            Collections.shuffle(parts, new Random(shuffle));
            CategoricalSketch merged = new CategoricalSketch();
            parts.forEach(merged::merge);
            assertThat(merged.counts()).isEqualTo(onePass.counts());
            assertThat(merged.otherCount()).isZero();
            assertThat(merged.count()).isEqualTo(5_000);
        }
    }

    @Test
    void mergingPastTheLimitKeepsTheHeaviestWhicheverWayRound() {
        CategoricalSketch a = sketchOf(3, "x", "x", "x", "y", "z");
        CategoricalSketch b = sketchOf(3, "w", "w", "w", "w", "v", "v", "z");

        CategoricalSketch ab = sketchOf(3);
        ab.merge(a);
        ab.merge(b);
        CategoricalSketch ba = sketchOf(3);
        ba.merge(b);
        ba.merge(a);

        assertThat(ab.counts()).as("v and z tie at 2: the alphabetically first stays")
                .containsExactly(entry("v", 2L), entry("w", 4L), entry("x", 3L));
        assertThat(ab.otherCount()).isEqualTo(3);
        assertThat(ba.counts()).isEqualTo(ab.counts());
        assertThat(ba.otherCount()).isEqualTo(ab.otherCount());
        assertThat(ab.count()).isEqualTo(12);
    }

    @Test
    void countsMissingAndMismatchedValuesApartAndMergesThem() {
        CategoricalSketch a = sketchOf(10, "a");
        a.addMissing();
        a.addTypeMismatch();
        CategoricalSketch b = sketchOf(10, "a");
        b.addMissing();

        a.merge(b);

        assertThat(a.count()).isEqualTo(2);
        assertThat(a.missing()).isEqualTo(2);
        assertThat(a.typeMismatches()).isEqualTo(1);
        assertThatThrownBy(() -> a.merge(a)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rebuildsFromItsPartsAndRefusesImpossibleOnes() {
        CategoricalSketch rebuilt = CategoricalSketch.of(2, Map.of("a", 5L, "b", 1L), 4, 2, 1);

        assertThat(rebuilt.count()).isEqualTo(10);
        assertThat(rebuilt.count("a")).isEqualTo(5);
        assertThat(rebuilt.otherCount()).isEqualTo(4);
        assertThat(rebuilt.missing()).isEqualTo(2);
        assertThat(rebuilt.typeMismatches()).isEqualTo(1);
        assertThatThrownBy(() -> CategoricalSketch.of(1, Map.of("a", 5L, "b", 1L), 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceed its limit of 1");
        assertThatThrownBy(() -> CategoricalSketch.of(5, Map.of("a", 0L), 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a' has count 0");
        assertThatThrownBy(() -> new CategoricalSketch(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> rebuilt.add(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void pastItsKASketchSamplesEveryCategoryWithItsFullCount() {
        String[] values = ManyCategories.ZIPF.sample("c", 20_000, 50_000, new Random(7));
        CategoricalSketch sketch = sketchOf(100, values);

        assertThat(sketch.otherCount()).isPositive();
        assertThat(held(sketch.distinctSample())).containsExactlyEntriesOf(smallestHashes(DistinctSample.CAPACITY, values));
    }

    @Test
    void withinItsKTheSampleIsTheNamesBottomK() {
        CategoricalSketch sketch = sketchOf(100, "b", "a", "b", "c", "b");

        DistinctSample sample = sketch.distinctSample();

        assertThat(sample.isComplete()).isTrue();
        assertThat(held(sample)).containsExactlyEntriesOf(smallestHashes(DistinctSample.CAPACITY, "b", "a", "b", "c", "b"));
        assertThat(sketch.estimatedHeapBytes()).as("no sample kept").isLessThan(1_000);
    }

    @Test
    void mergedSketchesSampleTheUnionInAnyOrder() {
        Random random = new Random(8);
        List<String[]> parts = new ArrayList<>();
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            // Parts within K (a few categories) and past it, the same categories spread over several parts.
            String[] part = i % 3 == 0 ? ManyCategories.UNIFORM.sample("c", 50, 300, random)
                    : ManyCategories.ZIPF.sample("c", 5_000, 4_000, random);
            parts.add(part);
            all.addAll(List.of(part));
        }
        Map<Long, Long> expected = smallestHashes(DistinctSample.CAPACITY, all.toArray(String[]::new));
        for (int shuffle = 0; shuffle < 4; shuffle++) {
            Collections.shuffle(parts, new Random(shuffle));
            CategoricalSketch merged = new CategoricalSketch();
            for (String[] part : parts) {
                merged.merge(sketchOf(100, part));
            }
            assertThat(held(merged.distinctSample())).as("shuffle %d", shuffle).containsExactlyEntriesOf(expected);
            assertThat(merged.count()).isEqualTo(all.size());
        }
    }

    @Test
    void aSketchPastItsKWithoutASampleKeepsItUnknownThroughAddsAndMerges() {
        CategoricalSketch unknown = CategoricalSketch.of(2, Map.of("a", 5L, "b", 1L), 4, 0, 0);
        unknown.add("c");
        CategoricalSketch sampled = sketchOf(2, "a", "b", "c", "d");

        sampled.merge(unknown);

        assertThat(unknown.distinctSample()).isNull();
        assertThat(sampled.distinctSample()).as("what the unknown one holds in 'other' has no hashes").isNull();
        assertThat(sampled.count()).isEqualTo(15);
    }

    @Test
    void rebuildsWithItsSampleAndRefusesOneThatContradictsTheCounts() {
        CategoricalSketch original = sketchOf(2, "a", "a", "b", "c", "d", "d", "d");
        DistinctSample sample = original.distinctSample();

        CategoricalSketch rebuilt = CategoricalSketch.of(2, original.counts(), original.otherCount(), 0, 0, sample);

        assertThat(held(rebuilt.distinctSample())).isEqualTo(held(sample));
        assertThatThrownBy(() -> CategoricalSketch.of(2, original.counts(), original.otherCount() + 1, 0, 0, sample))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("its sample holds 7 of its 8 values, though it holds every category");
        assertThatThrownBy(() -> CategoricalSketch.of(5, Map.of("a", 2L), 0, 0, 0, sample))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a sample beside names that hold every value");
        DistinctSample fewerA = DistinctSample.of(1, new long[] {DistinctSample.hashOf("a")}, new long[] {1});
        assertThatThrownBy(() -> CategoricalSketch.of(2, Map.of("a", 2L), 1, 0, 0, fewerA))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("category 'a' has count 2 but 1 in its sample");
    }

    @Test
    void itsHeapStaysBoundedHoweverManyCategoriesPass() {
        CategoricalSketch sketch = new CategoricalSketch();
        for (int i = 0; i < 1_000_000; i++) {
            sketch.add("merchant-" + i);
        }

        // K short names (about 64 bytes each with their strings), the map, and a full sample (8 KiB).
        assertThat(sketch.estimatedHeapBytes()).isBetween(16L * 1024, 22L * 1024);
    }

    /** The cost docs/configuration.md states for features.max-categories: 22 KiB at 100, 150 KiB at 1 000. */
    @Test
    void pastKItsHeapGrowsByAbout150BytesPerCategory() {
        for (int k : new int[] {100, 1_000}) {
            CategoricalSketch sketch = new CategoricalSketch(k);
            for (int i = 0; i < 200_000; i++) {
                sketch.add(String.format("category-%06d", i)); // 15 characters
            }

            assertThat(sketch.estimatedHeapBytes()).as("K = %d", k).isBetween(20L * 1024 + 147 * (k - 100), 23L * 1024 + 150 * (k - 100));
        }
    }

    @Test
    void addingAKnownCategoryAllocatesNothingAndANewOnePastKOnlyItsMapEntry() {
        String[] values = ManyCategories.ZIPF.sample("c", 50_000, 200_000, new Random(9));
        CategoricalSketch sketch = sketchOf(100, values);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

        long named = 0;
        long before = threads.getCurrentThreadAllocatedBytes();
        for (String v : values) {
            named += sketch.count(v) == 0 ? 1 : 0;
            sketch.add(v);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        // A HashMap node is 32 bytes; a slot past 127 would add its boxed index.
        assertThat(named).as("values that took a slot").isPositive();
        assertThat(allocated).as("bytes over %d values, %d of them new names", values.length, named)
                .isLessThan(1_000 + 32 * named);
    }

    private static Map<Long, Long> smallestHashes(int k, String... values) {
        TreeMap<Long, Long> byHash = new TreeMap<>();
        for (String v : values) {
            byHash.merge(DistinctSample.hashOf(v), 1L, Long::sum);
        }
        Map<Long, Long> smallest = new LinkedHashMap<>();
        byHash.entrySet().stream().limit(k).forEach(e -> smallest.put(e.getKey(), e.getValue()));
        return smallest;
    }

    private static Map<Long, Long> held(DistinctSample sample) {
        Map<Long, Long> held = new LinkedHashMap<>();
        for (int i = 0; i < sample.size(); i++) {
            held.put(sample.hash(i), sample.count(i));
        }
        return held;
    }

    static CategoricalSketch sketchOf(int maxDistinct, String... values) {
        CategoricalSketch sketch = new CategoricalSketch(maxDistinct);
        for (String v : values) {
            sketch.add(v);
        }
        return sketch;
    }
}
