package io.plumbline.jobs.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.plumbline.alerts.lifecycle.Runbooks;
import io.plumbline.alerts.llm.LlmThresholds;
import io.plumbline.detectors.llm.RouteProfile;
import io.plumbline.jobs.kafka.KeyedMessage;
import io.plumbline.jobs.kafka.KeyedStageDeadLetters;
import io.plumbline.jobs.testing.TriageCalls;
import io.plumbline.monitor.pricing.PriceTable;
import io.plumbline.schemas.event.LlmCallRecord;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.Test;

/** What the window function hands the budget stages: window costs per service, call costs per tenant. */
class LlmWindowSpendTest {

    private static final long T0 = Instant.parse("2025-06-01T00:00:00Z").toEpochMilli();
    private static final long WINDOW = 10_000;
    /** gpt-4o-mini in the built-in table: 1000 input and 200 output tokens. */
    private static final double MINI_CALL = 1_000 * 0.15e-6 + 200 * 0.60e-6;

    private KeyedOneInputStreamOperatorTestHarness<String, Either<LlmCallRecord, CallPartial>, KeyedMessage> harness;
    private int ids;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new LlmWindowFunction(
                Duration.ofMillis(WINDOW), Duration.ofHours(1), PriceTable.defaults(), LlmThresholds.DEFAULTS, Runbooks.DEFAULT,
                true, 1000, RouteProfile.DEFAULT_MAX_VARIANTS, new KeyedStageDeadLetters("llm-calls", "LLM windows"))),
                LlmWindowFunctionTest.BY_ROUTE,
                Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void eachClosedWindowOfAKeyComesOutAsItsServicesSpend() throws Exception {
        send(call(T0 + 1_000).costUsd(0.25).build());
        send(call(T0 + 2_000).build());
        send(call(T0 + 3_000).promptName("summary").costUsd(1).build());
        send(call(T0 + 4_000).service("search").requestModel("no-such-model").build()); // unpriced: no spend
        harness.processWatermark(new Watermark(T0 + WINDOW));

        assertThat(spends(LlmWindowFunction.SERVICE_SPEND)).extracting(Spend::owner, Spend::timeMillis)
                .containsExactlyInAnyOrder(
                        tuple("support-bot", T0),
                        tuple("support-bot", T0));
        assertThat(spends(LlmWindowFunction.SERVICE_SPEND).stream().mapToDouble(Spend::costUsd).sum())
                .isCloseTo(0.25 + MINI_CALL + 1, within(1e-12));
    }

    /** A tenant's spend carries where its call was read, for the tenant budgets to dead-letter it by. */
    @Test
    void onlyPricedCallsWithATenantComeOutAsTheTenantsSpend() throws Exception {
        LlmCallRecord first = call(T0 + 1_000).tenant("acme").build();
        first.locate(2, 40);
        send(first);
        LlmCallRecord second = call(T0 + 2_000).tenant("acme").costUsd(0.5).build();
        second.locate(0, 7);
        send(second);
        send(call(T0 + 3_000).build());
        send(call(T0 + 4_000).tenant("globex").requestModel("no-such-model").build());

        assertThat(spends(LlmWindowFunction.TENANT_SPEND)).containsExactly(
                new Spend("acme", T0 + 1_000, MINI_CALL, 2, 40), new Spend("acme", T0 + 2_000, 0.5, 0, 7));
    }

    /** A partial's tenant spends go on as its calls' would have, once the stage has taken it. */
    @Test
    void aPartialsTenantSpendsGoOnAsItsCallsWould() throws Exception {
        CallPartials partials = new CallPartials(WINDOW, PriceTable.defaults(), RouteProfile.DEFAULT_MAX_VARIANTS, true);
        LlmCallRecord first = call(T0 + 1_000).tenant("acme").build();
        first.locate(2, 40);
        LlmCallRecord second = call(T0 + 2_000).tenant("acme").costUsd(0.5).build();
        second.locate(0, 7);
        CallPartial partial = partials.open(partials.key(first), T0);
        for (LlmCallRecord call : List.of(first, second, call(T0 + 3_000).build())) {
            partials.add(partial, call);
        }

        harness.processElement(new StreamRecord<>(Either.Right(partial), T0));

        assertThat(spends(LlmWindowFunction.TENANT_SPEND)).containsExactly(
                new Spend("acme", T0 + 1_000, MINI_CALL, 2, 40), new Spend("acme", T0 + 2_000, 0.5, 0, 7));
        harness.processWatermark(new Watermark(T0 + WINDOW));
        assertThat(spends(LlmWindowFunction.SERVICE_SPEND)).singleElement()
                .satisfies(s -> assertThat(s.costUsd()).isCloseTo(2 * MINI_CALL + 0.5, within(1e-12)));
    }

    private void send(LlmCallRecord call) throws Exception {
        harness.processElement(new StreamRecord<>(Either.Left(call), call.eventTimeMillis()));
    }

    private List<Spend> spends(OutputTag<Spend> tag) {
        var out = harness.getSideOutput(tag);
        return out == null ? List.of() : out.stream().map(StreamRecord::getValue).toList();
    }

    private LlmCallRecord.Builder call(long endMillis) {
        return TriageCalls.ending("c-" + ids++, endMillis);
    }
}
