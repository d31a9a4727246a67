package io.plumbline.jobs.llm;

import io.plumbline.monitor.llm.LlmBaselines;
import static io.plumbline.jobs.testing.SameJson.assertSameJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plumbline.alerts.lifecycle.Runbooks;
import io.plumbline.alerts.llm.LlmBaseline;
import io.plumbline.alerts.llm.LlmRuleState;
import io.plumbline.alerts.llm.LlmThresholds;
import io.plumbline.detectors.llm.CallVariant;
import io.plumbline.detectors.llm.RouteProfile;
import io.plumbline.jobs.kafka.DeadLetter;
import io.plumbline.jobs.kafka.DeadLetterRouter;
import io.plumbline.jobs.kafka.KeyedMessage;
import io.plumbline.jobs.window.CombinedKey;
import io.plumbline.jobs.kafka.KeyedStageDeadLetters;
import io.plumbline.monitor.pricing.PriceTable;
import io.plumbline.jobs.state.LlmBaselinesSerializer;
import io.plumbline.jobs.state.LlmRuleStateSerializer;
import io.plumbline.jobs.state.RouteProfileSerializer;
import io.plumbline.jobs.testing.OperatorMetrics;
import io.plumbline.jobs.testing.TriageCalls;
import io.plumbline.schemas.event.LlmCallRecord;
import io.plumbline.schemas.validation.RejectReason;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.Test;

class LlmWindowFunctionTest {

    private static final KeyedStageDeadLetters LATE = new KeyedStageDeadLetters("llm-calls", "LLM windows");
    /** More keys than any test but the key-limit one uses. */
    private static final int MAX_ROUTES = 5;

    private static final long T0 = Instant.parse("2025-06-01T00:00:00Z").toEpochMilli();
    /** Not the default, so the alerts show that the configured runbooks reach them. */
    private static final Runbooks RUNBOOKS = new Runbooks("https://wiki.example.com/plumbline/runbooks");
    private static final long WINDOW = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** gpt-4o-mini in the built-in table, USD per token: input, cache read, output. */
    private static final double MINI_INPUT = 0.15e-6;
    private static final double MINI_CACHE_READ = 0.075e-6;
    private static final double MINI_OUTPUT = 0.60e-6;

    /** The job's key selector: the key only depends on the route, not on the windows. */
    static final CombinedKey<LlmCallRecord, CallPartial> BY_ROUTE = new CombinedKey<>(
            new CallPartials(WINDOW, PriceTable.defaults(), RouteProfile.DEFAULT_MAX_VARIANTS, false));

    private KeyedOneInputStreamOperatorTestHarness<String, Either<LlmCallRecord, CallPartial>, KeyedMessage> harness;
    /** The metrics of a harness a test built on them; null otherwise. */
    private OperatorMetrics metrics;
    private final Random random = new Random(20250601L);
    private int ids;

    @BeforeEach
    void open() throws Exception {
        harness = newHarness();
        harness.open();
    }

    /** A variant is retired after an hour without calls: later than any of these tests' windows. */
    private static KeyedOneInputStreamOperatorTestHarness<String, Either<LlmCallRecord, CallPartial>, KeyedMessage> newHarness()
            throws Exception {
        return newHarness(Duration.ofHours(1));
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Either<LlmCallRecord, CallPartial>, KeyedMessage> newHarness(
            Duration idleAfter) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(function(idleAfter, RouteProfile.DEFAULT_MAX_VARIANTS),
                BY_ROUTE, Types.STRING);
    }

    /** A harness whose metrics {@link #metrics} reads, which it replaces. */
    private KeyedOneInputStreamOperatorTestHarness<String, Either<LlmCallRecord, CallPartial>, KeyedMessage> newMeteredHarness(
            Duration idleAfter, int maxVariants) throws Exception {
        if (metrics != null) {
            metrics.close();
        }
        metrics = new OperatorMetrics();
        return new KeyedOneInputStreamOperatorTestHarness<>(function(idleAfter, maxVariants), BY_ROUTE,
                Types.STRING, metrics.environment());
    }

    private static KeyedProcessOperator<String, Either<LlmCallRecord, CallPartial>, KeyedMessage> function(
            Duration idleAfter, int maxVariants) {
        return new KeyedProcessOperator<>(new LlmWindowFunction(Duration.ofMillis(WINDOW), idleAfter,
                PriceTable.defaults(), LlmThresholds.DEFAULTS, RUNBOOKS, false, MAX_ROUTES, maxVariants, LATE));
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
        if (metrics != null) {
            metrics.close();
        }
    }

