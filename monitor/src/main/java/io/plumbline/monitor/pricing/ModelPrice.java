package io.plumbline.monitor.pricing;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.List;

/**
 * The price of one model from one date on: base prices and optional long-context tiers.
 *
 * @param source where the price was read, e.g. {@code prices.yaml entry 3 (match 'gpt-4o')}; for
 *               logs and for the operator who wonders why a call cost what it did
 * @param effectiveFrom the UTC date from which the price applies; sources without dates (LiteLLM's
 *                      file) use 1970-01-01, which covers every call, as calls dated before 2000
 *                      are rejected as implausible before they are priced
 * @param tiers in increasing order of {@link PriceTier#aboveInputTokens()}
 */
public record ModelPrice(String source, LocalDate effectiveFrom, TokenPrices base, List<PriceTier> tiers)
        implements Serializable {

    private static final long MILLIS_PER_DAY = 86_400_000L;

    public ModelPrice {
        if (source == null || effectiveFrom == null || base == null) {
            throw new IllegalArgumentException("a model price needs its source, effective date and base prices");
        }
        tiers = List.copyOf(tiers);
        for (int i = 1; i < tiers.size(); i++) {
            if (tiers.get(i).aboveInputTokens() <= tiers.get(i - 1).aboveInputTokens()) {
                throw new IllegalArgumentException(source + ": tiers must be in increasing order of input tokens");
            }
        }
    }

    /** The prices for a call with this many input tokens (cache reads included, as OpenTelemetry counts them). */
    public TokenPrices pricesFor(long inputTokens) {
        for (int i = tiers.size() - 1; i >= 0; i--) {
            if (inputTokens > tiers.get(i).aboveInputTokens()) {
                return tiers.get(i).prices();
            }
        }
        return base;
    }

    /** True when a call started at {@code epochMillis} is on or after the effective date (UTC). */
    boolean appliesAt(long epochMillis) {
        return epochMillis >= effectiveFrom.toEpochDay() * MILLIS_PER_DAY;
    }
}
