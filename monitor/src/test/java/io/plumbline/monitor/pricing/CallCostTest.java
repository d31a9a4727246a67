package io.plumbline.monitor.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class CallCostTest {

    private static final double PER_MILLION = 1e-6;

    /** Four distinct prices, so that a token priced at the wrong one changes the sum. */
    private static final ModelPrice DISTINCT = new ModelPrice("test", LocalDate.of(2025, 1, 1),
            new TokenPrices(2.00 * PER_MILLION, 8.00 * PER_MILLION, 0.50 * PER_MILLION, 12.00 * PER_MILLION),
            List.of());

    /** Gemini 2.5 Pro's shape: every price higher above 200k input tokens. */
    private static final ModelPrice TIERED = new ModelPrice("test", LocalDate.of(2025, 1, 1),
            new TokenPrices(1.25 * PER_MILLION, 10.00 * PER_MILLION, 0.31 * PER_MILLION, 10.00 * PER_MILLION),
            List.of(new PriceTier(200_000,
                    new TokenPrices(2.50 * PER_MILLION, 15.00 * PER_MILLION, 0.625 * PER_MILLION, 15.00 * PER_MILLION))));

    @Test
    void eachKindOfTokenPaysItsOwnPriceWithCachedInsideInputAndReasoningInsideOutput() {
        // 10 000 input of which 4 000 cached, 1 500 output of which 1 000 reasoning:
        // 6 000 × 2.00 + 4 000 × 0.50 + 500 × 8.00 + 1 000 × 12.00 per million
        // = 0.012 + 0.002 + 0.004 + 0.012 = 0.030 USD
        assertThat(CallCost.tableUsd(DISTINCT, 10_000, 1_500, 4_000, 1_000)).isCloseTo(0.030, within(1e-12));
    }

    @Test
    void withoutCacheOrReasoningItIsInputTimesInputPricePlusOutputTimesOutputPrice() {
        // 1 000 × 2.00 + 200 × 8.00 per million = 0.002 + 0.0016
        assertThat(CallCost.tableUsd(DISTINCT, 1_000, 200, 0, 0)).isCloseTo(0.0036, within(1e-12));
    }

    @Test
    void aCallAboveATiersThresholdPaysTheTierPriceForAllItsTokens() {
        // 250 000 input (50 000 cached), 2 000 output: 200 000 × 2.50 + 50 000 × 0.625 + 2 000 × 15.00 per million
        assertThat(CallCost.tableUsd(TIERED, 250_000, 2_000, 50_000, 0)).isCloseTo(0.56125, within(1e-12));
        // exactly at the threshold is not above it: 150 000 × 1.25 + 50 000 × 0.31 + 2 000 × 10.00 per million
        assertThat(CallCost.tableUsd(TIERED, 200_000, 2_000, 50_000, 0)).isCloseTo(0.223, within(1e-12));
    }

    @Test
    void theSendersCostWinsOverThePriceTable() {
        CallCost cost = CallCost.of(0.0421, Optional.of(DISTINCT), 10_000, 1_500, 4_000, 1_000);

        assertThat(cost.basis()).isEqualTo(CallCost.Basis.REPORTED);
        assertThat(cost.usd()).isEqualTo(0.0421);
    }

    @Test
    void withoutASenderCostTheTablePrices() {
        CallCost cost = CallCost.of(null, Optional.of(DISTINCT), 10_000, 1_500, 4_000, 1_000);

        assertThat(cost.basis()).isEqualTo(CallCost.Basis.PRICED);
        assertThat(cost.usd()).isCloseTo(0.030, within(1e-12));
    }

    @Test
    void aSenderCostOfZeroIsAFreeCallNotAMissingOne() {
        CallCost cost = CallCost.of(0.0, Optional.of(DISTINCT), 10_000, 1_500, 0, 0);

        assertThat(cost.basis()).isEqualTo(CallCost.Basis.REPORTED);
        assertThat(cost.usd()).isZero();
    }

    @Test
    void anUnpricedCallHasNoCostRatherThanZero() {
        CallCost cost = CallCost.of(null, Optional.empty(), 10_000, 1_500, 0, 0);

        assertThat(cost).isSameAs(CallCost.UNPRICED);
        assertThat(cost.isPriced()).isFalse();
        assertThatThrownBy(cost::usd).isInstanceOf(IllegalStateException.class)
                .hasMessage("an unpriced call has no cost; count it as unpriced instead");
    }

    @Test
    void partsLargerThanTheirWholeOrNegativeCountsAreRejected() {
        assertThatThrownBy(() -> CallCost.tableUsd(DISTINCT, 100, 10, 101, 0))
                .hasMessage("gen_ai.usage.cache_read.input_tokens = 101 exceeds gen_ai.usage.input_tokens = 100,"
                        + " which includes it");
        assertThatThrownBy(() -> CallCost.tableUsd(DISTINCT, 100, 10, 0, 11))
                .hasMessage("gen_ai.usage.reasoning.output_tokens = 11 exceeds gen_ai.usage.output_tokens = 10,"
                        + " which includes it");
        assertThatThrownBy(() -> CallCost.tableUsd(DISTINCT, -1, 10, 0, 0))
                .hasMessage("token counts are ≥ 0, got gen_ai.usage.input_tokens = -1,"
                        + " gen_ai.usage.cache_read.input_tokens = 0");
        assertThatThrownBy(() -> CallCost.of(-0.5, Optional.empty(), 0, 0, 0, 0))
                .hasMessage("a cost is a finite number of USD ≥ 0, got -0.5");
        assertThatThrownBy(() -> new CallCost(CallCost.Basis.UNPRICED, 0.0))
                .hasMessage("an unpriced call has no amount, got 0.0");
    }
}
