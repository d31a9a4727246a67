package io.plumbline.monitor.pricing;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Prices per token as a file states them, each null when the file leaves it out, and the one
 * place the defaults for what is left out are decided, for every file format alike.
 */
record DeclaredPrices(Double input, Double output, Double cacheRead, Double reasoning) {

    boolean isEmpty() {
        return input == null && output == null && cacheRead == null && reasoning == null;
    }

    /**
     * This entry's price with its tiers. Unstated, the cache-read price is the input price (no
     * cache discount is assumed) and the reasoning price is the output price (providers bill
     * reasoning tokens as output). A tier keeps every price it does not state from the entry; a
     * price the entry only had by default follows the tier's own input or output price.
     *
     * @param tiers by the input-token count above which each applies, in increasing order
     */
    ModelPrice modelPrice(String source, LocalDate effectiveFrom, Map<Long, DeclaredPrices> tiers) {
        List<PriceTier> priced = new ArrayList<>();
        tiers.forEach((above, tier) -> priced.add(new PriceTier(above, tier.resolve(this))));
        return new ModelPrice(source, effectiveFrom, resolve(this), priced);
    }

    private TokenPrices resolve(DeclaredPrices entry) {
        double in = first(input, entry.input);
        double out = first(output, entry.output);
        return new TokenPrices(in, out, first(cacheRead, entry.cacheRead, in), first(reasoning, entry.reasoning, out));
    }

    private static double first(Double... prices) {
        for (Double price : prices) {
            if (price != null) {
                return price;
            }
        }
        throw new IllegalStateException("the readers require input and output prices on every entry");
    }
}