    /**
     * A call behind this stage's watermark (its partition resumed after a quiet spell behind the others) is
     * dead-lettered as late, pointing at where it was read, instead of vanishing into a counter.
     */
    @Test
    void aCallWhoseWindowClosedIsDeadLetteredAsLateByWhereItWasRead() throws Exception {
        send(call(T0 + 1_000).build());
        harness.processWatermark(new Watermark(T0 + WINDOW - 1));
        LlmCallRecord late = call(T0 + 2_000).build();
        late.locate(1, 4242);
        send(late);

        assertThat(harness.getSideOutput(DeadLetterRouter.DEAD_LETTERS)).singleElement().satisfies(r -> {
            DeadLetter letter = r.getValue();
            assertThat(letter.reason()).isEqualTo(RejectReason.LATE);
            assertThat(letter.raw().topic()).isEqualTo("llm-calls");
            assertThat(letter.raw().partition()).isEqualTo(1);
            assertThat(letter.raw().offset()).isEqualTo(4242);
            assertThat(letter.raw().value()).isNull();
            assertThat(letter.detail()).contains("behind the LLM windows watermark", "llm-calls-1 offset 4242");
        });
        assertThat(harness.numEventTimeTimers()).as("the retirement timer only: no window reopened").isEqualTo(1);
    }

    /**
     * Partials of a route's calls, as {@link CallPartials} folds them before the shuffle, give the stats, the
     * notices and the alerts the same calls give one by one: here a release of v8 that is slower than v7.
     */
    @Test
    void partialsOfARoutesCallsAreJudgedAsTheCallsOneByOne() throws Exception {
        List<LlmCallRecord> calls = new ArrayList<>();
        for (int w = 0; w < 6; w++) {
            for (int i = 0; i < 120; i++) {
                long end = T0 + w * WINDOW + (i + 1) * (WINDOW / 121);
                String version = w >= 2 && i % 2 == 0 ? "v8" : "v7";
                double latency = (version.equals("v8") && w >= 3 ? 4.5 : 1.5) * (0.75 + 0.5 * random.nextDouble());
                LlmCallRecord call = call(end).promptVersion(version)
                        .startTimeNanos(end * 1_000_000L - (long) (latency * 1e9)).build();
                call.locate(0, calls.size());
                calls.add(call);
            }
        }
        for (LlmCallRecord call : calls) {
            send(call);
        }
        harness.processWatermark(new Watermark(T0 + 6 * WINDOW - 1));
        List<JsonNode> oneByOne = allStats();
        List<JsonNode> oneByOneAlerts = alerts();

        reopen(Duration.ofHours(1));
        CallPartials partials = new CallPartials(WINDOW, PriceTable.defaults(), RouteProfile.DEFAULT_MAX_VARIANTS, false);
        CallPartial partial = null;
        for (LlmCallRecord call : calls) {
            long start = partials.paneStart(call.eventTimeMillis());
            if (partial == null || partial.windowStart() != start || partial.calls() == 37) {
                if (partial != null) {
                    harness.processElement(new StreamRecord<>(Either.Right(partial), partial.windowStart()));
                }
                partial = partials.open(partials.key(call), start);
            }
            partials.add(partial, call);
        }
        harness.processElement(new StreamRecord<>(Either.Right(partial), partial.windowStart()));
        harness.processWatermark(new Watermark(T0 + 6 * WINDOW - 1));

        assertThat(oneByOneAlerts).extracting(a -> a.get("rule").asText()).as("the release and its slowdown")
                .contains("llm_version_change");
        assertThat(oneByOne).as("six windows of v7, four of v8").hasSize(10);
        assertSameJson(allStats(), oneByOne);
        assertSameJson(alerts(), oneByOneAlerts);
    }

    @Test
    void aLatePartialIsDeadLetteredCallByCallWhereTheyWereRead() throws Exception {
        send(call(T0 + 1_000).build());
        harness.processWatermark(new Watermark(T0 + WINDOW - 1));
        CallPartials partials = new CallPartials(WINDOW, PriceTable.defaults(), RouteProfile.DEFAULT_MAX_VARIANTS, false);
        CallPartial late = null;
        for (int i = 0; i < 2; i++) {
            LlmCallRecord call = call(T0 + 2_000 + i).build();
            call.locate(1, 50 + i);
            late = late == null ? partials.open(partials.key(call), T0) : late;
            partials.add(late, call);
        }

        harness.processElement(new StreamRecord<>(Either.Right(late), T0));

        assertThat(harness.getSideOutput(DeadLetterRouter.DEAD_LETTERS)).extracting(StreamRecord::getValue)
                .satisfiesExactly(
                        l -> assertThat(l.detail()).contains("llm-calls-1 offset 50"),
                        l -> assertThat(l.detail()).contains("llm-calls-1 offset 51"))
                .allSatisfy(l -> assertThat(l.reason()).isEqualTo(RejectReason.LATE));
        assertThat(harness.numEventTimeTimers()).as("the retirement timer only: no window reopened").isEqualTo(1);
    }

