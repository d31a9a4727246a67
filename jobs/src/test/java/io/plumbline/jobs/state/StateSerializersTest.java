package io.plumbline.jobs.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import io.plumbline.alerts.lifecycle.AlertBook;
import io.plumbline.detectors.format.ProfileFormat;
import io.plumbline.detectors.sketch.FeatureType;
import io.plumbline.detectors.sketch.FeatureTypes;
import io.plumbline.detectors.sketch.ModelProfile;
import io.plumbline.jobs.drift.Baseline;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.testutils.DeeplyEqualsChecker;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The keyed state of the drift function. Profiles and feature types have no equals: two are the
 * same when their ProfileFormat bytes are, which is also all a checkpoint keeps of them.
 */
class StateSerializersTest {

    static ModelProfile[] profiles() {
        ModelProfile empty = new ModelProfile();

        ModelProfile small = new ModelProfile();
        small.countEvent();
        small.numericFeature("income").add(52_000.5);
        small.categoricalFeature("region").add("eu-west");
        small.addMissing("age");            // untyped: no sketch yet
        small.numericPrediction().add(0.12);

        Random random = new Random(42);
        ModelProfile large = new ModelProfile(); // past the numeric sketch's exact capacity: a digest
        for (int i = 0; i < 10_000; i++) {
            large.countEvent();
            large.numericFeature("x").add(random.nextGaussian());
            large.numericFeature("tied").add(random.nextInt(5));
            large.categoricalFeature("c").add("c" + random.nextInt(150)); // past K = 100: "other"
            if (i % 10 == 0) {
                large.addMissing("x");
                large.numericFeature("tied").addTypeMismatch();
            }
            large.categoricalPrediction().add(random.nextBoolean() ? "yes" : "no");
        }
        large.addMissingPrediction();
        return new ModelProfile[] {empty, small, large};
    }

    /** Profiles and types compare by their format's bytes; baselines by those and their bounds. */
    static final DeeplyEqualsChecker SAME_BYTES = new DeeplyEqualsChecker()
            .withCustomCheck((a, b) -> a instanceof ModelProfile && b instanceof ModelProfile,
                    (a, b, checker) -> Arrays.equals(bytes((ModelProfile) a), bytes((ModelProfile) b)))
            .withCustomCheck((a, b) -> a instanceof FeatureTypes && b instanceof FeatureTypes,
                    (a, b, checker) -> Arrays.equals(ProfileFormat.writeTypes((FeatureTypes) a),
                            ProfileFormat.writeTypes((FeatureTypes) b)))
            .withCustomCheck((a, b) -> a instanceof Baseline && b instanceof Baseline,
                    (a, b, checker) -> ((Baseline) a).windowStart() == ((Baseline) b).windowStart()
                            && ((Baseline) a).windowEnd() == ((Baseline) b).windowEnd()
                            && checker.deepEquals(((Baseline) a).profile(), ((Baseline) b).profile()));

    /**
     * Writing a profile merges its digests' buffers, and testDuplicate compares from several threads
     * at once: lock as the serializer does.
     */
    private static byte[] bytes(ModelProfile p) {
        synchronized (p) {
            return ProfileFormat.write(p);
        }
    }

    @Nested
    class ModelProfiles extends SerializerTestBase<ModelProfile> {

        ModelProfiles() {
            super(SAME_BYTES);
        }

        @Override
        protected TypeSerializer<ModelProfile> createSerializer() {
            return new ModelProfileSerializer();
        }

        @Override
        protected int getLength() {
            return -1;
        }

        @Override
        protected Class<ModelProfile> getTypeClass() {
            return ModelProfile.class;
        }

        @Override
        protected ModelProfile[] getTestData() {
            return profiles();
        }

    }

    @Nested
    class FeatureTypesState extends SerializerTestBase<FeatureTypes> {

        FeatureTypesState() {
            super(SAME_BYTES);
        }

        @Override
        protected TypeSerializer<FeatureTypes> createSerializer() {
            return new FeatureTypesSerializer();
        }

