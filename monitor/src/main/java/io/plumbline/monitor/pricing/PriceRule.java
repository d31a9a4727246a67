package io.plumbline.monitor.pricing;

import java.io.Serializable;
import java.util.regex.Pattern;

/**
 * One entry of a YAML price file: the models it prices, by a regex over the whole model name,
 * optionally for one provider only.
 *
 * @param provider the {@code gen_ai.provider.name} the entry is restricted to, compared ignoring
 *                 case; null for any provider
 */
record PriceRule(Pattern match, String provider, ModelPrice price) implements Serializable {

    boolean matches(String callProvider, String model) {
        return (provider == null || provider.equalsIgnoreCase(callProvider)) && match.matcher(model).matches();
    }
}