    /**
     * A flood of new services: past limits.llm.max-routes the stage keeps no state for another route, and its
     * calls go to the dead-letter topic as over_limit. The count survives a restore, and a route forgotten
     * after its variants retire frees its place.
     */
    @Test
    void newRoutesPastTheLimitAreDeadLetteredAndAForgottenOneFreesItsPlace() throws Exception {
        harness.close();
        harness = newHarness(Duration.ofMillis(WINDOW));
        harness.open();
        for (int i = 0; i < MAX_ROUTES; i++) {
            send(call(T0 + 1_000).service("bot-" + i).build());
        }
        OperatorSubtaskState snapshot = harness.snapshot(1, 1);
        harness.close();
        harness = newMeteredHarness(Duration.ofMillis(WINDOW), RouteProfile.DEFAULT_MAX_VARIANTS);
        harness.initializeState(snapshot);
        harness.open();

        LlmCallRecord flood = call(T0 + 2_000).service("bot-new").build();
        flood.locate(2, 31);
        send(flood);
        assertThat(harness.getSideOutput(DeadLetterRouter.DEAD_LETTERS)).singleElement().satisfies(r -> {
            assertThat(r.getValue().reason()).isEqualTo(RejectReason.OVER_LIMIT);
            assertThat(r.getValue().raw().offset()).isEqualTo(31);
            assertThat(r.getValue().detail()).startsWith("the LLM windows keep state for 5 keys"
                    + " (limits.llm.max-routes) and route bot-new/triage/chat would be one more");
        });
        assertThat(metrics.turnedAway("limits.llm.max-routes")).isEqualTo(1);
        assertThat(metrics.deadLetters("over_limit")).isEqualTo(1);
        assertThat(metrics.gauge("routes")).isEqualTo(5L);

        // without calls for a window, every route's variant retires and the route is forgotten
        harness.processWatermark(new Watermark(T0 + 3 * WINDOW - 1));
        send(call(T0 + 3 * WINDOW + 1_000).service("bot-new").build());
        assertThat(harness.getSideOutput(DeadLetterRouter.DEAD_LETTERS)).hasSize(1);
        assertThat(harness.numKeyedStateEntries()).as("bot-new's window alone").isEqualTo(1);
    }