        @Override
        protected int getLength() {
            return -1;
        }

        @Override
        protected Class<FeatureTypes> getTypeClass() {
            return FeatureTypes.class;
        }

        @Override
        protected FeatureTypes[] getTestData() {
            FeatureTypes full = new FeatureTypes(2);
            full.resolve("income", FeatureType.NUMERIC);
            full.resolve("region", FeatureType.CATEGORICAL);
            full.resolve("one-too-many", FeatureType.NUMERIC); // dropped, and counted
            full.predictionType(FeatureType.CATEGORICAL);
            return new FeatureTypes[] {new FeatureTypes(1000), full};
        }

    }

    @Nested
    class AlertBooks extends SerializerTestBase<AlertBook> {

        @Override
        protected TypeSerializer<AlertBook> createSerializer() {
            return new AlertBookSerializer();
        }

        @Override
        protected int getLength() {
            return -1;
        }

        @Override
        protected Class<AlertBook> getTypeClass() {
            return AlertBook.class;
        }

        @Override
        protected AlertBook[] getTestData() {
            AlertBook firing = new AlertBook();
            firing.observe(Map.of("alertname", "ks", "feature", "income"), true, 1_735_689_600_000L);
            firing.observe(Map.of("alertname", "drift_share"), true, 1_735_689_610_000L);
            return new AlertBook[] {new AlertBook(), firing};
        }
    }

    @Nested
    class Baselines extends SerializerTestBase<Baseline> {

        Baselines() {
            super(SAME_BYTES);
        }

        @Override
        protected TypeSerializer<Baseline> createSerializer() {
            return new BaselineSerializer();
        }

        @Override
        protected int getLength() {
            return -1;
        }

        @Override
        protected Class<Baseline> getTypeClass() {
            return Baseline.class;
        }

        @Override
        protected boolean allowNullInstances(TypeSerializer<Baseline> serializer) {
            return true;
        }

        @Override
        protected Baseline[] getTestData() {
            return Arrays.stream(profiles())
                    .map(p -> new Baseline(p, 1_735_689_600_000L, 1_735_689_610_000L))
                    .toArray(Baseline[]::new);
        }

    }

    /**
     * A baseline whose profile a version 1 writer wrote: decoding and writing it again would give today's
     * version, so only a copy that passes the bytes through gives back what it was given.
     */
    @Test
    void aBaselineCopiesAsTheBytesItWasGivenWithoutReadingItsProfile() throws IOException {
        byte[] profile;
        try (InputStream in = getClass().getResourceAsStream("/golden/model-profile-v1.bin")) {
            assertThat(in).as("detectors' golden file on the test classpath").isNotNull();
            profile = in.readAllBytes();
        }
        DataOutputSerializer given = new DataOutputSerializer(profile.length + 32);
        given.writeLong(1_735_689_600_000L);
        given.writeLong(1_735_689_610_000L);
        given.writeInt(profile.length);
        given.write(profile);
        given.writeByte(0x5A); // what follows in the stream stays unread

        DataInputDeserializer source = new DataInputDeserializer(given.getCopyOfBuffer());
        DataOutputSerializer target = new DataOutputSerializer(given.length()); // a copy from a view does not grow it
        BaselineSerializer.INSTANCE.copy(source, target);

        assertThat(target.getCopyOfBuffer()).isEqualTo(Arrays.copyOf(given.getCopyOfBuffer(), given.length() - 1));
        assertThat(source.readByte()).isEqualTo((byte) 0x5A);
    }

    @Test
    void bytesTheFormatCannotReadFailTheRestoreWithTheFormatsReason() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(16);
        out.writeInt(4);
        out.write(new byte[] {'N', 'O', 'P', 'E'});

        assertThatThrownBy(() -> ModelProfileSerializer.INSTANCE.deserialize(
                new DataInputDeserializer(out.getCopyOfBuffer())))
                .isInstanceOf(IOException.class)
                .hasCauseInstanceOf(IllegalArgumentException.class);
    }
}
