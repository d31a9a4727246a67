package io.plumbline.detectors.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import io.plumbline.detectors.compare.CategoricalComparison;
import io.plumbline.detectors.compare.NumericComparison;
import io.plumbline.detectors.compare.ProfileComparator;
import io.plumbline.detectors.compare.ProfileComparison;
import io.plumbline.detectors.sketch.CategoricalSketch;
import io.plumbline.detectors.sketch.DistinctSample;
import io.plumbline.detectors.sketch.FeatureType;
import io.plumbline.detectors.sketch.FeatureTypes;
import io.plumbline.detectors.sketch.ModelProfile;
import io.plumbline.detectors.sketch.NumericSketch;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Files of every format version, written by {@link GoldenFileGenerator} and committed: every later reader must read them. */
class GoldenFilesTest {

    @Test
    void readsTheVersionOneProfile() {
        ModelProfile profile = ProfileFormat.read(GoldenFiles.read(GoldenFiles.PROFILE_V1));

        assertThat(profile.events()).isEqualTo(20_000);
        assertThat(profile.features().keySet()).containsExactly("age", "clicks", "country", "income");
        assertThat(profile.untypedMissing()).containsExactly(entry("zip", 20_000L));

        NumericSketch age = (NumericSketch) profile.feature("age");
        assertThat(age.isExact()).isTrue();
        assertThat(age.count()).isEqualTo(2_000);
        assertThat(age.missing()).isEqualTo(18_000);
        assertThat(age.mean()).isCloseTo(40.4337, within(1e-9));
        assertThat(age.min()).isEqualTo(1.1);
        assertThat(age.max()).isEqualTo(81.8);
        assertThat(age.quantile(0.5)).isEqualTo(40.7);
        assertThat(age.quantile(0.9)).isEqualTo(56.0);

        NumericSketch clicks = (NumericSketch) profile.feature("clicks");
        assertThat(clicks.isExact()).isTrue();
        assertThat(clicks.cdf(2)).isEqualTo(13_182 / 20_000.0);

        NumericSketch income = (NumericSketch) profile.feature("income");
        assertThat(income.isExact()).isFalse();
        assertThat(income.count()).isEqualTo(20_000);
        assertThat(income.typeMismatches()).isEqualTo(1);
        assertThat(income.cdf(0)).as("the tied zeros stay counted exactly").isEqualTo(7_848 / 20_000.0);
        assertThat(income.quantile(0.99)).isCloseTo(87_910.45352101573, within(1e-6));
        assertThat(income.mean()).isCloseTo(20_675.3482653625, within(1e-6));
        income.add(1e9);
        assertThat(income.cdf(1e9 - 1)).as("a version 1 digest goes on counting, new extremes beside it")
                .isEqualTo(20_000 / 20_001.0);

        CategoricalSketch country = (CategoricalSketch) profile.feature("country");
        assertThat(country.maxDistinct()).isEqualTo(3);
        assertThat(country.counts()).containsExactly(entry("BE", 1_889L), entry("DE", 5_888L), entry("NL", 7_621L));
        assertThat(country.otherCount()).isEqualTo(4_602);

        assertThat(profile.prediction().count()).isEqualTo(19_800);
        assertThat(profile.prediction().missing()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {GoldenFiles.PROFILE, GoldenFiles.PROFILE_V3})
    void theVersionFourAndThreeProfilesEqualAFreshlyBuiltOne(String file) {
        ModelProfile golden = ProfileFormat.read(GoldenFiles.read(file));

        ProfileComparison comparison = ProfileComparator.compare(golden, SampleProfiles.everyForm());

        assertThat(comparison.features()).containsKey("merchant");
        comparison.features().forEach((name, c) -> {
            assertThat(c.counts().nBaseline()).as(name).isEqualTo(c.counts().nCurrent());
            if (c instanceof NumericComparison n) {
                assertThat(n.psi().value()).as(name).isZero();
                assertThat(n.ks().statistic()).as(name).isZero();
            } else {
                CategoricalComparison k = (CategoricalComparison) c;
                assertThat(k.psi()).as(name).isZero();
                assertThat(k.chi2().maxShareChange()).as(name).isZero();
                assertThat(k.newCategory().value()).as(name).isZero();
                assertThat(k.newCategory().pValue()).as(name).isEqualTo(1);
            }
        });
        assertThat(((NumericComparison) comparison.prediction()).ks().statistic()).isZero();
    }

    /** Past K, version 4 names the heaviest categories, each with its bound on the values it may have missed. */
    @Test
    void readsTheVersionFourProfileWithItsUncountedValues() {
        ModelProfile profile = ProfileFormat.read(GoldenFiles.read(GoldenFiles.PROFILE));
        Map<String, Long> values = Arrays.stream(SampleProfiles.merchants())
                .collect(Collectors.groupingBy(name -> name, Collectors.counting()));

        CategoricalSketch merchant = (CategoricalSketch) profile.feature("merchant");
        assertThat(merchant.counts()).hasSize(100);
        assertThat(merchant.counts().keySet()).anySatisfy(name -> assertThat(merchant.uncounted(name)).isPositive());
        merchant.counts().forEach((name, count) -> {
            assertThat(count).as(name).isLessThanOrEqualTo(values.get(name));
            assertThat(count + merchant.uncounted(name)).as(name).isGreaterThanOrEqualTo(values.get(name));
        });
        CategoricalSketch country = (CategoricalSketch) profile.feature("country");
        assertThat(country.counts()).containsKeys("NL", "DE");
        assertThat(country.count("NL")).isEqualTo(7_621);
        assertThat(country.countsExactly("NL")).isTrue();
    }

    @Test
    void readsTheVersionThreeProfileWithItsSamplesOfDistinctCategories() {
        ModelProfile profile = ProfileFormat.read(GoldenFiles.read(GoldenFiles.PROFILE_V3));
        Map<String, Long> values = Arrays.stream(SampleProfiles.merchants())
                .collect(Collectors.groupingBy(name -> name, Collectors.counting()));
        // The 512 smallest hashes of the categories seen, from their names: this file pins the hash function.
        TreeMap<Long, Long> byHash = new TreeMap<>();
        values.forEach((name, count) -> byHash.put(DistinctSample.hashOf(name), count));
        Map<Long, Long> expected = new LinkedHashMap<>();
        byHash.entrySet().stream().limit(512).forEach(e -> expected.put(e.getKey(), e.getValue()));

        CategoricalSketch merchant = (CategoricalSketch) profile.feature("merchant");
        DistinctSample sample = merchant.distinctSample();
        assertThat(merchant.otherCount()).isPositive();
        assertThat(sample.capacity()).isEqualTo(512);
        assertThat(sample.isComplete()).as("%d categories", values.size()).isFalse();
        Map<Long, Long> held = new LinkedHashMap<>();
        for (int i = 0; i < sample.size(); i++) {
            held.put(sample.hash(i), sample.count(i));
        }
        assertThat(held).containsExactlyEntriesOf(expected);

        CategoricalSketch country = (CategoricalSketch) profile.feature("country");
        DistinctSample countries = country.distinctSample();
        assertThat(countries.isComplete()).isTrue();
        assertThat(countries.size()).isEqualTo(5);
        assertThat(countries.values()).isEqualTo(country.count());
        assertThat(countries.countOf(DistinctSample.hashOf("NL"))).isEqualTo(country.count("NL")).isEqualTo(7_621);
        assertThat(country.counts().keySet()).as("a version 3 sketch named each category from its first value")
                .allSatisfy(name -> assertThat(country.countsExactly(name)).isTrue());
    }

    @Test
    void aVersionTwoCategoricalSketchPastItsKHasNoSampleAndCannotJudgeNewCategories() {
        ModelProfile golden = ProfileFormat.read(GoldenFiles.read(GoldenFiles.PROFILE_V2));
        CategoricalSketch country = (CategoricalSketch) golden.feature("country");

        assertThat(country.otherCount()).isEqualTo(4_602);
        assertThat(country.distinctSample()).isNull();
        CategoricalComparison compared = (CategoricalComparison) ProfileComparator.compare(golden,
                SampleProfiles.versionTwoForms()).features().get("country");
        assertThat(compared.newCategory().value())
                .as("only the current's names the baseline lacks, which may hide in its other").isLessThan(0.001);
        assertThat(compared.newCategory().pValue()).isNaN();
    }

    @Test
    void theVersionTwoProfileEqualsAFreshlyBuiltOne() {
        ModelProfile golden = ProfileFormat.read(GoldenFiles.read(GoldenFiles.PROFILE_V2));

        ProfileComparison comparison = ProfileComparator.compare(golden, SampleProfiles.versionTwoForms());

        comparison.features().forEach((name, c) -> {
            assertThat(c.counts().nBaseline()).as(name).isEqualTo(c.counts().nCurrent());
            if (c instanceof NumericComparison n) {
                assertThat(n.psi().value()).as(name).isZero();
                assertThat(n.ks().statistic()).as(name).isZero();
            } else {
                CategoricalComparison k = (CategoricalComparison) c;
                assertThat(k.psi()).as(name).isZero();
                assertThat(k.chi2().maxShareChange()).as(name).isZero();
            }
        });
        assertThat(((NumericComparison) comparison.prediction()).ks().statistic()).isZero();
    }

    @Test
    void theVersionOneProfileMatchesAFreshlyBuiltOneWithinTheDigestsError() {
        // Version 1 digests also held the extremes, so their centroids differ from today's; exact forms are equal.
        ModelProfile golden = ProfileFormat.read(GoldenFiles.read(GoldenFiles.PROFILE_V1));

        ProfileComparison comparison = ProfileComparator.compare(golden, SampleProfiles.versionTwoForms());

        comparison.features().forEach((name, c) -> {
            assertThat(c.counts().nBaseline()).as(name).isEqualTo(c.counts().nCurrent());
            if (c instanceof NumericComparison n) {
                double tolerance = ((NumericSketch) golden.feature(name)).isExact() ? 0 : 0.005;
                assertThat(n.ks().statistic()).as(name).isLessThanOrEqualTo(tolerance);
                assertThat(n.psi().value()).as(name).isLessThanOrEqualTo(tolerance);
            }
        });
        assertThat(((NumericComparison) comparison.prediction()).ks().statistic()).isLessThanOrEqualTo(0.005);
    }

    @Test
    void todaysWriterWritesTheCurrentVersionsByteForByte() {
        assertThat(ProfileFormat.write(SampleProfiles.everyForm())).isEqualTo(GoldenFiles.read(GoldenFiles.PROFILE));
        assertThat(ProfileFormat.writeTypes(GoldenFileGenerator.sampleTypes())).isEqualTo(GoldenFiles.read(GoldenFiles.TYPES));
        assertThat(ProfileFormat.writeTypes(GoldenFileGenerator.authoritativeTypes()))
                .isEqualTo(GoldenFiles.read(GoldenFiles.TYPES_AUTHORITATIVE));
    }

    /** Types with no evidence to keep are written at the version they were read in, byte for byte. */
    @Test
    void typesWithoutEvidenceAreStillWrittenAtVersionsOneAndTwo() {
        for (String golden : List.of(GoldenFiles.TYPES_V1, GoldenFiles.TYPES_AUTHORITATIVE)) {
            byte[] bytes = GoldenFiles.read(golden);
            assertThat(ProfileFormat.writeTypes(ProfileFormat.readTypes(bytes))).as(golden).isEqualTo(bytes);
        }
    }

    /**
     * The evidence for a rebalance survives a state backend that writes the types back after every event: the
     * candidate, the values dropped and the events counted since the last one.
     */
    @Test
    void readsTheVersionThreeFeatureTypesWithTheirEvidence() {
        FeatureTypes types = ProfileFormat.readTypes(GoldenFiles.read(GoldenFiles.TYPES));

        assertThat(types.types()).containsOnlyKeys("clicks", "country", "income", "plan");
        assertThat(types.candidates()).containsExactly(
                entry("late-feature", new FeatureTypes.Candidate(FeatureType.NUMERIC, 1)));
        assertThat(types.droppedSinceRebalance()).isEqualTo(1);
        assertThat(types.eventsSinceRebalance()).isEqualTo(3);
        assertThat(types.isAuthoritative()).isFalse();
    }

    /** A restored key of a published reference still admits no other feature: the flag is in the bytes. */
    @Test
    void readsTheVersionTwoAuthoritativeFeatureTypes() {
        FeatureTypes types = ProfileFormat.readTypes(GoldenFiles.read(GoldenFiles.TYPES_AUTHORITATIVE));

        assertThat(types.isAuthoritative()).isTrue();
        assertThat(types.types()).containsOnlyKeys("clicks", "country", "income", "plan");
        assertThat(types.mayType("surprise")).isFalse();
        assertThat(ProfileFormat.readTypes(GoldenFiles.read(GoldenFiles.TYPES_V1)).isAuthoritative()).isFalse();
    }

    @Test
    void readsTheVersionTwoProfileWithItsExtremes() {
        ModelProfile profile = ProfileFormat.read(GoldenFiles.read(GoldenFiles.PROFILE_V2));

        NumericSketch income = (NumericSketch) profile.feature("income");
        NumericSketch.State state = income.state();
        assertThat(state.extremeValues()).hasSize(20).isSorted();
        assertThat(state.extremeValues()[0]).as("the smallest non-zero income").isGreaterThan(0);
        assertThat(state.extremeValues()[19]).isEqualTo(income.max());
        assertThat(income.cdf(0)).as("the tied zeros stay counted exactly").isEqualTo(7_848 / 20_000.0);
    }

    @Test
    void readsTheVersionOneFeatureTypes() {
        FeatureTypes types = ProfileFormat.readTypes(GoldenFiles.read(GoldenFiles.TYPES_V1));

        assertThat(types.types()).containsExactly(entry("clicks", FeatureType.NUMERIC), entry("country", FeatureType.CATEGORICAL),
                entry("income", FeatureType.NUMERIC), entry("plan", FeatureType.CATEGORICAL));
        assertThat(types.maxFeatures()).isEqualTo(4);
        assertThat(types.droppedFeatureValues()).isEqualTo(1);
        assertThat(types.predictionType()).isEqualTo(FeatureType.CATEGORICAL);
    }
}