    /**
     * A flood of new response models on one route (a producer that puts a request id into the model name):
     * past limits.llm.max-variants their calls are counted as the route's other variant, and counted as turned
     * away. The open window, the rule state and the baselines hold no more variants than the limit and the
     * other, however many arrive.
     */
    @Test
    void aFloodOfVariantsPastTheLimitIsCountedAsTheRoutesOtherAndTheStateStaysBounded() throws Exception {
        harness.close();
        harness = newMeteredHarness(Duration.ofHours(1), 3);
        harness.open();
        for (int w = 0; w < 3; w++) {
            for (int i = 0; i < 1_000; i++) {
                send(call(T0 + w * WINDOW + 1 + i).requestModel("ft:gpt-4o-mini:req-" + i).build());
            }
            assertThat(route(T0 + w * WINDOW).variants()).hasSize(4).containsKey(CallVariant.OVERFLOW);
            harness.processWatermark(new Watermark(T0 + (w + 1) * WINDOW - 1));
        }

        assertThat(metrics.turnedAway("limits.llm.max-variants")).isEqualTo(3 * 997);
        List<KeyedMessage> stats = harness.extractOutputValues();
        assertThat(stats).as("three windows of three variants and the other").hasSize(3 * 4);
        assertThat(stats).filteredOn(m -> m.key().equals("support-bot/triage/chat/_OTHER/_OTHER/_OTHER")).hasSize(3)
                .allSatisfy(m -> assertThat(parse(m.value()).get("requests").asLong()).isEqualTo(997));
        assertThat(ruleState().variants()).as("three variants and the other").hasSize(4);
        assertThat(baselines().size()).as("the three variants named in two windows").isEqualTo(3);
        assertThat(keysWith("windows")).isZero();
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
        assertThat(harness.numEventTimeTimers()).as("the open window's, and each key's retirement timer").isEqualTo(3);

        harness.getOutput().clear();
        harness.processWatermark(new Watermark(T0 + 2 * WINDOW - 1));

        assertThat(stats()).containsOnlyKeys("support-bot/triage/chat/openai/gpt-4o-mini/v1")
                .allSatisfy((key, s) -> assertThat(s.get("window_start").asLong()).isEqualTo(T0 + WINDOW));
        assertThat(harness.numEventTimeTimers()).as("each key's retirement timer, moved for one").isEqualTo(2);
        // no window left; each key keeps its rule state and baselines, and no alert book as nothing fires
        assertThat(keysWith("windows")).isZero();
        assertThat(keysWith("alerts")).isZero();
        assertThat(keysWith("llm-rules")).isEqualTo(2);
        assertThat(keysWith("baselines")).as("only v1 had calls in a second window").isEqualTo(1);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(3);
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

        harness = newHarness();
        harness.initializeState(snapshot);
        harness.open();
        send(call(T0 + 3_000).build());
        harness.processWatermark(new Watermark(T0 + WINDOW - 1));

        JsonNode s = stats().get("support-bot/triage/chat/openai/gpt-4o-mini/");
        assertThat(s.get("requests").asLong()).isEqualTo(3);
        assertThat(s.get("errors").get("timeout").asLong()).isEqualTo(1);
        assertThat(s.get("ttft_seconds").get("p50").asDouble()).isEqualTo(0.25);
        assertThat(s.get("eval_score_mean").asDouble()).isEqualTo(0.5);
        assertThat(keysWith("windows")).isZero();
    }

    @Test
    void aLatencySloBreachedInThreeWindowsFiresStartingAtTheFirstAndResolvesOnTheFirstWindowWithin() throws Exception {
        double[] latency = {1, 1, 12, 12, 12, 1, 1};
        for (int w = 0; w < latency.length; w++) {
            window(w, "v1", 30, latency[w]);
            window(w, "v2", 30, 1);
        }
        List<JsonNode> alerts = new ArrayList<>();
        for (int w = 0; w < latency.length; w++) {
            harness.processWatermark(new Watermark(T0 + (w + 1) * WINDOW - 1));
            List<JsonNode> closed = alerts();
            closed.forEach(a -> assertThat(a.get("labels").get("prompt_version").asText()).isEqualTo("v1"));
            List<String> p95 = closed.stream().filter(a -> a.get("rule").asText().equals("llm_latency_p95"))
                    .map(a -> a.get("status").asText()).toList();
            assertThat(p95).as("window %d", w).isEqualTo(w == 4 ? List.of("firing") : w == 5 ? List.of("resolved")
                    : List.of());
            alerts.addAll(closed);
        }
        JsonNode fired = alerts.stream().filter(a -> a.get("rule").asText().equals("llm_latency_p95")).findFirst()
                .orElseThrow();
        assertThat(fired.get("starts_at").asText()).isEqualTo(Instant.ofEpochMilli(T0 + 2 * WINDOW).toString());
        assertThat(fired.get("window_start").asLong()).isEqualTo(T0 + 4 * WINDOW);
        assertThat(fired.get("labels").get("service").asText()).isEqualTo("support-bot");
        assertThat(fired.get("value").asDouble()).isGreaterThan(10);
        // against v1's warm-up (window 1) the shift is a latency drift as well, from its first slow window
        assertThat(alerts).filteredOn(a -> a.get("rule").asText().equals("llm_latency_drift"))
                .extracting(a -> a.get("status").asText() + "@" + (a.get("window_start").asLong() - T0) / WINDOW)
                .containsExactly("firing@2", "resolved@5");
        assertThat(keysWith("alerts")).as("the book goes once nothing fires").isZero();
        assertThat(harness.numEventTimeTimers()).as("the retirement timer alone").isEqualTo(1);
        assertThat(keysWith("windows")).isZero();
    }

