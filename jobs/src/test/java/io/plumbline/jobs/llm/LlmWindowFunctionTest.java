package io.plumbline.jobs.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plumbline.jobs.kafka.KeyedMessage;
import io.plumbline.jobs.llm.pricing.PriceTable;
import io.plumbline.schemas.event.LlmCallRecord;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LlmWindowFunctionTest {

    private static final long T0 = Instant.parse("2025-06-01T00:00:00Z").toEpochMilli();
    private static final long WINDOW = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** gpt-4o-mini in the built-in table, USD per token: input, cache read, output. */
    private static final double MINI_INPUT = 0.15e-6;
    private static final double MINI_CACHE_READ = 0.075e-6;
    private static final double MINI_OUTPUT = 0.60e-6;

    private KeyedOneInputStreamOperatorTestHarness<String, LlmCallRecord, KeyedMessage> harness;
    private int ids;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(
                new LlmWindowFunction(Duration.ofMillis(WINDOW), PriceTable.defaults())), new LlmKey(), Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void eachVariantOfAClosedWindowComesOutOnceAndTheWindowsStateAndTimerGo() throws Exception {
        send(call(T0 + 1_000).promptVersion("v1").build());
        send(call(T0 + 2_000).promptVersion("v1").build());
        send(call(T0 + 3_000).promptVersion("v2").build());
        send(call(T0 + 4_000).provider("anthropic").requestModel("claude-sonnet-4").build());
        send(call(T0 + WINDOW + 500).promptVersion("v1").build());
        send(call(T0 + 5_000).service("search").operation("embeddings").promptName(null).build());

        assertThat(harness.numEventTimeTimers()).isEqualTo(3); // two windows of one key, one of the other
        harness.processWatermark(new Watermark(T0 + WINDOW - 1));

        Map<String, JsonNode> stats = stats();
        assertThat(stats.keySet()).containsExactlyInAnyOrder(
                "support-bot/triage/chat/openai/gpt-4o-mini/v1",
                "support-bot/triage/chat/openai/gpt-4o-mini/v2",
                "support-bot/triage/chat/anthropic/claude-sonnet-4/",
                "search//embeddings/openai/gpt-4o-mini/");
        JsonNode v1 = stats.get("support-bot/triage/chat/openai/gpt-4o-mini/v1");
        assertThat(v1.get("requests").asLong()).isEqualTo(2);
        assertThat(v1.get("window_start").asLong()).isEqualTo(T0);
        assertThat(v1.get("window_end").asLong()).isEqualTo(T0 + WINDOW);
        assertThat(v1.get("service").asText()).isEqualTo("support-bot");
        assertThat(v1.get("prompt").asText()).isEqualTo("triage");
        assertThat(v1.get("operation").asText()).isEqualTo("chat");
        assertThat(v1.get("prompt_version").asText()).isEqualTo("v1");
        assertThat(stats.get("search//embeddings/openai/gpt-4o-mini/").get("prompt").asText()).isEmpty();
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        harness.getOutput().clear();
        harness.processWatermark(new Watermark(T0 + 2 * WINDOW - 1));

        assertThat(stats()).containsOnlyKeys("support-bot/triage/chat/openai/gpt-4o-mini/v1")
                .allSatisfy((key, s) -> assertThat(s.get("window_start").asLong()).isEqualTo(T0 + WINDOW));
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void theSendersCostWinsATableOtherwisePricesTheTokensAndAnythingElseIsUnpricedButARefusalWithoutTokensIsFree() throws Exception {
        send(call(T0 + 1_000).costUsd(0.125).build());                                  // reported
        send(call(T0 + 2_000).inputTokens(10_000).cacheReadTokens(4_000).outputTokens(500).build()); // priced
        send(call(T0 + 3_000).inputTokens(-1).outputTokens(-1).build());                // nothing to price
        send(call(T0 + 3_500).inputTokens(-1).outputTokens(-1).errorType("429").build()); // refused: free
        send(call(T0 + 4_000).requestModel("acme-unknown").build());                    // no price
        send(call(T0 + 4_500).requestModel("acme-unknown").inputTokens(-1).outputTokens(-1).errorType("429").build());
        harness.processWatermark(new Watermark(T0 + WINDOW - 1));

        Map<String, JsonNode> stats = stats();
        JsonNode mini = stats.get("support-bot/triage/chat/openai/gpt-4o-mini/");
        double priced = 6_000 * MINI_INPUT + 4_000 * MINI_CACHE_READ + 500 * MINI_OUTPUT;
        assertThat(mini.get("requests").asLong()).isEqualTo(4);
        assertThat(mini.get("cost_usd").asDouble()).isCloseTo(0.125 + priced, within(1e-15));
        assertThat(mini.get("unpriced_calls").asLong()).isEqualTo(1);
        JsonNode unknown = stats.get("support-bot/triage/chat/openai/acme-unknown/");
        assertThat(unknown.get("unpriced_calls").asLong()).isEqualTo(2);
        assertThat(unknown.get("cost_usd").asDouble()).isZero();
    }

    @Test
    void callsOfAWindowThatHasClosedAreDroppedWithoutState() throws Exception {
        harness.processWatermark(new Watermark(T0 + WINDOW - 1));

        send(call(T0 + 9_999).build());

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void theStateSurvivesASnapshotAndRestore() throws Exception {
        send(call(T0 + 1_000).errorType("timeout").build());
        send(call(T0 + 2_000).ttftSeconds(0.25).evalScore(0.5).build());
        var snapshot = harness.snapshot(1, T0);
        harness.close();

        harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(
                new LlmWindowFunction(Duration.ofMillis(WINDOW), PriceTable.defaults())), new LlmKey(), Types.STRING);
        harness.initializeState(snapshot);
        harness.open();
        send(call(T0 + 3_000).build());
        harness.processWatermark(new Watermark(T0 + WINDOW - 1));

        JsonNode s = stats().get("support-bot/triage/chat/openai/gpt-4o-mini/");
        assertThat(s.get("requests").asLong()).isEqualTo(3);
        assertThat(s.get("errors").get("timeout").asLong()).isEqualTo(1);
        assertThat(s.get("ttft_seconds").get("p50").asDouble()).isEqualTo(0.25);
        assertThat(s.get("eval_score_mean").asDouble()).isEqualTo(0.5);
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    private void send(LlmCallRecord call) throws Exception {
        harness.processElement(new StreamRecord<>(call, call.eventTimeMillis()));
    }

    /** A successful 1.5-second gpt-4o-mini call of support-bot's triage prompt that ended at {@code endMillis}. */
    private LlmCallRecord.Builder call(long endMillis) {
        return LlmCallRecord.builder()
                .eventId("c-" + ids++)
                .startTimeNanos((endMillis - 1_500) * 1_000_000L)
                .endTimeNanos(endMillis * 1_000_000L)
                .service("support-bot")
                .operation("chat")
                .promptName("triage")
                .provider("openai")
                .requestModel("gpt-4o-mini")
                .inputTokens(1_000)
                .outputTokens(200);
    }

    private Map<String, JsonNode> stats() {
        List<KeyedMessage> out = harness.extractOutputValues();
        Map<String, JsonNode> byKey = out.stream().collect(Collectors.toMap(KeyedMessage::key,
                m -> parse(m.value()), (a, b) -> {
                    throw new AssertionError("two records of one key: " + a + ", " + b);
                }));
        assertThat(byKey).hasSameSizeAs(out);
        return byKey;
    }

    private static JsonNode parse(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
