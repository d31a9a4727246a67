package io.plumbline.monitor.pricing;

import java.util.Optional;

/**
 * What one call cost and how we know it. An unpriced call has no cost at all (not zero): asking
 * for its {@link #usd()} fails, so it cannot be summed into a budget by accident.
 *
 * @param basis where the amount comes from
 */
public record CallCost(Basis basis, double usd) {

    /** Where a cost comes from. */
    public enum Basis {
        /** The sender's own {@code cost.usd}: it knows its contract prices, so it wins over any table. */
        REPORTED,
        /** Our price table and the call's token counts. */
        PRICED,
        /** No sender cost, and no price for the model at the call's date. */
        UNPRICED
    }

    public static final CallCost UNPRICED = new CallCost(Basis.UNPRICED, Double.NaN);

    public CallCost {
        if (basis == null) {
            throw new IllegalArgumentException("a cost needs its basis");
        }
        if (basis == Basis.UNPRICED ? !Double.isNaN(usd) : !(usd >= 0) || Double.isInfinite(usd)) {
            throw new IllegalArgumentException(basis == Basis.UNPRICED ? "an unpriced call has no amount, got " + usd
                    : "a cost is a finite number of USD ≥ 0, got " + usd);
        }
    }

    /**
     * The sender's {@code cost.usd} when present, else the price table's cost, else
     * {@link #UNPRICED}. Token counts follow OpenTelemetry: {@code inputTokens} includes
     * {@code cacheReadTokens} and {@code outputTokens} includes {@code reasoningTokens}.
     *
     * @param reportedUsd the event's {@code cost.usd}, or null when the sender did not send one
     * @param price the table's price for the call's model and date, empty when it has none
     * @throws IllegalArgumentException for a negative count or cost, or a part larger than its
     *                                  whole; the events are validated before they are priced
     */
    public static CallCost of(Double reportedUsd, Optional<ModelPrice> price, long inputTokens,
                              long outputTokens, long cacheReadTokens, long reasoningTokens) {
        if (reportedUsd != null) {
            return new CallCost(Basis.REPORTED, reportedUsd);
        }
        return price.map(p -> new CallCost(Basis.PRICED,
                        tableUsd(p, inputTokens, outputTokens, cacheReadTokens, reasoningTokens)))
                .orElse(UNPRICED);
    }

    /**
     * The price table's cost: (input − cache read) · input price + cache read · cache-read price
     * + (output − reasoning) · output price + reasoning · reasoning price, at the prices of the
     * tier the call's input tokens fall in.
     */
    public static double tableUsd(ModelPrice price, long inputTokens, long outputTokens,
                                  long cacheReadTokens, long reasoningTokens) {
        checkPart("cache_read.input_tokens", cacheReadTokens, "input_tokens", inputTokens);
        checkPart("reasoning.output_tokens", reasoningTokens, "output_tokens", outputTokens);
        TokenPrices p = price.pricesFor(inputTokens);
        return (inputTokens - cacheReadTokens) * p.input()
                + cacheReadTokens * p.cacheRead()
                + (outputTokens - reasoningTokens) * p.output()
                + reasoningTokens * p.reasoning();
    }

    public boolean isPriced() {
        return basis != Basis.UNPRICED;
    }

    /** The cost in USD. */
    @Override
    public double usd() {
        if (basis == Basis.UNPRICED) {
            throw new IllegalStateException("an unpriced call has no cost; count it as unpriced instead");
        }
        return usd;
    }

    private static void checkPart(String part, long partTokens, String whole, long wholeTokens) {
        if (partTokens < 0 || wholeTokens < 0) {
            throw new IllegalArgumentException("token counts are ≥ 0, got gen_ai.usage." + whole + " = "
                    + wholeTokens + ", gen_ai.usage." + part + " = " + partTokens);
        }
        // OpenTelemetry counts the part inside the whole; a sender that counts them apart (as
        // Anthropic's own API reports cache reads) must add them up before sending.
        if (partTokens > wholeTokens) {
            throw new IllegalArgumentException("gen_ai.usage." + part + " = " + partTokens
                    + " exceeds gen_ai.usage." + whole + " = " + wholeTokens + ", which includes it");
        }
    }
}
