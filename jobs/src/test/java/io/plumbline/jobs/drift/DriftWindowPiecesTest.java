package io.plumbline.jobs.drift;

import io.plumbline.detectors.sketch.CategoricalSketch;
import io.plumbline.monitor.drift.ProfileRecorder;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import io.plumbline.detectors.baseline.ReferenceBaseline;
import io.plumbline.detectors.sketch.FeatureTypes;
import io.plumbline.detectors.sketch.ModelProfile;
import io.plumbline.jobs.window.IdleRetirement;
import io.plumbline.schemas.event.PredictionRecord;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.SimpleTimerService;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pieces of {@link DriftWindowFunction} on their own, on one key's state in a test harness: the baseline
 * strategies, which read without writing and learn only when told, and the retirement timer.
 */
class DriftWindowPiecesTest {

    private static final long T0 = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();
    private static final long WINDOW = 10_000;
    private static final int MIN_EVENTS = 20;
    private static final ProfileRecorder RECORDER = new ProfileRecorder(CategoricalSketch.DEFAULT_MAX_DISTINCT);

    private KeyedOneInputStreamOperatorTestHarness<String, String, String> harness;
    private RuntimeContext context;
    private TimerService timers;
    private ValueState<Long> firstEventTime;
    private PublishedReference reference;

    /** Hosts the pieces: their state and timers are the operator's, under the key the test sets. */
    private static final class Host extends KeyedProcessFunction<String, String, String> {
        @Override
        public void processElement(String value, Context ctx, Collector<String> out) {
        }
    }