    @Test
    void aReleaseIsAnnouncedOnceAndComparedWithWhatItReplacedUntilItHasABaselineOfItsOwn() throws Exception {
        window(0, "v1", 40, 1);
        window(1, "v1", 40, 1);
        window(2, "v2", 40, 6);
        window(3, "v2", 40, 6);
        window(4, "v2", 40, 6);

        harness.processWatermark(new Watermark(T0 + 2 * WINDOW - 1));
        assertThat(alerts()).isEmpty();
        assertThat(baselines().baselineOrNull(variant("v1")).kind()).isEqualTo(LlmBaseline.WARMUP);

        harness.processWatermark(new Watermark(T0 + 3 * WINDOW - 1));
        Map<String, JsonNode> first = byRule(alerts());
        assertThat(first).containsOnlyKeys("llm_version_change", "llm_latency_drift", "llm_output_tokens_per_second_drift");
        JsonNode notice = first.get("llm_version_change");
        assertThat(notice.get("status").asText()).isEqualTo("info");
        assertThat(notice.get("labels").get("prompt_version").asText()).isEqualTo("v2");
        assertThat(notice.get("annotations").get("evidence").asText()).startsWith("prompt version v1 -> v2");
        JsonNode drift = first.get("llm_latency_drift");
        assertThat(drift.get("status").asText()).isEqualTo("firing");
        assertThat(drift.get("labels").get("prompt_version").asText()).isEqualTo("v2");
        assertThat(drift.get("annotations").get("baseline").asText())
                .startsWith("previous-version baseline (prompt version v1 on openai gpt-4o-mini), window "
                        + Instant.ofEpochMilli(T0 + WINDOW) + "/" + Instant.ofEpochMilli(T0 + 2 * WINDOW));
        assertThat(drift.get("annotations").get("description").asText()).contains("the change came with the release");
        assertThat(first).allSatisfy((rule, a) -> assertThat(a.get("annotations").get("runbook_url").asText())
                .isEqualTo("https://wiki.example.com/plumbline/runbooks#" + rule));
        assertThat(baselines().baselineOrNull(variant("v2")).kind()).isEqualTo(LlmBaseline.PREVIOUS_VERSION);

        // its second window, the first complete one, is still compared with v1, then becomes its own baseline
        harness.processWatermark(new Watermark(T0 + 4 * WINDOW - 1));
        assertThat(alerts()).isEmpty();
        LlmBaseline own = baselines().baselineOrNull(variant("v2"));
        assertThat(own.kind()).isEqualTo(LlmBaseline.WARMUP);
        assertThat(own.windowStart()).isEqualTo(T0 + 3 * WINDOW);

        harness.processWatermark(new Watermark(T0 + 5 * WINDOW - 1));
        Map<String, JsonNode> later = byRule(alerts());
        assertThat(later).containsOnlyKeys("llm_latency_drift", "llm_output_tokens_per_second_drift")
                .allSatisfy((rule, a) -> {
                    assertThat(a.get("status").asText()).isEqualTo("resolved");
                    assertThat(a.get("annotations").get("baseline").asText()).startsWith("warmup baseline");
                });
    }

    @Test
    void aReleaseWhosePredecessorLearnsItsWarmupInTheReleasesFirstWindowBorrowsItFromItsSecond() throws Exception {
        window(0, "v1", 30, 1);
        window(1, "v1", 30, 1);
        window(1, "v2", 30, 1);
        harness.processWatermark(new Watermark(T0 + 2 * WINDOW - 1));

        assertThat(alerts()).extracting(a -> a.get("rule").asText()).containsExactly("llm_version_change");
        LlmBaseline borrowed = baselines().baselineOrNull(variant("v2"));
        assertThat(borrowed.kind()).isEqualTo(LlmBaseline.PREVIOUS_VERSION);
        assertThat(borrowed.variant()).isEqualTo(variant("v1"));
        assertThat(borrowed.windowStart()).isEqualTo(T0 + WINDOW);
    }

    @Test
    void anUnpricedModelFiresWhileItsCallsGoUnpricedAndResolvesOnceTheyCarryACost() throws Exception {
        send(call(T0 + 1_000).requestModel("acme-unknown").build());
        send(call(T0 + WINDOW + 1_000).requestModel("acme-unknown").build());
        send(call(T0 + 2 * WINDOW + 1_000).requestModel("acme-unknown").costUsd(0.01).build());

        harness.processWatermark(new Watermark(T0 + WINDOW - 1));
        assertThat(alerts()).singleElement().satisfies(a -> {
            assertThat(a.get("rule").asText()).isEqualTo("llm_unpriced_model");
            assertThat(a.get("status").asText()).isEqualTo("firing");
            assertThat(a.get("labels").get("model").asText()).isEqualTo("acme-unknown");
        });
        harness.processWatermark(new Watermark(T0 + 2 * WINDOW - 1));
        assertThat(alerts()).isEmpty();
        assertThat(keysWith("alerts")).isEqualTo(1);
        harness.processWatermark(new Watermark(T0 + 3 * WINDOW - 1));
        assertThat(alerts()).singleElement().satisfies(a -> {
            assertThat(a.get("rule").asText()).isEqualTo("llm_unpriced_model");
            assertThat(a.get("status").asText()).isEqualTo("resolved");
        });
        assertThat(keysWith("alerts")).isZero();
    }

