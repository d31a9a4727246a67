package io.plumbline.detectors.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.plumbline.detectors.compare.CategoricalComparison;
import io.plumbline.detectors.compare.NumericComparison;
import io.plumbline.detectors.compare.ProfileComparator;
import io.plumbline.detectors.sketch.CategoricalSketch;
import io.plumbline.detectors.sketch.DistinctSample;
import io.plumbline.detectors.sketch.FeatureType;
import io.plumbline.detectors.sketch.FeatureTypes;
import io.plumbline.detectors.sketch.ModelProfile;
import io.plumbline.detectors.sketch.NumericSketch;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ProfileFormatTest {

    @Test
    void aProfileRoundTripsWithEveryStatisticIntact() {
        ModelProfile original = SampleProfiles.everyForm();

        byte[] bytes = ProfileFormat.write(original);
        ModelProfile read = ProfileFormat.read(bytes);

        assertThat(ProfileFormat.write(read)).isEqualTo(bytes);
        assertThat(read.events()).isEqualTo(original.events());
        assertThat(read.features().keySet()).isEqualTo(original.features().keySet());
        assertThat(read.untypedMissing()).isEqualTo(original.untypedMissing());
        assertThat(read.untypedPredictionMissing()).isEqualTo(original.untypedPredictionMissing());
        ProfileComparator.compare(original, read).features().forEach((name, c) -> {
            assertThat(c.counts().nBaseline()).as(name).isEqualTo(c.counts().nCurrent());
            if (c instanceof NumericComparison n) {
                assertThat(n.ks().statistic()).as(name).isZero();
                assertThat(n.psi().value()).as(name).isZero();
            } else {
                assertThat(((CategoricalComparison) c).chi2().maxShareChange()).as(name).isZero();
            }
        });
        NumericSketch income = (NumericSketch) read.feature("income");
        NumericSketch originalIncome = (NumericSketch) original.feature("income");
        assertThat(income.isExact()).isFalse();
        assertThat(income.mean()).isEqualTo(originalIncome.mean());
        assertThat(income.variance()).isEqualTo(originalIncome.variance());
        assertThat(income.quantile(0.99)).isEqualTo(originalIncome.quantile(0.99));
        assertThat(income.missing()).isEqualTo(originalIncome.missing());
        CategoricalSketch country = (CategoricalSketch) read.feature("country");
        assertThat(country.counts()).isEqualTo(((CategoricalSketch) original.feature("country")).counts());
        assertThat(country.otherCount()).isEqualTo(((CategoricalSketch) original.feature("country")).otherCount());
        assertThat(country.maxDistinct()).isEqualTo(3);
        CategoricalSketch originalCountry = (CategoricalSketch) original.feature("country");
        assertThat(country.counts().keySet()).as("a name taken past K keeps its bound on values it missed")
                .anySatisfy(name -> assertThat(originalCountry.uncounted(name)).isPositive())
                .allSatisfy(name -> assertThat(country.uncounted(name)).isEqualTo(originalCountry.uncounted(name)));
    }

    @Test
    void anEmptyProfileRoundTrips() {
        ModelProfile read = ProfileFormat.read(ProfileFormat.write(new ModelProfile()));

        assertThat(read.events()).isZero();
        assertThat(read.features()).isEmpty();
        assertThat(read.prediction()).isNull();
    }

    @Test
    void closedSketchesStayWithinFourKibibytesOnceDigested() {
        ModelProfile profile = SampleProfiles.everyForm();
        NumericSketch income = (NumericSketch) profile.feature("income");

        ModelProfile alone = new ModelProfile();
        alone.numericFeature("income").merge(income);

        assertThat(ProfileFormat.write(alone).length).isLessThan(4 * 1024);
    }

    @Test
    void featureTypesRoundTrip() {
        FeatureTypes types = new FeatureTypes(2);
        types.resolve("b", FeatureType.CATEGORICAL);
        types.resolve("a", FeatureType.NUMERIC);
        types.resolve("c", FeatureType.NUMERIC);
        types.predictionType(FeatureType.NUMERIC);

        FeatureTypes read = ProfileFormat.readTypes(ProfileFormat.writeTypes(types));

        assertThat(read.types()).containsExactly(entry("a", FeatureType.NUMERIC), entry("b", FeatureType.CATEGORICAL));
        assertThat(read.predictionType()).isEqualTo(FeatureType.NUMERIC);
        assertThat(read.maxFeatures()).isEqualTo(2);
        assertThat(read.droppedFeatureValues()).isEqualTo(1);
        assertThat(ProfileFormat.readTypes(ProfileFormat.writeTypes(new FeatureTypes())).predictionType()).isNull();
    }

    @Test
    void refusesBytesWithoutTheMagic() {
        byte[] types = ProfileFormat.writeTypes(new FeatureTypes());
        byte[] text = "{\"events\": 1}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> ProfileFormat.read(types)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a model profile: expected magic bytes 50 4C 4D 50 (\"PLMP\"), found 50 4C 4D 54 (\"PLMT\", the magic of feature types)");
        assertThatThrownBy(() -> ProfileFormat.readTypes(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not feature types: expected magic bytes 50 4C 4D 54 (\"PLMT\"), found 7B 22 65 76");
        assertThatThrownBy(() -> ProfileFormat.read(new byte[] {'P', 'L'})).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a model profile: 2 bytes, too short for the 5-byte header (\"PLMP\" and a version)");
    }

    @Test
    void refusesVersionsItDoesNotKnow() {
        byte[] bytes = ProfileFormat.write(new ModelProfile());
        bytes[4] = 5;
        byte[] types = ProfileFormat.writeTypes(new FeatureTypes());
        types[4] = 0;

        assertThatThrownBy(() -> ProfileFormat.read(bytes)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unsupported model profile format version 5: this reader knows versions 1 to 4");
        assertThatThrownBy(() -> ProfileFormat.readTypes(types)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unsupported feature types format version 0: this reader knows versions 1 to 3");
    }

    @Test
    void refusesFeatureTypeFlagsItDoesNotKnow() {
        FeatureTypes authoritative = new FeatureTypes();
        authoritative.makeAuthoritative();
        byte[] types = ProfileFormat.writeTypes(authoritative);
        types[types.length - 1] = 3;

        assertThatThrownBy(() -> ProfileFormat.readTypes(types)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown feature-types flags 11");
    }

    @Test
    void refusesTruncatedAndOverlongInput() {
        byte[] bytes = ProfileFormat.write(SampleProfiles.everyForm());

        for (int length : new int[] {5, 6, 40, bytes.length / 2, bytes.length - 1}) {
            assertThatThrownBy(() -> ProfileFormat.read(Arrays.copyOf(bytes, length)))
                    .as("cut at %d", length)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("corrupt model profile: ");
        }
        assertThatThrownBy(() -> ProfileFormat.read(Arrays.copyOf(bytes, bytes.length + 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("corrupt model profile: 3 unexpected bytes after the end, at offset " + bytes.length);
    }

    @Test
    void namesTheFeatureWhoseSketchIsCorrupt() {
        ModelProfile profile = new ModelProfile();
        NumericSketch age = profile.numericFeature("age");
        age.add(1);
        age.add(2);
        byte[] bytes = ProfileFormat.write(profile);
        // The last value (2.0) sits just before the untyped-missing and prediction bytes; make it 0.5.
        int lastValue = bytes.length - 3 - 8;
        byte[] half = new byte[] {0x3F, (byte) 0xE0, 0, 0, 0, 0, 0, 0};
        System.arraycopy(half, 0, bytes, lastValue, 8);

        assertThatThrownBy(() -> ProfileFormat.read(bytes)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("corrupt model profile: feature 'age': invalid numeric sketch: exact values are not sorted at index 1");
    }

    @Test
    void categoricalSketchesRoundTripWithTheirSamples() {
        ModelProfile original = SampleProfiles.everyForm();

        ModelProfile read = ProfileFormat.read(ProfileFormat.write(original));

        for (String name : new String[] {"merchant", "country"}) {
            DistinctSample written = ((CategoricalSketch) original.feature(name)).distinctSample();
            DistinctSample back = ((CategoricalSketch) read.feature(name)).distinctSample();
            assertThat(back.capacity()).as(name).isEqualTo(written.capacity());
            assertThat(back.size()).as(name).isEqualTo(written.size());
            for (int i = 0; i < back.size(); i++) {
                assertThat(back.hash(i)).as(name).isEqualTo(written.hash(i));
                assertThat(back.count(i)).as(name).isEqualTo(written.count(i));
            }
        }
        CategoricalSketch merchant = (CategoricalSketch) read.feature("merchant");
        merchant.add("m-new");
        assertThat(merchant.distinctSample().size()).as("a read sample goes on counting").isEqualTo(DistinctSample.CAPACITY);
    }

    @Test
    void aSketchWithinItsKWritesNoSampleAndDerivesItFromItsNames() {
        ModelProfile profile = new ModelProfile();
        CategoricalSketch plan = profile.categoricalFeature("plan");
        plan.add("free");
        plan.add("pro");
        plan.add("free");
        byte[] bytes = ProfileFormat.write(profile);

        CategoricalSketch read = (CategoricalSketch) ProfileFormat.read(bytes).feature("plan");

        // Its last byte before the untyped-missing and prediction bytes says "no sample".
        assertThat(bytes[bytes.length - 4]).isZero();
        assertThat(read.distinctSample().countOf(DistinctSample.hashOf("free"))).isEqualTo(2);
        assertThat(read.distinctSample().isComplete()).isTrue();
    }

    @Test
    void refusesACorruptSampleNamingTheFeature() {
        // 200 categories of one value each: 100 named, the sample holds all 200, 9 bytes each, last.
        ModelProfile profile = new ModelProfile();
        for (int i = 0; i < 200; i++) {
            profile.categoricalFeature("merchant").add("m" + i);
        }
        byte[] bytes = ProfileFormat.write(profile);
        int lastEntry = bytes.length - 3 - 9;
        int form = lastEntry - 199 * 9 - 2 - 2 - 1;
        assertThat(bytes[form]).isEqualTo((byte) 1);

        byte[] repeated = bytes.clone();
        System.arraycopy(bytes, lastEntry - 9, repeated, lastEntry, 8);
        byte[] counted = bytes.clone();
        counted[lastEntry + 8] = 2;
        byte[] capacity = bytes.clone();
        capacity[form + 1] = (byte) 0x81;
        byte[] unknown = bytes.clone();
        unknown[form] = 7;

        assertThatThrownBy(() -> ProfileFormat.read(repeated)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("corrupt model profile: feature 'merchant': invalid distinct sample: "
                        + "hashes are not ascending and distinct at index 199");
        assertThatThrownBy(() -> ProfileFormat.read(counted)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("corrupt model profile: feature 'merchant': invalid categorical sketch: "
                        + "its sample holds 201 of its 200 values, though it holds every category");
        assertThatThrownBy(() -> ProfileFormat.read(capacity)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("corrupt model profile: distinct sample capacity 513 of feature 'merchant' is outside 1 to 512");
        assertThatThrownBy(() -> ProfileFormat.read(unknown)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("corrupt model profile: unknown distinct sample form 7 for feature 'merchant' at offset " + form);
    }
}