    @BeforeEach
    void open() throws Exception {
        KeyedProcessOperator<String, String, String> operator = new KeyedProcessOperator<>(new Host());
        harness = new KeyedOneInputStreamOperatorTestHarness<>(operator, key -> key, Types.STRING);
        harness.open();
        operator.setCurrentKey(ModelKey.of("m", "v1"));
        context = operator.getRuntimeContext();
        timers = new SimpleTimerService(operator.getInternalTimerService("user-timers",
                VoidNamespaceSerializer.INSTANCE, operator));
        firstEventTime = context.getState(new ValueStateDescriptor<>("first-event-time", LongSerializer.INSTANCE));
        reference = new PublishedReference(context);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void aWarmupReadsWithoutWritingAndLearnsTheFirstCompleteWindowWhenToldTo() throws Exception {
        WarmupBaseline warmup = new WarmupBaseline(context, firstEventTime, reference, RECORDER, 0, MIN_EVENTS);
        firstEventTime.update(T0 + 3_000);

        assertThat(warmup.baselineOf(T0)).isNull();
        assertThat(keysWith("baseline")).as("a read writes nothing").isZero();
        warmup.learn(T0, T0 + WINDOW, profile(T0, 100));
        assertThat(warmup.baselineOf(T0 + WINDOW)).as("a partial first window is not learnt").isNull();
        warmup.learn(T0 + WINDOW, T0 + 2 * WINDOW, profile(T0 + WINDOW, MIN_EVENTS - 1));
        assertThat(warmup.baselineOf(T0 + 2 * WINDOW)).as("nor one below the minimum").isNull();

        ModelProfile complete = profile(T0 + 2 * WINDOW, 50);
        warmup.learn(T0 + 2 * WINDOW, T0 + 3 * WINDOW, complete);
        warmup.learn(T0 + 3 * WINDOW, T0 + 4 * WINDOW, profile(T0 + 3 * WINDOW, 80));

        assertThat(warmup.baselineOf(T0 + 4 * WINDOW)).as("learnt once, then never changed")
                .isEqualTo(new Baseline(complete, T0 + 2 * WINDOW, T0 + 3 * WINDOW));
        assertThat(warmup.features()).containsExactlyInAnyOrder("x");
        warmup.clear();
        assertThat(keysWith("baseline")).isZero();
        assertThat(warmup.baselineOf(T0 + 4 * WINDOW)).isNull();
    }

    @Test
    void aWarmupOfNEventsLearnsThemAsTheyArriveUnlessAReferenceIsPublished() throws Exception {
        WarmupBaseline warmup = new WarmupBaseline(context, firstEventTime, reference, RECORDER, 3, MIN_EVENTS);
        FeatureTypes types = new FeatureTypes(100);

        warmup.record(event(T0 + 500), types);
        warmup.record(event(T0 + 100), types);
        assertThat(warmup.baselineOf(T0)).isNull();
        assertThat(keysWith("warmup")).isEqualTo(1);
        warmup.learn(T0, T0 + WINDOW, profile(T0, 100));
        assertThat(warmup.baselineOf(T0)).as("it learns events, not windows").isNull();

        warmup.record(event(T0 + 900), types);
        Baseline learnt = warmup.baselineOf(T0);
        assertThat(learnt.profile().events()).isEqualTo(3);
        assertThat(learnt.windowStart()).isEqualTo(T0 + 100);
        assertThat(learnt.windowEnd()).isEqualTo(T0 + 901);
        assertThat(keysWith("warmup")).as("the events so far are dropped once learnt").isZero();

        warmup.clear();
        reference.publish(new ReferenceBaseline("m", "v1", T0, "train.csv", profile(T0, 50), new FeatureTypes(100)));
        warmup.record(event(T0 + 1_000), types);
        assertThat(keysWith("warmup")).as("a published reference replaces it").isZero();
        assertThat(reference.baselineOf(T0).windowStart()).isEqualTo(T0);
        assertThat(reference.features()).containsExactly("x");
    }

    @Test
    void aRollingBaselineMergesTheCompleteWindowsBeforeTheWindowAndReadsWithoutWriting() throws Exception {
        Panes panes = new Panes(context, WINDOW);
        RollingBaseline rolling = new RollingBaseline(panes, firstEventTime, WINDOW, 2, MIN_EVENTS);
        firstEventTime.update(T0);
        for (int w = 0; w < 3; w++) {
            panes.put(T0 + w * WINDOW, profile(T0 + w * WINDOW, 30 + w));
        }
        long entries = harness.numKeyedStateEntries();

        assertThat(rolling.baselineOf(T0)).as("the first window has no window before it").isNull();
        assertThat(rolling.baselineOf(T0 + WINDOW).profile().events()).isEqualTo(30);
        Baseline two = rolling.baselineOf(T0 + 3 * WINDOW);
        assertThat(two.profile().events()).isEqualTo(31 + 32);
        assertThat(two.windowStart()).isEqualTo(T0 + WINDOW);
        assertThat(two.windowEnd()).isEqualTo(T0 + 3 * WINDOW);
        assertThat(harness.numKeyedStateEntries()).as("reads write nothing").isEqualTo(entries);
        assertThat(rolling.panesNeededFrom(T0 + 4 * WINDOW)).isEqualTo(T0 + 2 * WINDOW);

        firstEventTime.update(T0 + 2 * WINDOW);
        assertThat(rolling.baselineOf(T0 + 3 * WINDOW).profile().events()).as("only complete windows count")
                .isEqualTo(32);
    }

    @Test
    void theRetirementTimerFollowsTheLatestPaneAndLeavesNothingOnceCleared() throws Exception {
        IdleRetirement idle = new IdleRetirement(3 * WINDOW, WINDOW);
        RetirementTimer retirement = new RetirementTimer(context, idle);

        retirement.paneOpened(T0 + WINDOW, timers);
        assertThat(retirement.idleSince()).isEqualTo(T0 + WINDOW);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        assertThat(retirement.firesAt(T0 + WINDOW, T0 + 4 * WINDOW - 1)).isTrue();

        retirement.paneOpened(T0 + 3 * WINDOW, timers);
        retirement.paneOpened(T0 + 2 * WINDOW, timers);  // an earlier pane opened late moves nothing
        assertThat(retirement.idleSince()).isEqualTo(T0 + 3 * WINDOW);
        assertThat(harness.numEventTimeTimers()).as("moved, not added").isEqualTo(1);
        assertThat(retirement.firesAt(T0 + 3 * WINDOW, T0 + 4 * WINDOW - 1)).isFalse();
        assertThat(retirement.firesAt(T0 + 3 * WINDOW, T0 + 6 * WINDOW - 1)).isTrue();

        retirement.clear();
        assertThat(retirement.idleSince()).isNull();
        assertThat(keysWith("last-pane-end")).isZero();
    }

    @Test
    void anIdleSpanOffTheWindowsRetiresAtTheEndOfTheFirstWindowAfterIt() {
        IdleRetirement idle = new IdleRetirement(25_000, WINDOW);

        assertThat(idle.timer(T0 + WINDOW)).isEqualTo(T0 + 4 * WINDOW - 1);
        assertThat(idle.timer(T0 + 5_000)).isEqualTo(T0 + 3 * WINDOW - 1);
    }

    private static PredictionRecord event(long time) {
        return new PredictionRecord().reset("e-" + time, time, "m", "v1").addNumber("x", time % 7);
    }

    /** A profile of {@code events} events from {@code start} on, of one numeric feature x. */
    private static ModelProfile profile(long start, int events) {
        ModelProfile profile = new ModelProfile();
        FeatureTypes types = new FeatureTypes(100);
        for (int i = 0; i < events; i++) {
            RECORDER.record(event(start + i), profile, types);
        }
        return profile;
    }

    private long keysWith(String state) {
        return harness.getOperator().getKeyedStateBackend().getKeys(state, VoidNamespace.INSTANCE).count();
    }
}
