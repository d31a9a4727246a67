package io.plumbline.jobs.drift;

import io.plumbline.monitor.drift.PartialProfile;
import io.plumbline.monitor.drift.ProfileRecorder;
import java.util.TreeSet;

import java.util.Set;

import org.apache.flink.api.common.typeutils.base.array.BytePrimitiveArraySerializer;

import io.plumbline.detectors.format.ProfileFormat;

import static io.plumbline.jobs.testing.SameJson.assertSameJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plumbline.alerts.lifecycle.Runbooks;
import io.plumbline.alerts.rules.DriftPolicy;
import io.plumbline.alerts.rules.DriftThresholds;
import io.plumbline.detectors.baseline.ReferenceBaseline;
import io.plumbline.detectors.sketch.CategoricalSketch;
import io.plumbline.detectors.sketch.FeatureTypes;
import io.plumbline.detectors.sketch.ModelProfile;
import io.plumbline.monitor.config.ConfigException;
import io.plumbline.monitor.config.ConfigLoader;
import io.plumbline.monitor.config.PlumblineConfig;
import io.plumbline.monitor.config.PlumblineConfig.BaselineKind;
import io.plumbline.monitor.config.PlumblineConfig.BaselineSettings;
import io.plumbline.jobs.kafka.DeadLetter;
import io.plumbline.jobs.kafka.DeadLetterRouter;
import io.plumbline.jobs.kafka.KeyedMessage;
import io.plumbline.jobs.window.CombinedKey;
import io.plumbline.jobs.kafka.KeyedStageDeadLetters;
import io.plumbline.jobs.testing.KeyedTwoInputHarness;
import io.plumbline.jobs.testing.OperatorMetrics;
import io.plumbline.jobs.state.BaselineSerializer;
import io.plumbline.jobs.state.FeatureTypesSerializer;
import io.plumbline.jobs.state.ModelProfileSerializer;
import io.plumbline.schemas.event.PredictionRecord;
import io.plumbline.schemas.validation.RejectReason;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.Test;

class DriftWindowFunctionTest {
    private static final ProfileRecorder RECORDER = new ProfileRecorder(CategoricalSketch.DEFAULT_MAX_DISTINCT);

    private static final long T0 = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();
    private static final long WINDOW = 10_000;
    /** Below the job's default, so that the small windows of these tests are judged. */
    private static final long MIN_EVENTS = 20;
    /** The tests use two models at most; the key-limit test goes past this. */
    private static final int MAX_MODELS = 3;
    private static final PlumblineConfig.Features FEATURES = new PlumblineConfig.Features(1000, 100, 0.01);
    private static final long SLIDE = 2_500;
    /** The job's default baseline: the first complete window. */
    private static final BaselineSettings WARMUP_WINDOW = new BaselineSettings(BaselineKind.WARMUP, 0, 1);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The job's key selector: the key only depends on the model and version, not on the panes. */
    private static final CombinedKey<PredictionRecord, PanePartial> BY_MODEL =
            new CombinedKey<>(new PredictionPartials(WINDOW, 1000, 100));
    /** The job's default: far beyond the few windows of most tests, whose keys each keep a retirement timer. */
    private static final Duration IDLE_AFTER = Duration.ofHours(1);
    /** Not the default, so the alerts show that the configured runbooks reach them. */
    private static final Runbooks RUNBOOKS = new Runbooks("https://wiki.example.com/plumbline/runbooks");

    private KeyedTwoInputStreamOperatorTestHarness<String, Either<PredictionRecord, PanePartial>, ReferenceBaseline, KeyedMessage> harness;
    private final Random random = new Random(7);

    @BeforeEach
    void open() throws Exception {
        harness = newHarness(MIN_EVENTS);
        harness.open();
    }

    private KeyedTwoInputStreamOperatorTestHarness<String, Either<PredictionRecord, PanePartial>, ReferenceBaseline, KeyedMessage> newHarness(
            long minEvents) throws Exception {
        return newHarness(PlumblineConfig.Window.tumbling(Duration.ofMillis(WINDOW), minEvents));
    }

    private KeyedTwoInputStreamOperatorTestHarness<String, Either<PredictionRecord, PanePartial>, ReferenceBaseline, KeyedMessage> newHarness(
            PlumblineConfig.Window window) throws Exception {
        return newHarness(window, WARMUP_WINDOW);
    }

    private KeyedTwoInputStreamOperatorTestHarness<String, Either<PredictionRecord, PanePartial>, ReferenceBaseline, KeyedMessage> newHarness(
            PlumblineConfig.Window window, BaselineSettings baseline) throws Exception {
        return newHarness(window, baseline, DriftPolicy.of(DriftThresholds.DEFAULTS));
    }

    private KeyedTwoInputStreamOperatorTestHarness<String, Either<PredictionRecord, PanePartial>, ReferenceBaseline, KeyedMessage> newHarness(
            PlumblineConfig.Window window, BaselineSettings baseline, DriftPolicy policy) throws Exception {
        return newHarness(window, IDLE_AFTER, baseline, policy);
    }

