package io.plumbline.monitor.pricing;

import java.io.Serializable;

/**
 * USD per token for each kind of token a call is billed for. Prices are stored per token, as
 * LiteLLM's file gives them; our YAML format takes them per million tokens, as price pages do.
 *
 * @param input per uncached input token
 * @param output per visible output token
 * @param cacheRead per input token read from the provider's prompt cache
 * @param reasoning per reasoning ("thinking") output token
 */
public record TokenPrices(double input, double output, double cacheRead, double reasoning) implements Serializable {

    public TokenPrices {
        check("input", input);
        check("output", output);
        check("cache read", cacheRead);
        check("reasoning", reasoning);
    }

    private static void check(String name, double price) {
        if (!(price >= 0) || Double.isInfinite(price)) {
            throw new IllegalArgumentException(name + " price must be a finite number ≥ 0, got " + price);
        }
    }
}
