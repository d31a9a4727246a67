package io.plumbline.jobs.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import io.plumbline.alerts.llm.LlmBaseline;
import io.plumbline.alerts.llm.LlmEvaluator;
import io.plumbline.alerts.llm.LlmRuleState;
import io.plumbline.alerts.llm.LlmThresholds;
import io.plumbline.alerts.llm.LlmWindowContext;
import io.plumbline.detectors.llm.CallObservation;
import io.plumbline.detectors.llm.CallProfile;
import io.plumbline.detectors.llm.CallVariant;
import io.plumbline.monitor.llm.LlmBaselines;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** The LLM stage's keyed state beside its windows: the rule state and the variants' baselines. */
class LlmStateSerializersTest {

    private static final long T0 = 1_748_736_000_000L; // 2025-06-01T00:00:00Z
    private static final CallVariant V1 = new CallVariant("openai", "gpt-4o-mini", "v1");
    private static final CallVariant V2 = new CallVariant("openai", "gpt-4o-mini", "v2");

    /** v1's own baseline of 200 calls, and v2, its release, borrowing it. */
    static LlmBaselines golden() {
        Random random = new Random(7);
        CallProfile profile = new CallProfile();
        CallObservation call = new CallObservation();
        for (int i = 0; i < 200; i++) {
            profile.record(call.clear()
                    .errorType(i % 40 == 0 ? "timeout" : null)
                    .inputTokens(1_000 + random.nextInt(1_000))
                    .outputTokens(100 + random.nextInt(200))
                    .costUsd(0.001 + random.nextDouble() / 1_000)
                    .latencySeconds(0.5 + random.nextDouble())
                    .evalScore(i % 2 == 0 ? random.nextDouble() : Double.NaN));
        }
        LlmBaselines baselines = new LlmBaselines();
        baselines.learn(V1, profile, T0 + 10_000, T0 + 20_000);
        baselines.inherit(V2, V1);
        return baselines;
    }

    @Test
    void baselinesComeBackAsTheyWentThroughTheSerializer() throws IOException {
        LlmBaselines baselines = golden();

        LlmBaselines back = roundTrip(LlmBaselinesSerializer.INSTANCE, baselines);

        assertThat(back).isEqualTo(baselines);
        assertThat(back.baselineOrNull(V2)).satisfies(b -> {
            assertThat(b.kind()).isEqualTo(LlmBaseline.PREVIOUS_VERSION);
            assertThat(b.variant()).isEqualTo(V1);
            assertThat(b.profile().requests()).isEqualTo(200);
        });
        assertThat(roundTrip(LlmBaselinesSerializer.INSTANCE, new LlmBaselines())).isEqualTo(new LlmBaselines());
        assertThat(LlmBaselinesSerializer.INSTANCE.copy(baselines)).isEqualTo(baselines).isNotSameAs(baselines);
    }

    @Test
    void theGoldenFileOfVersionOneStillReads() throws IOException {
        LlmBaselines read = LlmBaselines.fromBytes(goldenFile());

        // The same variants, kinds and windows; the profile as its own format version wrote it, which later
        // versions of the call profile read with what that version had not yet kept left empty.
        LlmBaselines today = golden();
        assertThat(read.toString()).isEqualTo(today.toString());
        CallProfile profile = read.baselineOrNull(V1).profile();
        CallProfile fresh = today.baselineOrNull(V1).profile();
        assertThat(profile.requests()).isEqualTo(fresh.requests());
        assertThat(profile.inputTokens()).isEqualTo(fresh.inputTokens());
        assertThat(profile.costUsd()).isEqualTo(fresh.costUsd());
        assertThat(profile.latency().quantile(0.95)).isEqualTo(fresh.latency().quantile(0.95));
        assertThat(profile.evalScores().quantile(0.1)).isEqualTo(fresh.evalScores().quantile(0.1));
        assertThat(profile.outputTokensPerCall().quantile(0.5)).isEqualTo(fresh.outputTokensPerCall().quantile(0.5));
        assertThat(profile.inputTokensPerCall().count()).as("kept since call profile format 3").isZero();
        LlmBaseline v1 = read.baselineOrNull(V1);
        assertThat(v1.kind()).isEqualTo(LlmBaseline.WARMUP);
        assertThat(v1.windowStart()).isEqualTo(T0 + 10_000);
        assertThat(v1.windowEnd()).isEqualTo(T0 + 20_000);
        assertThat(v1.profile().errors()).isEqualTo(5);
        assertThat(read.hasWarmup(V2)).isFalse();
    }

    @Test
    void theGoldenFileOfVersionOneWritesBackByteForByte() throws IOException {
        byte[] bytes = goldenFile();

        assertThat(LlmBaselines.fromBytes(bytes).toBytes()).isEqualTo(bytes);
    }

    @Test
    void bytesThatAreNotBaselinesAreRefusedNamingTheFault() {
        byte[] bytes = golden().toBytes();
        byte[] magic = bytes.clone();
        magic[0] = 0;
        byte[] version = bytes.clone();
        version[4] = 9;

        assertThatThrownBy(() -> LlmBaselines.fromBytes(magic)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not LLM baselines: expected magic bytes 50 4C 42 42 (\"PLBB\"), found 00 4C 42 42");
        assertThatThrownBy(() -> LlmBaselines.fromBytes(version)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unsupported LLM baselines format version 9: this reader knows version 1");
        assertThatThrownBy(() -> LlmBaselines.fromBytes(Arrays.copyOf(bytes, bytes.length - 3)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LlmBaselines.fromBytes(Arrays.copyOf(bytes, bytes.length + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("corrupt LLM baselines: 1 unexpected bytes after the end, at offset " + bytes.length);
    }

    @Test
    void theRuleStateComesBackAsItWentThroughTheSerializer() throws IOException {
        LlmRuleState state = new LlmRuleState();
        CallProfile profile = new CallProfile();
        profile.record(new CallObservation().latencySeconds(1).inputTokens(10).outputTokens(5).costUsd(0.001));
        new LlmEvaluator(LlmThresholds.DEFAULTS).versionChanges(
                new LlmWindowContext("support-bot", "triage", "chat", T0, T0 + 10_000), Map.of(V1, profile), state);

        LlmRuleState back = roundTrip(LlmRuleStateSerializer.INSTANCE, state);

        assertThat(back).isEqualTo(state);
        assertThat(back.knows(V1)).isTrue();
        assertThat(back.variants()).containsEntry(V1, T0 + 10_000);
    }

    private static byte[] goldenFile() throws IOException {
        try (InputStream in = LlmStateSerializersTest.class.getResourceAsStream(
                "/golden/" + LlmBaselinesGoldenFileGenerator.FILE)) {
            assertThat(in).as("golden file; write it with LlmBaselinesGoldenFileGenerator").isNotNull();
            return in.readAllBytes();
        }
    }

    private static <T> T roundTrip(TypeSerializer<T> serializer, T value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(value, out);
        return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }
}
