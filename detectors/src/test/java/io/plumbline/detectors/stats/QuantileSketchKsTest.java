package io.plumbline.detectors.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.plumbline.detectors.sketch.QuantileSketch;
import java.util.Random;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;

class QuantileSketchKsTest {

    private static QuantileSketch sketch(double[] values) {
        QuantileSketch sketch = new QuantileSketch();
        for (double v : values) {
            sketch.add(v);
        }
        return sketch;
    }

    @Test
    void exactSketchesGiveTheSampleStatisticAndTheExactPValue() {
        Random random = new Random(7);
        double[] a = new double[60];
        double[] b = new double[80];
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.exp(random.nextGaussian());
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = Math.exp(random.nextGaussian() + 0.5);
        }
        KolmogorovSmirnovTest reference = new KolmogorovSmirnovTest();
        double d = reference.kolmogorovSmirnovStatistic(a, b);

        KsResult result = QuantileSketchKs.test(sketch(a), sketch(b));

        assertThat(result.statistic()).isCloseTo(d, within(1e-12));
        assertThat(result.pValue()).isCloseTo(reference.exactP(d, 60, 80, false), within(1e-12));
        assertThat(result.n()).isEqualTo(60);
        assertThat(result.m()).isEqualTo(80);
    }

    @Test
    void disjointSamplesAreAsFarApartAsPossible() {
        KsResult result = QuantileSketchKs.test(sketch(new double[] {1, 2, 3}), sketch(new double[] {4, 5, 6, 7}));

        assertThat(result.statistic()).isEqualTo(1.0);
        // 1 of the C(7,3) = 35 splits is as extreme.
        assertThat(result.pValue()).isCloseTo(2.0 / 35, within(1e-9));
    }

    @Test
    void anEmptySideHasNoTest() {
        KsResult result = QuantileSketchKs.test(new QuantileSketch(), sketch(new double[] {1, 2}));

        assertThat(result.statistic()).isNaN();
        assertThat(result.pValue()).isNaN();
        assertThat(result.m()).isEqualTo(2);
    }
}