    @Test
    void theBaselinesAndRuleStateSurviveARestoreAndStayBoundedWhateverTheVersions() throws Exception {
        int versions = 80;
        for (int v = 0; v < versions; v++) {
            send(call(T0 + v * WINDOW + 1_000).promptVersion("v" + v).build());
            send(call(T0 + (v + 1) * WINDOW + 1_000).promptVersion("v" + v).build());
        }
        harness.processWatermark(new Watermark(T0 + 10 * WINDOW - 1));
        long notices = countNotices();
        LlmBaselines before = baselines();
        var snapshot = harness.snapshot(1, T0);
        harness.close();
        harness = newHarness();
        harness.initializeState(snapshot);
        harness.open();
        assertThat(baselines()).isEqualTo(before);
        assertThat(before.size()).as("v0 to v8 had a second window, v9 borrows").isEqualTo(10);
        assertThat(before.hasWarmup(variant("v8"))).isTrue();
        assertThat(before.baselineOrNull(variant("v9")).kind()).isEqualTo(LlmBaseline.PREVIOUS_VERSION);

        harness.processWatermark(new Watermark(T0 + (versions + 1) * WINDOW - 1));
        notices += countNotices();
        assertThat(notices).as("every version but the key's first, once, over both runs").isEqualTo(versions - 1);
        assertThat(baselines().size()).isEqualTo(RouteProfile.DEFAULT_MAX_VARIANTS + 1);
        assertThat(harness.numEventTimeTimers()).as("the retirement timer alone").isEqualTo(1);
        assertThat(keysWith("windows")).isZero();
    }

    @Test
    void aFiringVariantNoLongerCalledResolvesOnceIdleAfterHasPassedAndIsAnnouncedWhenItComesBack() throws Exception {
        reopen(Duration.ofMillis(3 * WINDOW));
        for (int w = 0; w < 3; w++) {
            window(w, "v1", 30, 12);
            window(w, "v2", 30, 1);
        }
        for (int w = 3; w < 8; w++) {
            window(w, "v2", 30, 1);
        }
        window(8, "v1", 30, 1);
        window(8, "v2", 30, 1);

        List<String> v1p95 = new ArrayList<>();
        JsonNode fired = null;
        JsonNode resolved = null;
        List<JsonNode> comeback = List.of();
        for (int w = 0; w < 9; w++) {
            harness.processWatermark(new Watermark(T0 + (w + 1) * WINDOW - 1));
            List<JsonNode> closed = alerts();
            for (JsonNode a : closed) {
                if (a.get("rule").asText().equals("llm_latency_p95")
                        && a.get("labels").get("prompt_version").asText().equals("v1")) {
                    v1p95.add(a.get("status").asText() + "@" + w);
                    if (a.get("status").asText().equals("firing")) {
                        fired = a;
                    } else {
                        resolved = a;
                    }
                }
            }
            if (w == 4) {
                assertThat(baselines().baselineOrNull(variant("v1"))).as("v1 is kept until it retires").isNotNull();
            }
            if (w == 5) {
                assertThat(baselines().baselineOrNull(variant("v1"))).as("and its baseline goes with it").isNull();
                assertThat(baselines().hasWarmup(variant("v2"))).isTrue();
                assertThat(keysWith("alerts")).as("nothing else fires").isZero();
            }
            if (w == 8) {
                comeback = closed;
            }
        }

        // v1's last calls were in window 2, ending at 3: three windows without calls later, at the end of 5, it retires
        assertThat(v1p95).containsExactly("firing@2", "resolved@5");
        assertThat(resolved.get("fingerprint").asText()).isEqualTo(fired.get("fingerprint").asText());
        assertThat(resolved.get("starts_at").asText()).isEqualTo(fired.get("starts_at").asText());
        assertThat(resolved.get("ends_at").asText()).isEqualTo(Instant.ofEpochMilli(T0 + 3 * WINDOW).toString());
        assertThat(resolved.has("value")).as("nothing measured").isFalse();
        assertThat(resolved.get("annotations").get("description").asText())
                .startsWith("Resolved without a verdict: prompt version v1 on openai gpt-4o-mini had no calls since "
                        + Instant.ofEpochMilli(T0 + 3 * WINDOW) + " (the end of its last window with calls) and was"
                        + " retired after 30s without calls (llm.variant-idle-after).");
        assertThat(resolved.get("annotations").get("retired_at").asText()).as("the end of window 5, retiring it")
                .isEqualTo(Instant.ofEpochMilli(T0 + 6 * WINDOW).toString());
        assertThat(fired.get("annotations").has("retired_at")).isFalse();
        assertThat(resolved.get("annotations").get("runbook_url").asText())
                .isEqualTo("https://wiki.example.com/plumbline/runbooks#llm_latency_p95");
        assertThat(comeback).filteredOn(a -> a.get("rule").asText().equals("llm_version_change")).singleElement()
                .satisfies(notice -> {
                    assertThat(notice.get("labels").get("prompt_version").asText()).isEqualTo("v1");
                    assertThat(notice.get("annotations").get("evidence").asText())
                            .startsWith("prompt version v2 -> v1");
                });
        assertThat(harness.numEventTimeTimers()).as("the retirement timer alone").isEqualTo(1);
    }

