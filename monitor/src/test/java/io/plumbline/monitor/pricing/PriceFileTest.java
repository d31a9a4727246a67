package io.plumbline.monitor.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;

import io.plumbline.monitor.config.ConfigException;
import org.junit.jupiter.api.Test;

class PriceFileTest {


    @Test
    void readsPricesPerMillionTokensIntoPricesPerToken() throws Exception {
        PriceRule rule = readOne("""
                - match: 'gpt-4o-mini(-\\d{4}-\\d{2}-\\d{2})?'
                  provider: openai
                  effective_from: 2024-07-18
                  input: 0.15
                  output: 0.60
                  cache_read: 0.075
                  reasoning: 0.90
                """);

        assertThat(rule.match().pattern()).isEqualTo("gpt-4o-mini(-\\d{4}-\\d{2}-\\d{2})?");
        assertThat(rule.provider()).isEqualTo("openai");
        assertThat(rule.price().effectiveFrom()).isEqualTo(LocalDate.of(2024, 7, 18));
        assertThat(rule.price().base()).isEqualTo(new TokenPrices(
                perMillion(0.15), perMillion(0.60), perMillion(0.075), perMillion(0.90)));
        assertThat(rule.price().source()).isEqualTo("prices.yaml entry 1 (match 'gpt-4o-mini(-\\d{4}-\\d{2}-\\d{2})?')");
    }

    @Test
    void withoutThemCacheReadIsTheInputPriceAndReasoningTheOutputPrice() throws Exception {
        PriceRule rule = readOne("""
                - match: m
                  effective_from: 2025-01-01
                  input: 2
                  output: 8
                """);

        assertThat(rule.provider()).isNull();
        assertThat(rule.price().base()).isEqualTo(new TokenPrices(
                perMillion(2), perMillion(8), perMillion(2), perMillion(8)));
    }

    @Test
    void aTierKeepsStatedEntryPricesAndRaisesDefaultedOnesWithItsOwn() throws Exception {
        PriceRule rule = readOne("""
                - match: m
                  effective_from: 2025-01-01
                  input: 1
                  output: 4
                  cache_read: 0.25
                  tiers:
                    - above_input_tokens: 128000
                      input: 2
                    - above_input_tokens: 1000000
                      output: 10
                      reasoning: 12
                """);

        assertThat(rule.price().tiers()).containsExactly(
                // cache_read was stated for the entry: kept; reasoning was not: follows the output price
                new PriceTier(128_000, new TokenPrices(perMillion(2), perMillion(4), perMillion(0.25), perMillion(4))),
                new PriceTier(1_000_000, new TokenPrices(perMillion(1), perMillion(10), perMillion(0.25), perMillion(12))));
    }

    @Test
    void anEmptyFileHasNoEntries() throws Exception {
        assertThat(read("# nothing priced yet\n")).isEmpty();
    }

    @Test
    void aBadRegexNamesTheEntryAndTheFix() {
        assertThat(problems("""
                - match: 'gpt-4o('
                  effective_from: 2024-08-06
                  input: 2.5
                  output: 10
                """)).containsExactly("prices.yaml: entry 1 (match 'gpt-4o('): match: not a valid Java regex"
                + " (Unclosed group near index 7); escape a literal '.', '(' or '[' with a backslash, or quote"
                + " the name as \\Q...\\E");
    }

    @Test
    void aNegativePriceNamesTheKey() {
        assertThat(problems("""
                - match: ok
                  effective_from: 2024-08-06
                  input: 1
                  output: 1
                - match: gpt-4o
                  effective_from: 2024-08-06
                  input: -2.5
                  output: 10
                """)).containsExactly("prices.yaml: entry 2 (match 'gpt-4o'): input: -2.5 is not a price; give USD"
                + " per million input tokens, 0 or more (0 for a free model)");
    }

    @Test
    void anUnknownKeySuggestsTheNearestKnownOne() {
        assertThat(problems("""
                - match: gpt-4o
                  effective_from: 2024-08-06
                  input: 2.5
                  output: 10
                  cache_reed: 1.25
                  tiers:
                    - above_input_token: 200000
                      input: 5
                """)).containsExactly(
                "prices.yaml: entry 1 (match 'gpt-4o'): unknown key 'cache_reed' (did you mean 'cache_read'?)",
                "prices.yaml: entry 1 (match 'gpt-4o'): tier 1: unknown key 'above_input_token'"
                        + " (did you mean 'above_input_tokens'?)",
                "prices.yaml: entry 1 (match 'gpt-4o'): tier 1: above_input_tokens: missing; give the input-token"
                        + " count above which the tier's prices apply, e.g. 200000");
    }

