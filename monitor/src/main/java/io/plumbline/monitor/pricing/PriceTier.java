package io.plumbline.monitor.pricing;

import java.io.Serializable;

/**
 * Long-context pricing: a call whose input tokens exceed {@code aboveInputTokens} pays these
 * prices for all its tokens, as Gemini and Claude bill prompts past 128k or 200k tokens.
 */
public record PriceTier(long aboveInputTokens, TokenPrices prices) implements Serializable {

    public PriceTier {
        if (aboveInputTokens <= 0) {
            throw new IllegalArgumentException("a tier starts above a positive number of input tokens, got "
                    + aboveInputTokens);
        }
        if (prices == null) {
            throw new IllegalArgumentException("a tier needs its prices");
        }
    }
}
