package io.plumbline.jobs.state;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.Random;

import io.plumbline.detectors.baseline.ReferenceBaseline;
import io.plumbline.detectors.format.ReferenceBaselineFormat;
import io.plumbline.detectors.sketch.FeatureType;
import io.plumbline.detectors.sketch.FeatureTypes;
import io.plumbline.detectors.sketch.ModelProfile;
import io.plumbline.jobs.kafka.DecodedBaseline;
import io.plumbline.jobs.kafka.RawRecord;
import io.plumbline.schemas.validation.RejectReason;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.testutils.DeeplyEqualsChecker;
import org.junit.jupiter.api.Nested;

/** The reference baselines on their way from the baselines topic to the drift stage. */
class ReferenceBaselineSerializersTest {

    /** A reference has no equals of its own (its profile has none): two are the same when their bytes are. */
    private static final DeeplyEqualsChecker SAME_BYTES = new DeeplyEqualsChecker()
            .withCustomCheck((a, b) -> a instanceof ReferenceBaseline && b instanceof ReferenceBaseline,
                    (a, b, checker) -> Arrays.equals(ReferenceBaselineFormat.write((ReferenceBaseline) a),
                            ReferenceBaselineFormat.write((ReferenceBaseline) b)))
            .withCustomCheck((a, b) -> a instanceof DecodedBaseline && b instanceof DecodedBaseline,
                    (a, b, checker) -> ((DecodedBaseline) a).raw().equals(((DecodedBaseline) b).raw())
                            && checker.deepEquals(((DecodedBaseline) a).baseline(), ((DecodedBaseline) b).baseline())
                            && Objects.equals(((DecodedBaseline) a).rejection(),
                                    ((DecodedBaseline) b).rejection()));

    static ReferenceBaseline[] references() {
        Random random = new Random(11);
        ModelProfile profile = new ModelProfile();
        FeatureTypes types = new FeatureTypes(1000);
        for (int i = 0; i < 500; i++) {
            profile.countEvent();
            profile.numericFeature("income").add(50_000 + 15_000 * random.nextGaussian());
            profile.categoricalFeature("region").add(i % 3 == 0 ? "eu-west" : "us-east");
        }
        types.resolve("income", FeatureType.NUMERIC);
        types.resolve("region", FeatureType.CATEGORICAL);
        return new ReferenceBaseline[] {
                new ReferenceBaseline("credit-risk", "v3", 1_735_689_600_000L, "train.csv", profile, types),
                new ReferenceBaseline("m", "", 0L, "", new ModelProfile(), new FeatureTypes()),
        };
    }

    @Nested
    class ReferenceBaselines extends SerializerTestBase<ReferenceBaseline> {

        ReferenceBaselines() {
            super(SAME_BYTES);
        }

        @Override
        protected TypeSerializer<ReferenceBaseline> createSerializer() {
            return new ReferenceBaselineSerializer();
        }

        @Override
        protected int getLength() {
            return -1;
        }

        @Override
        protected Class<ReferenceBaseline> getTypeClass() {
            return ReferenceBaseline.class;
        }

        @Override
        protected boolean allowNullInstances(TypeSerializer<ReferenceBaseline> serializer) {
            return true;
        }

        @Override
        protected ReferenceBaseline[] getTestData() {
            return references();
        }
    }

    @Nested
    class DecodedBaselines extends SerializerTestBase<DecodedBaseline> {

        DecodedBaselines() {
            super(SAME_BYTES);
        }

        @Override
        protected TypeSerializer<DecodedBaseline> createSerializer() {
            return new DecodedBaselineSerializer();
        }

        @Override
        protected int getLength() {
            return -1;
        }

        @Override
        protected Class<DecodedBaseline> getTypeClass() {
            return DecodedBaseline.class;
        }

        @Override
        protected boolean allowNullInstances(TypeSerializer<DecodedBaseline> serializer) {
            return true;
        }

        @Override
        protected DecodedBaseline[] getTestData() {
            ReferenceBaseline reference = references()[0];
            byte[] key = "{\"model_id\":\"credit-risk\",\"model_version\":\"v3\"}".getBytes(StandardCharsets.UTF_8);
            return new DecodedBaseline[] {
                    DecodedBaseline.accepted(new RawRecord("plumbline.baselines", 0, 7L, key,
                            ReferenceBaselineFormat.write(reference)), reference),
                    DecodedBaseline.rejected(new RawRecord("plumbline.baselines", 0, 8L, key, new byte[] {1, 2}),
                            RejectReason.UNDECODABLE, "not a reference baseline"),
            };
        }
    }
}