    @Test
    void aKeyNoLongerCalledLeavesNoStateAndNoTimerOnceIdleAfterHasPassedAcrossARestore() throws Exception {
        reopen(Duration.ofMillis(3 * WINDOW));
        for (int w = 0; w < 3; w++) {
            window(w, "v1", 30, 12);
        }
        send(call(T0 + 1_000).service("search").operation("embeddings").promptName(null).build());
        harness.processWatermark(new Watermark(T0 + 3 * WINDOW - 1));
        assertThat(alerts()).extracting(a -> a.get("rule").asText()).containsExactly("llm_latency_p95");
        assertThat(harness.numEventTimeTimers()).as("each key's retirement timer").isEqualTo(2);

        var snapshot = harness.snapshot(1, T0 + 3 * WINDOW);
        harness.close();
        harness = newHarness(Duration.ofMillis(3 * WINDOW));
        harness.initializeState(snapshot);
        harness.open();

        harness.processWatermark(new Watermark(T0 + 4 * WINDOW - 1));
        assertThat(alerts()).as("search had nothing firing").isEmpty();
        assertThat(keysWith("llm-rules")).as("search is gone: its last calls ended at 1").isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        harness.processWatermark(new Watermark(T0 + 6 * WINDOW - 2));
        assertThat(alerts()).isEmpty();
        harness.processWatermark(new Watermark(T0 + 6 * WINDOW - 1));
        assertThat(alerts()).singleElement().satisfies(a -> {
            assertThat(a.get("rule").asText()).isEqualTo("llm_latency_p95");
            assertThat(a.get("status").asText()).isEqualTo("resolved");
        });
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void theEndOfABoundedInputClosesTheWindowsButRetiresNothing() throws Exception {
        reopen(Duration.ofMillis(3 * WINDOW));
        for (int w = 0; w < 3; w++) {
            window(w, "v1", 30, 12);
        }

        harness.processWatermark(new Watermark(Long.MAX_VALUE));

        assertThat(alerts()).as("the p95 fires in the third window, and nothing resolves it: the input just ended")
                .extracting(a -> a.get("rule").asText() + " " + a.get("status").asText())
                .containsExactly("llm_latency_p95 firing");
        assertThat(keysWith("alerts")).isEqualTo(1);
        assertThat(keysWith("windows")).isZero();
    }

    @Test
    void aVariantIsRetiredOnlyOnceEveryWindowThatCouldHoldItsCallsHasClosed() throws Exception {
        // v1, last called in the window ending at 10s, is idle for 25s at 35s, inside a window that holds calls
        // of it: the retirement waits for that window's end, and finds it called again.
        reopen(Duration.ofMillis(25_000));
        window(0, "v1", 30, 1);
        window(0, "v2", 30, 1);
        window(3, "v1", 30, 1);
        for (int w = 1; w < 5; w++) {
            window(w, "v2", 30, 1);
        }

        harness.processWatermark(new Watermark(T0 + 5 * WINDOW - 1));

        assertThat(alerts()).as("v1 was called again before it could retire: no new release").isEmpty();
        assertThat(baselines().hasWarmup(variant("v1"))).as("its second window with calls, a complete one").isTrue();
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
    }

    @Test
    void aVariantIsNeverRetiredSoonerThanAWindow() {
        assertThatThrownBy(() -> new LlmWindowFunction(Duration.ofMillis(WINDOW),
                        Duration.ofMillis(WINDOW - 1), PriceTable.defaults(), LlmThresholds.DEFAULTS, RUNBOOKS, false,
                MAX_ROUTES, RouteProfile.DEFAULT_MAX_VARIANTS, LATE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("llm.variant-idle-after must be at least llm.window.size PT10S, got PT9.999S");
    }

    private void reopen(Duration idleAfter) throws Exception {
        harness.close();
        harness = newHarness(idleAfter);
        harness.open();
    }

    /** {@code calls} successful calls of {@code version}, spread over window {@code w}, latencies around {@code seconds}. */
    private void window(int w, String version, int calls, double seconds) throws Exception {
        for (int i = 0; i < calls; i++) {
            long end = T0 + w * WINDOW + (i + 1) * (WINDOW / (calls + 1));
            double latency = seconds * (0.75 + 0.5 * random.nextDouble());
            send(call(end).promptVersion(version).startTimeNanos(end * 1_000_000L - (long) (latency * 1e9)).build());
        }
    }

    private List<JsonNode> alerts() {
        var side = harness.getSideOutput(LlmWindowFunction.ALERTS);
        if (side == null) {
            return List.of();
        }
        List<JsonNode> alerts = new ArrayList<>();
        for (StreamRecord<KeyedMessage> r : side) {
            JsonNode alert = parse(r.getValue().value());
            assertThat(r.getValue().key()).isEqualTo(alert.get("fingerprint").asText());
            alerts.add(alert);
        }
        side.clear();
        return alerts;
    }

    private long countNotices() {
        return alerts().stream().filter(a -> a.get("rule").asText().equals("llm_version_change")).count();
    }

    private static Map<String, JsonNode> byRule(List<JsonNode> alerts) {
        return alerts.stream().collect(Collectors.toMap(a -> a.get("rule").asText(), Function.identity()));
    }

    private static CallVariant variant(String promptVersion) {
        return new CallVariant("openai", "gpt-4o-mini", promptVersion);
    }

    private LlmBaselines baselines() throws Exception {
        KeyedStateBackend<String> backend = harness.getOperator().getKeyedStateBackend();
        backend.setCurrentKey(LlmKey.of("support-bot", "triage", "chat"));
        ValueState<LlmBaselines> state = backend.getPartitionedState(VoidNamespace.INSTANCE,
                VoidNamespaceSerializer.INSTANCE, new ValueStateDescriptor<>("baselines", LlmBaselinesSerializer.INSTANCE));
        return state.value();
    }

    private RouteProfile route(long windowStart) throws Exception {
        KeyedStateBackend<String> backend = harness.getOperator().getKeyedStateBackend();
        backend.setCurrentKey(LlmKey.of("support-bot", "triage", "chat"));
        MapState<Long, RouteProfile> windows = backend.getPartitionedState(VoidNamespace.INSTANCE,
                VoidNamespaceSerializer.INSTANCE, new MapStateDescriptor<>("windows", LongSerializer.INSTANCE,
                        RouteProfileSerializer.INSTANCE));
        return windows.get(windowStart);
    }

    private LlmRuleState ruleState() throws Exception {
        KeyedStateBackend<String> backend = harness.getOperator().getKeyedStateBackend();
        backend.setCurrentKey(LlmKey.of("support-bot", "triage", "chat"));
        ValueState<LlmRuleState> state = backend.getPartitionedState(VoidNamespace.INSTANCE,
                VoidNamespaceSerializer.INSTANCE, new ValueStateDescriptor<>("llm-rules", LlmRuleStateSerializer.INSTANCE));
        return state.value();
    }

    private long keysWith(String state) {
        return harness.getOperator().getKeyedStateBackend().getKeys(state, VoidNamespace.INSTANCE).count();
    }

    private void send(LlmCallRecord call) throws Exception {
        harness.processElement(new StreamRecord<>(Either.Left(call), call.eventTimeMillis()));
    }

    /** A successful 1.5-second gpt-4o-mini call of support-bot's triage prompt that ended at {@code endMillis}. */
    private LlmCallRecord.Builder call(long endMillis) {
        return TriageCalls.ending("c-" + ids++, endMillis);
    }

    /** Every stats record so far, window after window. */
    private List<JsonNode> allStats() {
        return harness.extractOutputValues().stream().map(m -> parse(m.value())).toList();
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