    @Test
    void anUnknownKeyFarFromAnyListsTheKnownOnes() {
        assertThat(problems("""
                - match: gpt-4o
                  effective_from: 2024-08-06
                  input: 2.5
                  output: 10
                  currency: EUR
                """)).containsExactly("prices.yaml: entry 1 (match 'gpt-4o'): unknown key 'currency'; expected"
                + " match, provider, effective_from, input, output, cache_read, reasoning, tiers");
    }

    @Test
    void aMissingOrMalformedEffectiveDateNamesTheFix() {
        assertThat(problems("""
                - match: gpt-4o
                  input: 2.5
                  output: 10
                - match: gpt-4o-mini
                  effective_from: 18/07/2024
                  input: 0.15
                  output: 0.6
                """)).containsExactly(
                "prices.yaml: entry 1 (match 'gpt-4o'): effective_from: missing; give the UTC date from which the"
                        + " price applies, e.g. 2024-08-06 (the date on the price page, or the model's release)",
                "prices.yaml: entry 2 (match 'gpt-4o-mini'): effective_from: expected an ISO date such as"
                        + " 2024-08-06, got '18/07/2024'");
    }

    @Test
    void tiersMustIncrease() {
        assertThat(problems("""
                - match: gemini-2\\.5-pro
                  effective_from: 2025-06-17
                  input: 1.25
                  output: 10
                  tiers:
                    - above_input_tokens: 200000
                      input: 2.5
                    - above_input_tokens: 128000
                      input: 2
                    - above_input_tokens: 0
                      input: 3
                """)).containsExactly(
                "prices.yaml: entry 1 (match 'gemini-2\\.5-pro'): tier 2: above_input_tokens: 128000 is not above"
                        + " tier 1's 200000; list tiers in increasing order of above_input_tokens",
                "prices.yaml: entry 1 (match 'gemini-2\\.5-pro'): tier 3: above_input_tokens: expected a whole"
                        + " number of tokens above 0 such as 200000, got '0'");
    }

    @Test
    void aTierMustStateAPrice() {
        assertThat(problems("""
                - match: m
                  effective_from: 2025-01-01
                  input: 1
                  output: 1
                  tiers:
                    - above_input_tokens: 200000
                """)).containsExactly("prices.yaml: entry 1 (match 'm'): tier 1: states no price; give at least one"
                + " of input, output, cache_read or reasoning");
    }

    @Test
    void missingMatchAndPricesAreNamedWithAnExample() {
        assertThat(problems("""
                - effective_from: 2025-01-01
                  output: ten
                """)).containsExactly(
                "prices.yaml: entry 1: match: missing; give a Java regex for the whole model name,"
                        + " e.g. gpt-4o-mini(-\\d{4}-\\d{2}-\\d{2})?",
                "prices.yaml: entry 1: input: missing; give the price in USD per million input tokens, e.g. 2.50",
                "prices.yaml: entry 1: output: expected a price in USD per million output tokens such as 2.50,"
                        + " got 'ten'");
    }

    @Test
    void theShapeOfTheFileIsChecked() {
        assertThat(problems("match: gpt-4o\n")).containsExactly("prices.yaml: expected a list of price entries,"
                + " each starting '- match: ...', got a map of keys");
        assertThat(problems("- gpt-4o\n")).containsExactly("prices.yaml: entry 1: expected keys such as match,"
                + " effective_from, input and output, got 'gpt-4o'");
        assertThat(problems("""
                - match: m
                  effective_from: 2025-01-01
                  input: 1
                  output: 1
                  provider: [openai]
                  tiers: {above_input_tokens: 1}
                """)).containsExactly(
                "prices.yaml: entry 1 (match 'm'): provider: expected a gen_ai.provider.name such as openai,"
                        + " got a list; leave it out to match every provider",
                "prices.yaml: entry 1 (match 'm'): tiers: expected a list of '- above_input_tokens: N' entries"
                        + " with their prices, got a map of keys");
    }

    @Test
    void invalidYamlAndDuplicateKeysNameTheLine() {
        assertThat(problems("- match: m\n  input: 1\n  input: 2\n")).singleElement().asString()
                .startsWith("prices.yaml line 3, column ")
                .contains(": not valid YAML: Duplicate field 'input'");
    }

    /** As the file's prices are converted: a division, so that expected and actual round alike. */
    private static double perMillion(double price) {
        return price / 1_000_000;
    }

    private static PriceRule readOne(String yaml) throws ConfigException {
        List<PriceRule> rules = read(yaml);
        assertThat(rules).hasSize(1);
        return rules.get(0);
    }

    private static List<PriceRule> read(String yaml) throws ConfigException {
        return PriceFile.read("prices.yaml", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> problems(String yaml) {
        return catchThrowableOfType(ConfigException.class, () -> read(yaml)).problems();
    }
}
