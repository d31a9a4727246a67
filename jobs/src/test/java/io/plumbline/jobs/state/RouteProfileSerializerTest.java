package io.plumbline.jobs.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Arrays;
import java.util.Random;

import io.plumbline.detectors.format.LlmProfileFormat;
import io.plumbline.detectors.llm.CallObservation;
import io.plumbline.detectors.llm.CallVariant;
import io.plumbline.detectors.llm.RouteProfile;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.testutils.DeeplyEqualsChecker;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The LLM stage's window state. A route profile has no equals: two are the same when their
 * LlmProfileFormat bytes are, which is also all a checkpoint keeps of them.
 */
class RouteProfileSerializerTest {

    static RouteProfile[] routes() {
        RouteProfile empty = new RouteProfile();

        RouteProfile small = new RouteProfile();
        small.record(new CallVariant("openai", "gpt-4o-mini", "v1"), new CallObservation()
                .inputTokens(1_200).outputTokens(350).cacheReadTokens(1_024).costUsd(0.0004)
                .latencySeconds(2.25).timeToFirstChunkSeconds(0.4).evalScore(0.875));
        small.record(new CallVariant("anthropic", "claude-sonnet-4", ""), new CallObservation()
                .errorType("rate_limited").latencySeconds(0.05));

        Random random = new Random(11);
        RouteProfile large = new RouteProfile(2); // past the variant limit: an overflow variant
        CallObservation call = new CallObservation();
        for (int i = 0; i < 5_000; i++) { // past the sketches' exact capacity: digests
            call.clear()
                    .errorType(i % 50 == 0 ? "timeout" : null)
                    .refusal(i % 70 == 0)
                    .contentFiltered(i % 90 == 0)
                    .inputTokens(random.nextInt(4_000))
                    .outputTokens(1 + random.nextInt(800))
                    .costUsd(i % 9 == 0 ? Double.NaN : random.nextDouble() / 100)
                    .latencySeconds(Math.exp(random.nextGaussian()))
                    .timeToFirstChunkSeconds(i % 2 == 0 ? random.nextDouble() / 2 : Double.NaN)
                    .evalScore(i % 3 == 0 ? random.nextDouble() : Double.NaN);
            large.record(new CallVariant("openai", "gpt-4o", "v" + i % 4), call);
        }
        return new RouteProfile[] {empty, small, large};
    }

    static final DeeplyEqualsChecker SAME_BYTES = new DeeplyEqualsChecker()
            .withCustomCheck((a, b) -> a instanceof RouteProfile && b instanceof RouteProfile,
                    (a, b, checker) -> Arrays.equals(bytes((RouteProfile) a), bytes((RouteProfile) b)));

    /** Writing merges digest buffers, and the base test compares from several threads: lock as the serializer does. */
    private static byte[] bytes(RouteProfile route) {
        synchronized (route) {
            return LlmProfileFormat.write(route);
        }
    }

    @Nested
    class RouteProfiles extends SerializerTestBase<RouteProfile> {

        RouteProfiles() {
            super(SAME_BYTES);
        }

        @Override
        protected TypeSerializer<RouteProfile> createSerializer() {
            return new RouteProfileSerializer();
        }

        @Override
        protected int getLength() {
            return -1;
        }

        @Override
        protected Class<RouteProfile> getTypeClass() {
            return RouteProfile.class;
        }

        @Override
        protected RouteProfile[] getTestData() {
            return routes();
        }
    }

    @Test
    void aCopyHoldsTheSameCallsAndIsIndependentOfTheOriginal() {
        RouteProfile original = routes()[1];
        RouteProfile copy = RouteProfileSerializer.INSTANCE.copy(original);

        copy.record(new CallVariant("openai", "gpt-4o-mini", "v1"), new CallObservation().latencySeconds(1));

        assertThat(original.requests()).isEqualTo(2);
        assertThat(copy.requests()).isEqualTo(3);
        assertThat(copy.variants().keySet()).isEqualTo(original.variants().keySet());
    }

    @Test
    void bytesTheFormatCannotReadFailTheRestoreWithTheFormatsReason() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(16);
        out.writeInt(4);
        out.write(new byte[] {'P', 'L', 'Q', 'S'});

        assertThatThrownBy(() -> RouteProfileSerializer.INSTANCE.deserialize(
                new DataInputDeserializer(out.getCopyOfBuffer())))
                .isInstanceOf(IOException.class)
                .hasCauseInstanceOf(IllegalArgumentException.class);
    }
}
