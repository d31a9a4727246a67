package io.plumbline.detectors.sketch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
    void categoriesPastTheLimitGoToOther() {
        CategoricalSketch sketch = sketchOf(3, "a", "b", "c", "d", "e", "a", "d");

        assertThat(sketch.counts()).containsOnlyKeys("a", "b", "c");
        assertThat(sketch.count("a")).isEqualTo(2);
        assertThat(sketch.count("d")).isZero();
        assertThat(sketch.otherCount()).isEqualTo(3);
        assertThat(sketch.count()).isEqualTo(7);
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

    static CategoricalSketch sketchOf(int maxDistinct, String... values) {
        CategoricalSketch sketch = new CategoricalSketch(maxDistinct);
        for (String v : values) {
            sketch.add(v);
        }
        return sketch;
    }
}