    private KeyedTwoInputStreamOperatorTestHarness<String, Either<PredictionRecord, PanePartial>, ReferenceBaseline, KeyedMessage> newHarness(
            PlumblineConfig.Window window, Duration idleAfter, BaselineSettings baseline, DriftPolicy policy)
            throws Exception {
        KeyedTwoInputStreamOperatorTestHarness<String, Either<PredictionRecord, PanePartial>, ReferenceBaseline, KeyedMessage>
                created = new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(
                        new DriftWindowFunction(window, idleAfter, baseline, FEATURES, MAX_MODELS, policy, RUNBOOKS,
                                new KeyedStageDeadLetters("predictions", "drift windows"))),
                        BY_MODEL, new ReferenceKey(), Types.STRING);
        created.setStateBackend(stateBackend());
        return created;
    }

    /** The heap backend the job runs on by default; {@link DriftWindowFunctionOnRocksDbTest} runs every test on RocksDB. */
    StateBackend stateBackend() {
        return new HashMapStateBackend();
    }

    /** Replaces the harness with a fresh one of the default window and baseline and these rules. */
    private void reopen(DriftPolicy policy) throws Exception {
        harness.close();
        harness = newHarness(PlumblineConfig.Window.tumbling(Duration.ofMillis(WINDOW), MIN_EVENTS), WARMUP_WINDOW,
                policy);
        harness.open();
    }

    /** The rules of a config of these keys. */
    private static DriftPolicy rules(String... keysAndValues) throws ConfigException {
        Map<String, String> config = new TreeMap<>(Map.of("kafka.bootstrap-servers", "localhost:9092"));
        for (int i = 0; i < keysAndValues.length; i += 2) {
            config.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return ConfigLoader.load(null, config, Map.of()).rules();
    }

    /** Replaces the harness with a fresh one whose function needs {@code minEvents} to judge a window. */
    private void reopen(long minEvents) throws Exception {
        reopen(PlumblineConfig.Window.tumbling(Duration.ofMillis(WINDOW), minEvents));
    }

    private void reopen(PlumblineConfig.Window window) throws Exception {
        reopen(window, WARMUP_WINDOW);
    }

    private void reopen(PlumblineConfig.Window window, BaselineSettings baseline) throws Exception {
        harness.close();
        harness = newHarness(window, baseline);
        harness.open();
    }

    private void reopen(PlumblineConfig.Window window, Duration idleAfter, BaselineSettings baseline)
            throws Exception {
        harness.close();
        harness = newHarness(window, idleAfter, baseline, DriftPolicy.of(DriftThresholds.DEFAULTS));
        harness.open();
    }

    private void reopen(BaselineSettings baseline) throws Exception {
        reopen(PlumblineConfig.Window.tumbling(Duration.ofMillis(WINDOW), MIN_EVENTS), baseline);
    }

    /** 10 s windows, one ending every 2.5 s. */
    private void reopenSliding() throws Exception {
        reopen(new PlumblineConfig.Window(Duration.ofMillis(WINDOW), Duration.ofMillis(SLIDE), MIN_EVENTS));
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void aClosedWindowLeavesNeitherStateNorTimerBehind() throws Exception {
        for (String model : List.of("churn", "credit-risk")) {
            sendWindow(model, T0, 50, 0.0);           // the baseline
            sendWindow(model, T0 + WINDOW, 50, 0.0);  // compared with it
        }
        // per key, its two windows' and its retirement timer
        assertThat(harness.numEventTimeTimers()).isEqualTo(2 * 3);
        assertThat(keysWith("windows")).isEqualTo(2);

        closeUpTo(T0 + 2 * WINDOW);

        assertThat(harness.numEventTimeTimers()).as("the retirement timers, an hour on").isEqualTo(2);
        assertThat(keysWith("windows")).isZero();
        // what outlives a window, per key, until the key is retired
        assertThat(keysWith("baseline")).isEqualTo(2);
        assertThat(keysWith("feature-types")).isEqualTo(2);
        assertThat(keysWith("first-event-time")).isEqualTo(2);
        assertThat(keysWith("alerts")).isEqualTo(2);
        assertThat(keysWith("last-pane-end")).isEqualTo(2);
        assertThat(stateEntries()).isEqualTo(2 * 5);
        assertThat(stats()).extracting(s -> s.get("window_start").asLong()).containsOnly(T0 + WINDOW);
    }

    @Test
    void warmupSkipsAPartialFirstWindow() throws Exception {
        sendWindow("m", T0 + 3_000, 50, 0.0);  // first seen 3 s into its window: partial
        sendWindow("m", T0 + WINDOW, 50, 0.0);  // the first complete window: the baseline
        closeUpTo(T0 + 2 * WINDOW);

        assertThat(stats()).isEmpty();
        assertThat(harness.getSideOutput(DriftWindowFunction.ALERTS)).isNull();

        sendWindow("m", T0 + 2 * WINDOW, 50, 0.0);
        closeUpTo(T0 + 3 * WINDOW);

        List<JsonNode> stats = stats();
        assertThat(stats).isNotEmpty();
        assertThat(stats).allSatisfy(s -> {
            assertThat(s.get("baseline").asText()).isEqualTo("warmup");
            assertThat(s.get("baseline_window_start").asLong()).isEqualTo(T0 + WINDOW);
            assertThat(s.get("baseline_window_end").asLong()).isEqualTo(T0 + 2 * WINDOW);
            assertThat(s.get("window_start").asLong()).isEqualTo(T0 + 2 * WINDOW);
            assertThat(s.get("window_end").asLong()).isEqualTo(T0 + 3 * WINDOW);
        });
    }

    @Test
    void aFeatureOverrideInTheConfigQuietsThatFeaturesRuleOnly() throws Exception {
        List<List<String>> fired = new ArrayList<>();
        for (DriftPolicy policy : List.of(rules(), rules("rules.overrides[0].feature", "x",
                "rules.overrides[0].psi.threshold", "5"))) {
            reopen(policy);
            sendWindow("m", T0, 2_000, 0.0);
            sendWindow("m", T0 + WINDOW, 2_000, 1.0); // x and the prediction move by 1σ: PSI about 1
            closeUpTo(T0 + 2 * WINDOW);
            fired.add(alerts().stream()
                    .map(a -> a.get("labels").path("feature").asText() + "/" + a.get("rule").asText()).toList());
        }

        assertThat(fired.get(0)).contains("x/psi", "x/ks", "prediction/psi");
        assertThat(fired.get(1)).doesNotContain("x/psi").contains("x/ks", "prediction/psi");
    }

    @Test
    void aTypeInTheConfigDecidesHowAFeatureOfFewLevelsIsCompared() throws Exception {
        List<JsonNode> ratings = new ArrayList<>();
        for (DriftPolicy policy : List.of(rules(), rules("rules.overrides[0].feature", "rating",
                "rules.overrides[0].type", "numeric"))) {
            reopen(policy);
            for (int i = 0; i < 400; i++) {
                long time = T0 + i * (2 * WINDOW / 400);
                harness.processElement1(Either.Left(new PredictionRecord().reset("e" + i, time, "m", "v1")
                        .addNumber("rating", random.nextInt(3)).predictionNumber(random.nextGaussian())), time);
            }
            closeUpTo(T0 + 2 * WINDOW);
            ratings.addAll(stats().stream().filter(s -> s.get("feature").asText().equals("rating")).toList());
        }

        assertThat(ratings).extracting(s -> s.get("feature_type").asText()).containsExactly("categorical", "numeric");
        assertThat(ratings.get(0).path("ks_statistic").isNumber()).isFalse();
        assertThat(ratings.get(0).path("chi2_pvalue").isNumber()).isTrue();
        assertThat(ratings.get(1).path("ks_statistic").isNumber()).isTrue();
        assertThat(ratings.get(1).path("chi2_pvalue").isNumber()).isFalse();
    }

    @Test
    void aShiftedWindowFiresAndALaterStableWindowResolves() throws Exception {
        sendWindow("m", T0, 2_000, 0.0);
        sendWindow("m", T0 + WINDOW, 2_000, 0.0);
        closeUpTo(T0 + 2 * WINDOW);
        assertThat(harness.getSideOutput(DriftWindowFunction.ALERTS)).isNull();

        clearOutputs();
        sendWindow("m", T0 + 2 * WINDOW, 2_000, 1.0); // x and the prediction move by 1σ
        closeUpTo(T0 + 3 * WINDOW);
        List<JsonNode> fired = alerts();
        assertThat(fired).isNotEmpty().allSatisfy(a -> {
            assertThat(a.get("status").asText()).isEqualTo("firing");
            assertThat(a.get("window_start").asLong()).isEqualTo(T0 + 2 * WINDOW);
        });
        assertThat(fired).filteredOn(a -> a.get("labels").has("feature"))
                .extracting(a -> a.get("labels").get("feature").asText())
                .containsOnly("x", "prediction");
        // one of the model's two features drifted: the model-level alert, which has no feature
        assertThat(fired).filteredOn(a -> !a.get("labels").has("feature"))
                .extracting(a -> a.get("rule").asText()).containsOnly("drift_share");
        assertThat(fired).filteredOn(a -> a.get("labels").path("feature").asText().equals("prediction"))
                .isNotEmpty()
                .allSatisfy(a -> assertThat(a.get("labels").get("scope").asText()).isEqualTo("prediction"));
        assertThat(stats()).filteredOn(s -> s.get("feature").asText().equals("x"))
                .singleElement().satisfies(s -> assertThat(s.get("drifted").asBoolean()).isTrue());

        clearOutputs();
        sendWindow("m", T0 + 3 * WINDOW, 2_000, 0.0);
        closeUpTo(T0 + 4 * WINDOW);
        List<JsonNode> resolved = alerts();
        assertThat(resolved).allSatisfy(a -> assertThat(a.get("status").asText()).isEqualTo("resolved"));
        assertThat(resolved).extracting(a -> a.get("fingerprint").asText())
                .containsExactlyInAnyOrderElementsOf(fired.stream().map(a -> a.get("fingerprint").asText()).toList());
        assertThat(fired).hasSameSizeAs(resolved).allSatisfy(DriftWindowFunctionTest::linksToItsRunbook);
        assertThat(resolved).allSatisfy(DriftWindowFunctionTest::linksToItsRunbook)
                .allSatisfy(a -> assertThat(a.get("annotations").has("retired_at")).as("resolved, not retired").isFalse());
    }

    private static void linksToItsRunbook(JsonNode alert) {
        assertThat(alert.get("annotations").get("runbook_url").asText())
                .isEqualTo("https://wiki.example.com/plumbline/runbooks#" + alert.get("rule").asText());
    }

    /**
     * A flood of new model versions: past limits.max-models the stage keeps no state for another, and its
     * events go to the dead-letter topic as over_limit, pointing at where they were read. The count
     * survives a restore, and a retired version frees its place.
     */
    @Test
    void newModelVersionsPastTheLimitAreDeadLetteredAndARetiredOneFreesItsPlace() throws Exception {
        reopen(PlumblineConfig.Window.tumbling(Duration.ofMillis(WINDOW), MIN_EVENTS), Duration.ofMillis(WINDOW),
                WARMUP_WINDOW);
        for (String model : List.of("a", "b", "c")) {
            sendWindow(model, T0, 50, 0.0);
        }
        OperatorSubtaskState snapshot = harness.snapshot(1, 1);
        harness.close();
        harness = newHarness(PlumblineConfig.Window.tumbling(Duration.ofMillis(WINDOW), MIN_EVENTS),
                Duration.ofMillis(WINDOW), WARMUP_WINDOW, DriftPolicy.of(DriftThresholds.DEFAULTS));
        harness.initializeState(snapshot);
        harness.open();

        PredictionRecord flood = new PredictionRecord().reset("d-1", T0 + 5, "d", "v1").addNumber("x", 1.0)
                .predictionNumber(0.5);
        flood.locate(0, 12);
        harness.processElement1(Either.Left(flood), T0 + 5);

        assertThat(harness.getSideOutput(DeadLetterRouter.DEAD_LETTERS)).singleElement().satisfies(r -> {
            assertThat(r.getValue().reason()).isEqualTo(RejectReason.OVER_LIMIT);
            assertThat(r.getValue().raw().offset()).isEqualTo(12);
            assertThat(r.getValue().detail()).startsWith("the drift windows keep state for 3 keys (limits.max-models)"
                    + " and model version d/v1 would be one more; raise limits.max-models");
        });
        assertThat(keysWith("first-event-time")).isEqualTo(3);

        // a, b and c go quiet for model-idle-after and are retired; d's place is free again
        sendWindow("a", T0 + 3 * WINDOW, 50, 0.0);
        closeUpTo(T0 + 3 * WINDOW);
        sendWindow("d", T0 + 3 * WINDOW + 10, 50, 0.0);
        assertThat(harness.getSideOutput(DeadLetterRouter.DEAD_LETTERS)).hasSize(1);
        assertThat(keysWith("first-event-time")).isEqualTo(2);
    }

    /**
     * One event of a new version with junk names takes every feature slot; the real feature is dropped, and
     * the model record says how many of its values, until the window closes and it takes a junk feature's
     * slot. From the next window on it is monitored.
     */
    @Test
    void junkNamesSentOnceLoseTheirSlotsToTheRealFeatureAtTheNextWindowClose() throws Exception {
        harness.close();
        harness = new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(new DriftWindowFunction(
                PlumblineConfig.Window.tumbling(Duration.ofMillis(WINDOW), MIN_EVENTS), IDLE_AFTER, WARMUP_WINDOW,
                new PlumblineConfig.Features(5, 100, 0.01), MAX_MODELS, DriftPolicy.of(DriftThresholds.DEFAULTS),
                RUNBOOKS, new KeyedStageDeadLetters("predictions", "drift windows"))), BY_MODEL, new ReferenceKey(),
                Types.STRING);
        harness.open();
        PredictionRecord junk = new PredictionRecord().reset("junk", T0, "m", "v1").predictionNumber(0.5);
        for (int i = 0; i < 5; i++) {
            junk.addNumber("junk-" + i, i);
        }
        harness.processElement1(Either.Left(junk), T0);
        sendWindow("m", T0, 200, 0.0);         // x and c, dropped: no slot is free
        closeUpTo(T0 + WINDOW);
        sendWindow("m", T0 + WINDOW, 200, 0.0);
        closeUpTo(T0 + 2 * WINDOW);
        sendWindow("m", T0 + 2 * WINDOW, 200, 0.0);
        closeUpTo(T0 + 3 * WINDOW);

        JsonNode second = stats().stream().filter(s -> s.get("scope").asText().equals("model")
                && s.get("window_start").asLong() == T0 + WINDOW).findFirst().orElseThrow();
        assertThat(second.get("feature_values_dropped").asLong()).as("none since the first window closed").isZero();
        assertThat(stats()).filteredOn(s -> s.get("window_start").asLong() == T0 + 2 * WINDOW)
                .extracting(s -> s.get("feature").asText())
                .as("x and c are compared with the baseline they learnt in the second window")
                .contains("x", "c");
    }

    /**
     * Each limit of the drift stage counts what it turned away: events of a model version past
     * limits.max-models, values of a feature without a slot (features.max-per-model), and values a new
     * category pushed into "other" past features.max-categories.
     */
    @Test
    void eachLimitCountsWhatItTurnedAway() throws Exception {
        try (OperatorMetrics metrics = new OperatorMetrics();
             KeyedTwoInputHarness<String, Either<PredictionRecord, PanePartial>, ReferenceBaseline, KeyedMessage> metered =
                     new KeyedTwoInputHarness<>(new KeyedCoProcessOperator<>(new DriftWindowFunction(
                             PlumblineConfig.Window.tumbling(Duration.ofMillis(WINDOW), MIN_EVENTS), IDLE_AFTER,
                             WARMUP_WINDOW, new PlumblineConfig.Features(2, 3, 0.01), 2,
                             DriftPolicy.of(DriftThresholds.DEFAULTS), RUNBOOKS,
                             new KeyedStageDeadLetters("predictions", "drift windows"))),
                             BY_MODEL, new ReferenceKey(), Types.STRING, metrics.environment())) {
            metered.open();
            for (int i = 0; i < 10; i++) {
                // c and x take the two slots; junk is dropped; c names k0 to k2, then each new one pushes one out
                metered.processElement1(Either.Left(new PredictionRecord().reset("e" + i, T0 + i, "a", "v1")
                        .addCategory("c", "k" + i).addNumber("x", i).addNumber("junk", i).predictionNumber(0.5)), T0 + i);
            }
            for (String model : List.of("b", "c", "d")) {
                metered.processElement1(Either.Left(new PredictionRecord().reset(model, T0, model, "v1").addNumber("x", 1)
                        .predictionNumber(0.5)), T0);
            }

            assertThat(metrics.turnedAway("features.max-per-model")).isEqualTo(10);
            assertThat(metrics.turnedAway("features.max-categories")).isEqualTo(7);
            assertThat(metrics.turnedAway("limits.max-models")).isEqualTo(2);
            assertThat(metrics.deadLetters("over_limit")).isEqualTo(2);
            assertThat(metrics.gauge("models")).isEqualTo(2L);
            assertThat(metered.getSideOutput(DeadLetterRouter.DEAD_LETTERS)).hasSize(2);
        }
    }

    @Test
    void aRestoredFunctionKeepsItsBaselineOpenWindowsAndFiringAlerts() throws Exception {
        sendWindow("m", T0, 2_000, 0.0);
        sendWindow("m", T0 + WINDOW, 2_000, 1.0);
        closeUpTo(T0 + 2 * WINDOW);
        List<String> firing = alerts().stream().map(a -> a.get("fingerprint").asText()).toList();
        assertThat(firing).isNotEmpty();
        sendWindow("m", T0 + 2 * WINDOW, 1_000, 0.0); // half a window, open at the snapshot
        OperatorSubtaskState snapshot = harness.snapshot(1, 1);
        harness.close();

        harness = newHarness(MIN_EVENTS);
        harness.initializeState(snapshot);
        harness.open();
        sendWindow("m", T0 + 2 * WINDOW + 5_000, 1_000, 0.0);
        closeUpTo(T0 + 3 * WINDOW);

        assertThat(stats()).filteredOn(s -> s.get("feature").asText().equals("x")).singleElement().satisfies(s -> {
            assertThat(s.get("n_baseline").asLong()).isEqualTo(2_000);
            assertThat(s.get("n_current").asLong()).isEqualTo(2_000);
            assertThat(s.get("baseline_window_start").asLong()).isEqualTo(T0);
        });
        assertThat(alerts()).extracting(a -> a.get("status").asText()).containsOnly("resolved");
        assertThat(alerts()).extracting(a -> a.get("fingerprint").asText()).containsExactlyInAnyOrderElementsOf(firing);
    }

    /**
     * The drift stage had one input before references arrived on a second. Flink restores operator
     * state by uid (the job keeps "drift-windows"), not by operator class or number of inputs; keyed
     * state by name and serializer, timers by their timer service's name, which both keyed process
     * operators share. A snapshot of a one-input stage holding a learnt baseline, an open pane and
     * its timer restores into the two-input one.
     */
    @Test
    void aSnapshotOfTheOneInputStageRestoresIntoTheTwoInputOne() throws Exception {
        OperatorSubtaskState snapshot;
        try (KeyedOneInputStreamOperatorTestHarness<String, PredictionRecord, KeyedMessage> oneInput =
                     new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new OneInputStage()),
                             new PredictionPartials(WINDOW, 1000, 100)::key, Types.STRING)) {
            oneInput.setStateBackend(stateBackend());
            oneInput.open();
            for (int i = 0; i < 400; i++) {
                long time = T0 + 2 * WINDOW * i / 400;
                oneInput.processElement(new PredictionRecord().reset("e" + i, time, "m", "v1")
                        .addNumber("x", random.nextGaussian()).predictionNumber(random.nextGaussian()), time);
            }
            snapshot = oneInput.snapshot(1, 1);
        }
        harness.close();
        harness = newHarness(MIN_EVENTS);
        harness.initializeState(snapshot);
        harness.open();
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        closeUpTo(T0 + 2 * WINDOW);

        assertThat(stats()).filteredOn(s -> s.get("feature").asText().equals("x")).singleElement().satisfies(s -> {
            assertThat(s.get("baseline").asText()).isEqualTo("warmup");
            assertThat(s.get("baseline_window_start").asLong()).isEqualTo(T0);
            assertThat(s.get("n_baseline").asLong()).isEqualTo(200);
            assertThat(s.get("n_current").asLong()).isEqualTo(200);
            assertThat(s.get("window_start").asLong()).isEqualTo(T0 + WINDOW);
        });
        assertThat(harness.numEventTimeTimers()).as("the retirement timer it took when its window closed")
                .isEqualTo(1);

        closeUpTo(T0 + 2 * WINDOW + IDLE_AFTER.toMillis());
        assertThat(stateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    /**
     * What the one-input drift stage kept, under the same state names: its first window learnt as
     * the warmup baseline, later events in a pane with a timer at the pane's end.
     */
    private static final class OneInputStage extends KeyedProcessFunction<String, PredictionRecord, KeyedMessage> {

        private transient MapState<Long, ModelProfile> panes;
        private transient ValueState<Baseline> baseline;
        private transient ValueState<FeatureTypes> types;
        private transient ValueState<Long> firstEventTime;

        @Override
        public void open(OpenContext context) {
            panes = getRuntimeContext().getMapState(
                    new MapStateDescriptor<>("windows", LongSerializer.INSTANCE, ModelProfileSerializer.INSTANCE));
            baseline = getRuntimeContext().getState(new ValueStateDescriptor<>("baseline", BaselineSerializer.INSTANCE));
            types = getRuntimeContext().getState(
                    new ValueStateDescriptor<>("feature-types", FeatureTypesSerializer.INSTANCE));
            firstEventTime = getRuntimeContext().getState(
                    new ValueStateDescriptor<>("first-event-time", LongSerializer.INSTANCE));
        }

        @Override
        public void processElement(PredictionRecord event, Context ctx, Collector<KeyedMessage> out) throws Exception {
            if (firstEventTime.value() == null) {
                firstEventTime.update(event.timestamp());
                types.update(new FeatureTypes(1000));
            }
            // Written back after each event, so the fixture keeps its state on RocksDB too.
            FeatureTypes fixed = types.value();
            if (event.timestamp() < T0 + WINDOW) {
                Baseline learnt = baseline.value();
                ModelProfile profile = learnt == null ? new ModelProfile() : learnt.profile();
                RECORDER.record(event, profile, fixed);
                baseline.update(new Baseline(profile, T0, T0 + WINDOW));
            } else {
                long start = event.timestamp() - Math.floorMod(event.timestamp(), WINDOW);
                ModelProfile profile = panes.get(start);
                if (profile == null) {
                    profile = new ModelProfile();
                    ctx.timerService().registerEventTimeTimer(start + WINDOW - 1);
                }
                RECORDER.record(event, profile, fixed);
                panes.put(start, profile);
            }
            types.update(fixed);
        }
    }

    @Test
    void anEventForAWindowThatHasClosedLeavesNoTrace() throws Exception {
        sendWindow("m", T0, 50, 0.0);
        closeUpTo(T0 + 2 * WINDOW);
        long entries = stateEntries();

        // as from a partition that resumes after being idle, behind the others' watermark
        sendWindow("m", T0 + WINDOW, 10, 5.0);
        closeUpTo(T0 + 3 * WINDOW);

        assertThat(harness.numEventTimeTimers()).as("the key's retirement timer, not moved").isEqualTo(1);
        assertThat(keysWith("windows")).isZero();
        assertThat(stateEntries()).isEqualTo(entries);
        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.getSideOutput(DriftWindowFunction.ALERTS)).isNull();
    }

    @Test
    void eachStatsRecordIsKeyedByModelVersionAndFeature() throws Exception {
        sendWindow("credit-risk", T0, 50, 0.0);
        sendWindow("credit-risk", T0 + WINDOW, 50, 0.0);
        closeUpTo(T0 + 2 * WINDOW);

        assertThat(harness.extractOutputValues()).extracting(KeyedMessage::key)
                .containsExactlyInAnyOrder("credit-risk/v1/x", "credit-risk/v1/c", "credit-risk/v1/prediction",
                        "credit-risk/v1/");
    }

    @Test
    void aWindowBelowTheMinimumIsReportedButNeitherFiresNorResolves() throws Exception {
        reopen(1_000);
        sendWindow("m", T0, 2_000, 0.0);
        sendWindow("m", T0 + WINDOW, 2_000, 1.0);
        closeUpTo(T0 + 2 * WINDOW);
        List<JsonNode> fired = alerts();
        assertThat(fired).isNotEmpty();

        clearOutputs();
        sendWindow("m", T0 + 2 * WINDOW, 999, 0.0);  // back to normal, but too small to say so
        sendWindow("m", T0 + 3 * WINDOW, 999, 3.0);  // far off, but too small to say so
        closeUpTo(T0 + 4 * WINDOW);

        assertThat(alerts()).isEmpty();
        assertThat(stats()).hasSize(2 * 4).allSatisfy(s -> {
            assertThat(s.get("n_current").asLong()).isEqualTo(999);
            assertThat(s.has("drifted")).as("drifted, left out when null").isFalse();
        });
        assertThat(stats()).filteredOn(s -> s.get("scope").asText().equals("model")).allSatisfy(s -> {
            assertThat(s.has("drift_share")).isFalse();
            assertThat(s.has("features_drifted")).isFalse();
            assertThat(s.get("features_total").asInt()).isEqualTo(2);
        });
        assertThat(stats()).filteredOn(s -> s.get("feature").asText().equals("x"))
                .allSatisfy(s -> assertThat(s.has("ks_statistic")).isTrue());

        clearOutputs();
        sendWindow("m", T0 + 4 * WINDOW, 1_000, 0.0); // enough again: the alerts resolve
        closeUpTo(T0 + 5 * WINDOW);
        assertThat(alerts()).extracting(a -> a.get("status").asText()).containsOnly("resolved");
        assertThat(alerts()).extracting(a -> a.get("fingerprint").asText())
                .containsExactlyInAnyOrderElementsOf(fired.stream().map(a -> a.get("fingerprint").asText()).toList());
    }

    @Test
    void warmupSkipsACompleteWindowBelowTheMinimum() throws Exception {
        reopen(1_000);
        sendWindow("m", T0, 500, 0.0);
        sendWindow("m", T0 + WINDOW, 1_000, 0.0);
        sendWindow("m", T0 + 2 * WINDOW, 1_000, 0.0);
        closeUpTo(T0 + 3 * WINDOW);

        assertThat(stats()).isNotEmpty().allSatisfy(s -> {
            assertThat(s.get("baseline_window_start").asLong()).isEqualTo(T0 + WINDOW);
            assertThat(s.get("window_start").asLong()).isEqualTo(T0 + 2 * WINDOW);
        });
    }

    @Test
    void anEventUpdatesOnlyItsPane() throws Exception {
        reopenSliding();
        send("m", T0 + 3_000, T0 + 3_100, 3, 0.0);   // pane [T0 + 2.5 s, T0 + 5 s)
        send("m", T0 + 6_000, T0 + 6_100, 2, 0.0);   // pane [T0 + 5 s, T0 + 7.5 s)

        assertThat(paneEvents("m")).containsExactly(Map.entry(T0 + 2_500, 3L), Map.entry(T0 + 5_000, 2L));
        // the windows ending at T0 + 5, 7.5, 10, 12.5 and 15 s, and the key's retirement timer
        assertThat(harness.numEventTimeTimers()).isEqualTo(5 + 1);
    }

    @Test
    void panesAndTimersAreGoneOnceTheLastWindowContainingThemCloses() throws Exception {
        reopenSliding();
        send("m", T0 + 3_000, T0 + 3_100, 3, 0.0);
        send("m", T0 + 6_000, T0 + 6_100, 2, 0.0);

        closeUpTo(T0 + 7_500);
        assertThat(sealedPaneStarts("m")).as("panes whose time has passed are kept serialised")
                .containsExactly(T0 + 2_500, T0 + 5_000);
        assertThat(keysWith("windows")).isZero();

        closeUpTo(T0 + 12_500);  // the last window holding the first pane
        assertThat(paneEvents("m")).containsOnlyKeys(T0 + 5_000);
        assertThat(harness.numEventTimeTimers()).as("the last window's and the retirement timer").isEqualTo(2);

        closeUpTo(T0 + 15_000);
        assertThat(paneEvents("m")).isEmpty();
        assertThat(harness.numEventTimeTimers()).as("the retirement timer").isEqualTo(1);
        assertThat(keysWith("windows")).isZero();
        assertThat(keysWith("sealed-panes")).isZero();
    }

    @Test
    void anEventBehindTheWatermarkReopensItsSealedPaneForTheWindowsStillOpen() throws Exception {
        reopenSliding();
        send("m", T0 + 3_000, T0 + 3_100, 3, 0.0);
        closeUpTo(T0 + 7_500);
        assertThat(sealedPaneStarts("m")).containsExactly(T0 + 2_500);

        send("m", T0 + 4_000, T0 + 4_100, 2, 0.0);

        assertThat(paneEvents("m")).containsExactly(Map.entry(T0 + 2_500, 5L));
        assertThat(sealedPaneStarts("m")).isEmpty();
    }

    @Test
    void aSlidingWindowIsComparedEverySlideAndAlertsOnAShiftedPane() throws Exception {
        reopenSliding();
        send("m", T0, T0 + 2 * WINDOW, 4_000, 0.0);
        send("m", T0 + 2 * WINDOW, T0 + 2 * WINDOW + SLIDE, 500, 2.0);  // one shifted pane
        closeUpTo(T0 + 2 * WINDOW + SLIDE);

        List<JsonNode> stats = stats();
        assertThat(stats).allSatisfy(s -> {
            assertThat(s.get("window_end").asLong() - s.get("window_start").asLong()).isEqualTo(WINDOW);
            assertThat(s.get("baseline_window_start").asLong()).isEqualTo(T0);
            assertThat(s.get("baseline_window_end").asLong()).isEqualTo(T0 + WINDOW);
        });
        // after the baseline [T0, T0 + 10 s), one window every 2.5 s
        assertThat(stats).filteredOn(s -> s.get("scope").asText().equals("model"))
                .extracting(s -> s.get("window_end").asLong())
                .containsExactly(T0 + 12_500, T0 + 15_000, T0 + 17_500, T0 + 20_000, T0 + 22_500);
        assertThat(stats).extracting(s -> s.get("n_current").asLong()).containsOnly(2_000L);
        assertThat(alerts()).isNotEmpty().allSatisfy(a -> {
            assertThat(a.get("status").asText()).isEqualTo("firing");
            assertThat(a.get("window_start").asLong()).isEqualTo(T0 + 12_500);
        });
        assertThat(alerts()).extracting(a -> a.get("labels").path("feature").asText()).contains("x", "prediction");
    }

    @Test
    void aWarmupOfNEventsIsTheirProfileAndWindowsClosedBeforeItAreNotCompared() throws Exception {
        reopen(new BaselineSettings(BaselineKind.WARMUP, 150, 1));
        sendWindow("m", T0 + 3_000, 100, 0.0);
        closeUpTo(T0 + WINDOW);
        assertThat(stats()).isEmpty();
        assertThat(keysWith("baseline")).isZero();
        assertThat(keysWith("warmup")).isOne();

        sendWindow("m", T0 + WINDOW, 100, 0.0);   // its 50th event completes the baseline
        sendWindow("m", T0 + 2 * WINDOW, 100, 0.0);
        closeUpTo(T0 + 3 * WINDOW);

        assertThat(keysWith("warmup")).isZero();
        assertThat(stats()).extracting(s -> s.get("window_start").asLong())
                .containsOnly(T0 + WINDOW, T0 + 2 * WINDOW);
        assertThat(stats()).allSatisfy(s -> {
            assertThat(s.get("baseline").asText()).isEqualTo("warmup");
            assertThat(s.get("n_baseline").asLong()).isEqualTo(150);
            // from the first event to just after the 150th
            assertThat(s.get("baseline_window_start").asLong()).isEqualTo(T0 + 3_000);
            assertThat(s.get("baseline_window_end").asLong()).isEqualTo(T0 + WINDOW + 4_900 + 1);
        });
    }

    @Test
    void aRestoredFunctionKeepsItsPanesAndAHalfLearntWarmup() throws Exception {
        PlumblineConfig.Window sliding =
                new PlumblineConfig.Window(Duration.ofMillis(WINDOW), Duration.ofMillis(SLIDE), MIN_EVENTS);
        BaselineSettings firstHundred = new BaselineSettings(BaselineKind.WARMUP, 100, 1);
        reopen(sliding, firstHundred);
        send("m", T0, T0 + SLIDE, 60, 0.0);
        OperatorSubtaskState snapshot = harness.snapshot(1, 1);
        harness.close();

        harness = newHarness(sliding, firstHundred);
        harness.initializeState(snapshot);
        harness.open();
        assertThat(paneEvents("m")).containsExactly(Map.entry(T0, 60L));
        assertThat(harness.numEventTimeTimers()).as("the pane's four windows' and the retirement timer").isEqualTo(5);
        closeUpTo(T0 + SLIDE);  // closes before the warmup is complete: not compared
        send("m", T0 + SLIDE, T0 + WINDOW + SLIDE, 200, 0.0);  // the 40th of these completes the warmup
        closeUpTo(T0 + WINDOW + SLIDE);

        assertThat(stats()).filteredOn(s -> s.get("scope").asText().equals("model")).allSatisfy(s -> {
            assertThat(s.get("n_baseline").asLong()).isEqualTo(100);
            assertThat(s.get("baseline_window_start").asLong()).isEqualTo(T0);
        }).extracting(s -> s.get("window_end").asLong())
                .containsExactly(T0 + 2 * SLIDE, T0 + 3 * SLIDE, T0 + 4 * SLIDE, T0 + 5 * SLIDE);
    }

    @Test
    void aRollingBaselineIsThePreviousKWindowsOnceThereIsOne() throws Exception {
        reopen(new BaselineSettings(BaselineKind.ROLLING, 0, 2));
        for (int w = 0; w < 4; w++) {
            sendWindow("m", T0 + w * WINDOW, 100, 0.0);
        }
        closeUpTo(T0 + 4 * WINDOW);

        List<JsonNode> model = stats().stream().filter(s -> s.get("scope").asText().equals("model")).toList();
        assertThat(model).extracting(s -> s.get("window_start").asLong(), s -> s.get("baseline_window_start").asLong(),
                        s -> s.get("baseline_window_end").asLong(), s -> s.get("n_baseline").asLong())
                .containsExactly(
                        tuple(T0 + WINDOW, T0, T0 + WINDOW, 100L),
                        tuple(T0 + 2 * WINDOW, T0, T0 + 2 * WINDOW, 200L),
                        tuple(T0 + 3 * WINDOW, T0 + WINDOW, T0 + 3 * WINDOW, 200L));
        assertThat(stats()).allSatisfy(s -> assertThat(s.get("baseline").asText()).isEqualTo("rolling"));
        // what the next window's baseline needs, and nothing older
        assertThat(paneEvents("m")).containsOnlyKeys(T0 + 2 * WINDOW, T0 + 3 * WINDOW);
        assertThat(harness.numEventTimeTimers()).as("the retirement timer").isEqualTo(1);
    }

    @Test
    void aRollingBaselineFollowsAShiftThatStays() throws Exception {
        reopen(new BaselineSettings(BaselineKind.ROLLING, 0, 1));
        sendWindow("m", T0, 2_000, 0.0);
        sendWindow("m", T0 + WINDOW, 2_000, 0.0);
        sendWindow("m", T0 + 2 * WINDOW, 2_000, 1.0);
        closeUpTo(T0 + 3 * WINDOW);
        List<JsonNode> fired = alerts();
        assertThat(fired).isNotEmpty().allSatisfy(a -> {
            assertThat(a.get("status").asText()).isEqualTo("firing");
            assertThat(a.get("window_start").asLong()).isEqualTo(T0 + 2 * WINDOW);
        });

        clearOutputs();
        sendWindow("m", T0 + 3 * WINDOW, 2_000, 1.0);  // shifted still, like the window before it
        closeUpTo(T0 + 4 * WINDOW);
        assertThat(alerts()).extracting(a -> a.get("status").asText()).containsOnly("resolved");
        assertThat(alerts()).hasSameSizeAs(fired);
    }

    @Test
    void aRollingBaselineOfASlidingWindowEndsWhereTheWindowStarts() throws Exception {
        reopen(new PlumblineConfig.Window(Duration.ofMillis(WINDOW), Duration.ofMillis(SLIDE), MIN_EVENTS),
                new BaselineSettings(BaselineKind.ROLLING, 0, 1));
        send("m", T0, T0 + 25_000, 1_000, 0.0);
        closeUpTo(T0 + 25_000);

        List<JsonNode> model = stats().stream().filter(s -> s.get("scope").asText().equals("model")).toList();
        assertThat(model).extracting(s -> s.get("window_end").asLong())
                .containsExactly(T0 + 20_000, T0 + 22_500, T0 + 25_000);
        assertThat(model).allSatisfy(s -> {
            assertThat(s.get("baseline_window_end").asLong()).isEqualTo(s.get("window_start").asLong());
            assertThat(s.get("baseline_window_start").asLong()).isEqualTo(s.get("window_start").asLong() - WINDOW);
            assertThat(s.get("n_baseline").asLong()).isEqualTo(400);
            assertThat(s.get("n_current").asLong()).isEqualTo(400);
        });
    }

    @Test
    void aPublishedReferenceReplacesTheWarmupFromTheNextWindowOnAndLeavesOnlyItselfBehind() throws Exception {
        sendWindow("m", T0, 200, 0.0);           // the warmup baseline
        sendWindow("m", T0 + WINDOW, 200, 0.0);  // stable against it
        closeUpTo(T0 + 2 * WINDOW);
        assertThat(stats()).extracting(s -> s.get("baseline").asText()).containsOnly("warmup");
        assertThat(alerts()).isEmpty();
        clearOutputs();

        long builtAt = T0 - 86_400_000;
        sendWindow("m", T0 + 2 * WINDOW, 200, 0.0);  // half in when the reference arrives
        harness.processElement2(reference("m", "v1", builtAt, 3.0, 400), builtAt);
        closeUpTo(T0 + 3 * WINDOW);

        List<JsonNode> stats = stats();
        assertThat(stats).isNotEmpty().allSatisfy(s -> {
            assertThat(s.get("baseline").asText()).isEqualTo("reference");
            assertThat(s.get("baseline_window_start").asLong()).isEqualTo(builtAt);
            assertThat(s.get("baseline_window_end").asLong()).isEqualTo(builtAt);
            assertThat(s.get("n_baseline").asLong()).isEqualTo(400);
        });
        assertThat(stats).filteredOn(s -> s.get("feature").asText().equals("x"))
                .allSatisfy(s -> assertThat(s.get("drifted").asBoolean()).isTrue());
        assertThat(alerts()).isNotEmpty().allSatisfy(a -> assertThat(a.get("status").asText()).isEqualTo("firing"));

        assertThat(harness.numEventTimeTimers()).as("the retirement timer").isEqualTo(1);
        assertThat(keysWith("windows")).isZero();
        assertThat(keysWith("reference")).isEqualTo(1);
        // the warmup baseline it replaced is gone
        assertThat(keysWith("baseline")).isZero();
        assertThat(keysWith("warmup")).isZero();
        assertThat(stateEntries()).isEqualTo(5); // reference, types, first event, alerts, last pane
    }

    @Test
    void aReferenceForAKeyNotYetSeenIsItsBaselineFromItsFirstWindow() throws Exception {
        harness.processElement2(reference("m", "v1", T0, 0.0, 400), T0);
        assertThat(harness.numEventTimeTimers()).isZero();

        sendWindow("m", T0 + 3_000, 200, 0.0);  // a partial first window: a warmup would skip it
        closeUpTo(T0 + WINDOW);

        assertThat(stats()).isNotEmpty().allSatisfy(s -> {
            assertThat(s.get("baseline").asText()).isEqualTo("reference");
            assertThat(s.get("window_start").asLong()).isEqualTo(T0);
        });
        assertThat(alerts()).isEmpty();
    }

    /**
     * A published reference lists the version's features: a feature it does not name takes no slot, also
     * after the key is restored from a checkpoint.
     */
    @Test
    void aFeatureTheReferenceDoesNotNameIsDroppedAlsoAfterARestore() throws Exception {
        harness.processElement2(reference("m", "v1", T0, 0.0, 400), T0);
        OperatorSubtaskState snapshot = harness.snapshot(1, 1);
        harness.close();
        harness = newHarness(PlumblineConfig.Window.tumbling(Duration.ofMillis(WINDOW), MIN_EVENTS));
        harness.initializeState(snapshot);
        harness.open();

        for (int i = 0; i < 50; i++) {
            harness.processElement1(Either.Left(new PredictionRecord().reset("e-" + i, T0 + i, "m", "v1").addNumber("x", 0.1)
                    .addNumber("surprise", 1.0).predictionNumber(0.5)), T0 + i);
        }
        closeUpTo(T0 + WINDOW);

        assertThat(stats()).extracting(s -> s.get("feature").asText()).doesNotContain("surprise").contains("x");
        assertThat(stats()).filteredOn(s -> s.get("scope").asText().equals("model")).singleElement()
                .satisfies(s -> assertThat(s.get("feature_values_dropped").asLong()).isEqualTo(50));
    }

    @Test
    void anotherVersionOfTheModelNeverUsesTheReference() throws Exception {
        harness.processElement2(reference("m", "v2", T0, 3.0, 400), T0);
        sendWindow("m", T0, 200, 0.0);
        sendWindow("m", T0 + WINDOW, 200, 0.0);
        closeUpTo(T0 + 2 * WINDOW);

        assertThat(stats()).isNotEmpty().allSatisfy(s -> {
            assertThat(s.get("model_version").asText()).isEqualTo("v1");
            assertThat(s.get("baseline").asText()).isEqualTo("warmup");
        });
        assertThat(alerts()).isEmpty();
    }

    @Test
    void aReferenceReplacesARollingBaselineAndItsPanesAreNoLongerKept() throws Exception {
        reopen(new BaselineSettings(BaselineKind.ROLLING, 0, 3));
        send("m", T0, T0 + 3 * WINDOW, 600, 0.0);
        closeUpTo(T0 + 3 * WINDOW);
        assertThat(paneEvents("m")).hasSize(3);  // kept for the rolling baseline
        clearOutputs();

        harness.processElement2(reference("m", "v1", T0, 0.0, 400), T0);
        sendWindow("m", T0 + 3 * WINDOW, 200, 0.0);
        closeUpTo(T0 + 4 * WINDOW);

        assertThat(stats()).isNotEmpty()
                .allSatisfy(s -> assertThat(s.get("baseline").asText()).isEqualTo("reference"));
        assertThat(paneEvents("m")).isEmpty();
    }

    @Test
    void theReferencesFeatureTypesAreTheKeysSoAnotherTypeIsAMismatch() throws Exception {
        ModelProfile profile = new ModelProfile();
        FeatureTypes types = new FeatureTypes(1000);
        for (int i = 0; i < 400; i++) {
            // "c" is a number in the training data; the stream sends it as a string
            RECORDER.record(new PredictionRecord().reset("r" + i, T0, "m", "v1")
                    .addNumber("x", random.nextGaussian()).addNumber("c", i % 3)
                    .predictionNumber(random.nextGaussian()), profile, types);
        }
        harness.processElement2(new ReferenceBaseline("m", "v1", T0, "train.csv", profile, types), T0);
        sendWindow("m", T0, 200, 0.0);
        closeUpTo(T0 + WINDOW);

        assertThat(stats()).filteredOn(s -> s.get("feature").asText().equals("c"))
                .singleElement().satisfies(s -> assertThat(s.get("type_mismatch_current").asLong()).isEqualTo(200));
    }

    /**
     * An event behind this stage's watermark (its partition resumed after a quiet spell behind the others) is
     * dead-lettered as late, pointing at where it was read, instead of vanishing into a counter.
     */
    @Test
    void anEventWhoseWindowsClosedIsDeadLetteredAsLateByWhereItWasRead() throws Exception {
        sendWindow("m", T0, 200, 0.0);
        closeUpTo(T0 + WINDOW);
        PredictionRecord late = new PredictionRecord().reset("late-1", T0 + 5, "m", "v1").addNumber("x", 1.0)
                .predictionNumber(0.5);
        late.locate(3, 77);
        harness.processElement1(Either.Left(late), T0 + 5);

        assertThat(harness.getSideOutput(DeadLetterRouter.DEAD_LETTERS)).singleElement().satisfies(r -> {
            DeadLetter letter = r.getValue();
            assertThat(letter.reason()).isEqualTo(RejectReason.LATE);
            assertThat(letter.raw().topic()).isEqualTo("predictions");
            assertThat(letter.raw().partition()).isEqualTo(3);
            assertThat(letter.raw().offset()).isEqualTo(77);
            assertThat(letter.raw().value()).isNull();
            assertThat(letter.detail()).contains("behind the drift windows watermark", "predictions-3 offset 77");
        });
        assertThat(keysWith("windows")).as("no pane reopened for it").isZero();
    }

    /**
     * Partials of a pane's events, as {@link PaneCombiner} sends them, give the statistics and alerts the same
     * events give one by one (to the last digits the merged moments may differ in).
     */
    @Test
    void partialsOfThePanesEventsAreJudgedAsTheEventsOneByOne() throws Exception {
        List<PredictionRecord> events = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            long time = T0 + 2 * WINDOW * i / 600;
            double shift = time < T0 + WINDOW ? 0 : 1.5;
            PredictionRecord event = new PredictionRecord().reset("e" + i, time, "m", "v1")
                    .addNumber("x", shift + random.nextGaussian())
                    .addCategory("c", "abc".substring(random.nextInt(3)).substring(0, 1))
                    .predictionNumber(shift + random.nextGaussian());
            if (i % 50 == 7) {
                event.addCategory("age", "unknown");
            } else {
                event.addNumber("age", 30 + random.nextInt(20));
            }
            event.locate(0, i);
            events.add(event);
        }
        for (PredictionRecord event : events) {
            harness.processElement1(Either.Left(event), event.timestamp());
        }
        closeUpTo(T0 + 2 * WINDOW);
        List<JsonNode> oneByOne = stats();
        List<JsonNode> oneByOneAlerts = alerts();

        harness.close();
        harness = newHarness(MIN_EVENTS);
        harness.open();
        PanePartial partial = null;
        for (PredictionRecord event : events) {
            long pane = event.timestamp() - Math.floorMod(event.timestamp(), WINDOW);
            if (partial == null || partial.paneStart() != pane || partial.events() == 37) {
                if (partial != null) {
                    harness.processElement1(Either.Right(partial), partial.paneStart());
                }
                partial = new PanePartial(ModelKey.of("m", "v1"), pane,
                        new PartialProfile(FEATURES.maxPerModel(), FEATURES.maxCategories()));
            }
            partial.add(event);
        }
        harness.processElement1(Either.Right(partial), partial.paneStart());
        closeUpTo(T0 + 2 * WINDOW);

        assertThat(oneByOneAlerts).as("the shift fires").isNotEmpty();
        assertSameJson(stats(), oneByOne);
        assertSameJson(alerts(), oneByOneAlerts);
    }

    @Test
    void aLatePartialIsDeadLetteredEventByEventWhereTheyWereRead() throws Exception {
        sendWindow("m", T0, 200, 0.0);
        closeUpTo(T0 + WINDOW);
        harness.processElement1(Either.Right(partialOf("m", 3, 2, 40)), T0);

        assertThat(harness.getSideOutput(DeadLetterRouter.DEAD_LETTERS)).extracting(StreamRecord::getValue)
                .satisfiesExactly(
                        l -> assertThat(l.detail()).contains("event time " + Instant.ofEpochMilli(T0), "predictions-2 offset 40"),
                        l -> assertThat(l.detail()).contains("predictions-2 offset 41"),
                        l -> assertThat(l.detail()).contains("predictions-2 offset 42"))
                .allSatisfy(l -> assertThat(l.reason()).isEqualTo(RejectReason.LATE));
        assertThat(keysWith("windows")).as("no pane reopened for it").isZero();
    }

    @Test
    void aPartialOfAKeyPastTheLimitIsDeadLetteredEventByEvent() throws Exception {
        for (String model : List.of("a", "b", "c")) {
            sendWindow(model, T0, 50, 0.0);
        }
        harness.processElement1(Either.Right(partialOf("d", 2, 1, 10)), T0);

        assertThat(harness.getSideOutput(DeadLetterRouter.DEAD_LETTERS)).extracting(StreamRecord::getValue)
                .satisfiesExactly(
                        l -> assertThat(l.raw().offset()).isEqualTo(10),
                        l -> assertThat(l.raw().offset()).isEqualTo(11))
                .allSatisfy(l -> assertThat(l.detail()).contains("model version d/v1 would be one more"));
        assertThat(keysWith("first-event-time")).isEqualTo(3);
    }

    /** A partial of {@code events} events of model {@code model} at T0, read from consecutive offsets. */
    private static PanePartial partialOf(String model, int events, int partition, long firstOffset) {
        PanePartial partial = new PanePartial(ModelKey.of(model, "v1"), T0,
                new PartialProfile(FEATURES.maxPerModel(), FEATURES.maxCategories()));
        for (int i = 0; i < events; i++) {
            PredictionRecord event = new PredictionRecord().reset(model + "-" + i, T0 + i, model, "v1")
                    .addNumber("x", 1.0);
            event.locate(partition, firstOffset + i);
            partial.add(event);
        }
        return partial;
    }

    @Test
    void untilTheReferencesSayTheyAreIdleNoWindowCloses() throws Exception {
        sendWindow("m", T0, 200, 0.0);
        sendWindow("m", T0 + WINDOW, 200, 0.0);
        // the stage's event time is the minimum over its active inputs, and the references have none
        harness.processWatermark1(new Watermark(T0 + 2 * WINDOW - 1));
        assertThat(harness.numEventTimeTimers()).as("two windows' and the retirement timer").isEqualTo(3);
        assertThat(keysWith("windows")).isEqualTo(1);

        harness.processWatermarkStatus2(WatermarkStatus.IDLE);
        assertThat(harness.numEventTimeTimers()).as("the retirement timer").isEqualTo(1);
        assertThat(keysWith("windows")).isZero();
        assertThat(stats()).isNotEmpty();
    }

    /**
     * A quiet spell: the predictions go idle while the references are idle for good. Event time must stay
     * where the predictions left it, so the open window stays open and the predictions that come after the
     * spell are placed in their windows, not dropped.
     */
    @Test
    void whenThePredictionsGoIdleEventTimeStaysWhereItWas() throws Exception {
        harness.processWatermarkStatus2(WatermarkStatus.IDLE);
        sendWindow("m", T0, 200, 0.0);
        harness.processWatermark1(new Watermark(T0 + WINDOW / 2));
        harness.processWatermarkStatus1(WatermarkStatus.IDLE);

        assertThat(harness.numEventTimeTimers()).as("the open window's and the retirement timer").isEqualTo(2);
        assertThat(keysWith("windows")).isEqualTo(1);

        harness.processWatermarkStatus1(WatermarkStatus.ACTIVE);
        sendWindow("m", T0 + 3 * WINDOW, 200, 0.0);
        harness.processWatermark1(new Watermark(T0 + 4 * WINDOW - 1));
        assertThat(stats()).extracting(s -> s.get("window_start").asLong())
                .as("the window before the spell, the learnt baseline, and the one after it")
                .contains(T0 + 3 * WINDOW);
    }

    @Test
    void aVersionThatStopsHasItsFiringAlertsResolvedWhenRetiredSayingWhy() throws Exception {
        reopen(PlumblineConfig.Window.tumbling(Duration.ofMillis(WINDOW), MIN_EVENTS), Duration.ofMillis(3 * WINDOW),
                WARMUP_WINDOW);
        sendWindow("credit-risk", "v3", T0, 500, 0.0);
        sendWindow("credit-risk", "v3", T0 + WINDOW, 500, 2.0);  // fires, then v4 replaces it
        for (int w = 2; w < 6; w++) {
            sendWindow("credit-risk", "v4", T0 + w * WINDOW, 500, 0.0);
        }
        closeUpTo(T0 + 2 * WINDOW);
        List<JsonNode> fired = alerts();
        assertThat(fired).isNotEmpty().allSatisfy(a -> assertThat(a.get("status").asText()).isEqualTo("firing"));
        clearOutputs();

        // v3's last window ended at T0 + 20 s: it is retired at the end of the first window 30 s after that
        harness.processWatermark1(new Watermark(T0 + 5 * WINDOW - 2));
        assertThat(alerts()).isEmpty();
        closeUpTo(T0 + 5 * WINDOW);

        List<JsonNode> resolved = alerts();
        assertThat(resolved).extracting(a -> a.get("fingerprint").asText())
                .containsExactlyInAnyOrderElementsOf(fired.stream().map(a -> a.get("fingerprint").asText()).toList());
        assertThat(resolved).allSatisfy(a -> {
            assertThat(a.get("status").asText()).isEqualTo("resolved");
            assertThat(a.get("labels").get("model_version").asText()).isEqualTo("v3");
            assertThat(a.get("ends_at").asText()).isEqualTo("2025-01-01T00:00:20Z");
            assertThat(a.get("window_start").asLong()).isEqualTo(T0 + 2 * WINDOW);
            assertThat(a.get("window_end").asLong()).isEqualTo(T0 + 5 * WINDOW);
            assertThat(a.get("annotations").get("description").asText()).startsWith("Resolved without a verdict:"
                    + " credit-risk v3 had no predictions since 2025-01-01T00:00:20Z and was retired after 30s"
                    + " without predictions (model-idle-after).");
            assertThat(a.get("annotations").get("retired_at").asText()).as("the end of the window retiring it")
                    .isEqualTo("2025-01-01T00:00:50Z");
            linksToItsRunbook(a);
        });
        assertThat(keysWith("alerts")).as("v4's").isEqualTo(1);
        assertThat(keysWith("last-pane-end")).isEqualTo(1);
    }

    /**
     * A reference that does not name a feature replaces both the types and the learnt baseline that did: the
     * alert firing for it is still resolved when the key retires.
     */
    @Test
    void aRetiredKeyResolvesAnAlertOfAFeatureItsReferenceDoesNotName() throws Exception {
        reopen(PlumblineConfig.Window.tumbling(Duration.ofMillis(WINDOW), MIN_EVENTS), Duration.ofMillis(WINDOW),
                WARMUP_WINDOW);
        sendWindow("m", T0, 500, 0.0);
        sendWindow("m", T0 + WINDOW, 500, 2.0);
        closeUpTo(T0 + 2 * WINDOW);
        List<JsonNode> fired = alerts();
        assertThat(fired).extracting(a -> a.get("labels").path("feature").asText()).contains("x");
        clearOutputs();

        ModelProfile withoutX = new ModelProfile();
        FeatureTypes types = new FeatureTypes(1000);
        for (int i = 0; i < 400; i++) {
            RECORDER.record(new PredictionRecord().reset("train-" + i, T0, "m", "v1")
                    .addCategory("c", "abc".substring(i % 3, i % 3 + 1)).predictionNumber(random.nextGaussian()),
                    withoutX, types);
        }
        harness.processElement2(new ReferenceBaseline("m", "v1", T0, "train.csv", withoutX, types), T0);
        closeUpTo(T0 + 3 * WINDOW);

        assertThat(alerts()).allSatisfy(a -> assertThat(a.get("status").asText()).isEqualTo("resolved"))
                .extracting(a -> a.get("fingerprint").asText())
                .containsExactlyInAnyOrderElementsOf(fired.stream().map(a -> a.get("fingerprint").asText()).toList());
        assertThat(keysWith("alerts")).isZero();
    }

    @Test
    void aKeyThatStopsKeepsNoStateAndNoTimerOnceRetired() throws Exception {
        // sliding windows and a rolling baseline: the most panes a key keeps, sealed and open
        reopen(new PlumblineConfig.Window(Duration.ofMillis(WINDOW), Duration.ofMillis(SLIDE), MIN_EVENTS),
                Duration.ofMillis(WINDOW), new BaselineSettings(BaselineKind.ROLLING, 0, 2));
        for (int w = 0; w < 3; w++) {
            sendWindow("m", T0 + w * WINDOW, 400, 0.0);
        }
        sendWindow("m", T0 + 3 * WINDOW, 400, 3.0);
        // the last window holding the last pane ends at T0 + 47.5 s; some alerts resolve as its windows close
        closeUpTo(T0 + 5 * WINDOW - SLIDE);
        Set<String> firing = new TreeSet<>();
        for (JsonNode alert : alerts()) {
            if (alert.get("status").asText().equals("firing")) {
                firing.add(alert.get("fingerprint").asText());
            } else {
                firing.remove(alert.get("fingerprint").asText());
            }
        }
        assertThat(firing).isNotEmpty();
        assertThat(harness.numEventTimeTimers()).as("the retirement timer").isEqualTo(1);
        clearOutputs();

        closeUpTo(T0 + 5 * WINDOW);  // 10 s after the last pane's end

        assertThat(alerts()).allSatisfy(a -> assertThat(a.get("status").asText()).isEqualTo("resolved"))
                .extracting(a -> a.get("fingerprint").asText()).containsExactlyInAnyOrderElementsOf(firing);
        assertThat(stats()).as("a retirement closes no window").isEmpty();
        assertThat(stateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aRetiredKeyKeepsItsPublishedReferenceAndIsJudgedByItWhenItReturns() throws Exception {
        reopen(PlumblineConfig.Window.tumbling(Duration.ofMillis(WINDOW), MIN_EVENTS), Duration.ofMillis(WINDOW),
                WARMUP_WINDOW);
        harness.processElement2(reference("m", "v1", T0, 0.0, 400), T0);
        sendWindow("m", T0, 200, 3.0);
        closeUpTo(T0 + WINDOW);
        assertThat(alerts()).isNotEmpty().allSatisfy(a -> assertThat(a.get("status").asText()).isEqualTo("firing"));
        clearOutputs();

        closeUpTo(T0 + 2 * WINDOW);

        assertThat(alerts()).isNotEmpty().allSatisfy(a -> assertThat(a.get("status").asText()).isEqualTo("resolved"));
        assertThat(harness.numEventTimeTimers()).isZero();
        // the stream cannot send the reference again: it stays, with the feature types it fixed
        assertThat(keysWith("reference")).isEqualTo(1);
        assertThat(keysWith("feature-types")).isEqualTo(1);
        assertThat(stateEntries()).isEqualTo(2);

        clearOutputs();
        sendWindow("m", T0 + 5 * WINDOW, 200, 0.0);
        closeUpTo(T0 + 6 * WINDOW);
        assertThat(stats()).isNotEmpty()
                .allSatisfy(s -> assertThat(s.get("baseline").asText()).isEqualTo("reference"));
    }

    @Test
    void theEndOfABoundedInputRetiresNothing() throws Exception {
        reopen(PlumblineConfig.Window.tumbling(Duration.ofMillis(WINDOW), MIN_EVENTS), Duration.ofMillis(WINDOW),
                WARMUP_WINDOW);
        sendWindow("m", T0, 500, 0.0);
        sendWindow("m", T0 + WINDOW, 500, 2.0);
        harness.processWatermarkStatus2(WatermarkStatus.IDLE);
        harness.processWatermark1(Watermark.MAX_WATERMARK);

        assertThat(alerts()).isNotEmpty().allSatisfy(a -> assertThat(a.get("status").asText()).isEqualTo("firing"));
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(keysWith("alerts")).isEqualTo(1);
        assertThat(keysWith("baseline")).isEqualTo(1);
    }

    @Test
    void aKeyWithEventsKeepsOneRetirementTimerThatMovesWithoutLosingAWindowsTimer() throws Exception {
        // an idle span of one window: each new window's timer has the old retirement timer's timestamp
        reopen(PlumblineConfig.Window.tumbling(Duration.ofMillis(WINDOW), MIN_EVENTS), Duration.ofMillis(WINDOW),
                WARMUP_WINDOW);
        for (int w = 0; w < 5; w++) {
            sendWindow("m", T0 + w * WINDOW, 100, 0.0);
            assertThat(harness.numEventTimeTimers()).as("the open window's and the retirement timer").isEqualTo(2);
            closeUpTo(T0 + (w + 1) * WINDOW);
        }

        assertThat(stats()).filteredOn(s -> s.get("scope").asText().equals("model"))
                .extracting(s -> s.get("window_start").asLong())
                .containsExactly(T0 + WINDOW, T0 + 2 * WINDOW, T0 + 3 * WINDOW, T0 + 4 * WINDOW);
        assertThat(keysWith("baseline")).as("not retired while it has events").isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
    }

    /** A reference of {@code events} events like {@link #send}'s with the given shift, built with the job's recorder. */
    private ReferenceBaseline reference(String model, String version, long builtAt, double shift, int events) {
        ModelProfile profile = new ModelProfile();
        FeatureTypes types = new FeatureTypes(1000);
        for (int i = 0; i < events; i++) {
            PredictionRecord row = new PredictionRecord().reset("train-" + i, builtAt, model, version)
                    .addNumber("x", shift + random.nextGaussian())
                    .addCategory("c", "abc".substring(random.nextInt(3)).substring(0, 1))
                    .predictionNumber(shift + random.nextGaussian());
            RECORDER.record(row, profile, types);
        }
        return new ReferenceBaseline(model, version, builtAt, "train.csv", profile, types);
    }

    /** Events spread over one window from {@code start}: x ~ N(shift, 1), c in {a, b, c}, prediction ~ N(shift, 1). */
    private void sendWindow(String model, long start, int events, double shift) throws Exception {
        sendWindow(model, "v1", start, events, shift);
    }

    private void sendWindow(String model, String version, long start, int events, double shift) throws Exception {
        send(model, version, start, start - Math.floorMod(start, WINDOW) + WINDOW, events, shift);
    }

    /** Events spread evenly over [start, end), as {@link #sendWindow}. */
    private void send(String model, long start, long end, int events, double shift) throws Exception {
        send(model, "v1", start, end, events, shift);
    }

    private void send(String model, String version, long start, long end, int events, double shift) throws Exception {
        for (int i = 0; i < events; i++) {
            long time = start + (end - start) * i / events;
            PredictionRecord event = new PredictionRecord().reset(model + "-" + time + "-" + i, time, model, version)
                    .addNumber("x", shift + random.nextGaussian())
                    .addCategory("c", "abc".substring(random.nextInt(3)).substring(0, 1))
                    .predictionNumber(shift + random.nextGaussian());
            harness.processElement1(Either.Left(event), time);
        }
    }

    /**
     * Advances the predictions' watermark; the references are idle, as {@code ReferenceWatermarks} declares
     * them in the job, so the predictions alone decide.
     */
    private void closeUpTo(long windowEnd) throws Exception {
        harness.processWatermarkStatus2(WatermarkStatus.IDLE);
        harness.processWatermark1(new Watermark(windowEnd - 1));
    }

    private void clearOutputs() {
        harness.getOutput().clear();
        var side = harness.getSideOutput(DriftWindowFunction.ALERTS);
        if (side != null) {
            side.clear();
        }
    }

    /** Events per pane start of the key of {@code model}, version v1. */
    private Map<Long, Long> paneEvents(String model) throws Exception {
        KeyedStateBackend<String> backend = harness.getOperator().getKeyedStateBackend();
        backend.setCurrentKey(ModelKey.of(model, "v1"));
        MapState<Long, ModelProfile> panes = backend.getPartitionedState(VoidNamespace.INSTANCE,
                VoidNamespaceSerializer.INSTANCE,
                new MapStateDescriptor<>("windows", LongSerializer.INSTANCE, ModelProfileSerializer.INSTANCE));
        Map<Long, Long> events = new TreeMap<>();
        for (Map.Entry<Long, ModelProfile> pane : panes.entries()) {
            events.put(pane.getKey(), pane.getValue().events());
        }
        for (Map.Entry<Long, byte[]> pane : sealedPanes(backend).entries()) {
            events.put(pane.getKey(), ProfileFormat.read(pane.getValue()).events());
        }
        return events;
    }

    private static MapState<Long, byte[]> sealedPanes(KeyedStateBackend<String> backend) throws Exception {
        return backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE,
                new MapStateDescriptor<>("sealed-panes", LongSerializer.INSTANCE, BytePrimitiveArraySerializer.INSTANCE));
    }

    /** The starts of the panes kept serialised. */
    private Set<Long> sealedPaneStarts(String model) throws Exception {
        KeyedStateBackend<String> backend = harness.getOperator().getKeyedStateBackend();
        backend.setCurrentKey(ModelKey.of(model, "v1"));
        Set<Long> starts = new TreeSet<>();
        sealedPanes(backend).keys().forEach(starts::add);
        return starts;
    }

    /**
     * The keyed state entries of every state the stage declares, one per key and state, as the heap backend's
     * own count, which is checked where there is one (the harness counts on no other backend).
     */
    private long stateEntries() {
        long entries = 0;
        for (String state : List.of("alerts", "baseline", "feature-types", "first-event-time", "last-pane-end",
                "reference", "sealed-panes", "warmup", "windows")) {
            entries += keysWith(state);
        }
        if (harness.getOperator().getKeyedStateBackend() instanceof HeapKeyedStateBackend<?>) {
            assertThat(harness.numKeyedStateEntries()).as("the states counted are all there are").isEqualTo(entries);
        }
        return entries;
    }

    private long keysWith(String state) {
        KeyedStateBackend<String> backend = harness.getOperator().getKeyedStateBackend();
        return backend.getKeys(state, VoidNamespace.INSTANCE).count();
    }

    private List<JsonNode> stats() {
        return harness.extractOutputValues().stream().map(m -> parse(m.value())).collect(Collectors.toList());
    }

    private List<JsonNode> alerts() {
        var side = harness.getSideOutput(DriftWindowFunction.ALERTS);
        return side == null ? List.of() : side.stream().map(StreamRecord::getValue).map(m -> parse(m.value())).toList();
    }

    private static JsonNode parse(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
