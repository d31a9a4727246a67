package io.plumbline.monitor.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

import io.plumbline.monitor.config.ConfigException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LiteLlmPricesTest {

    private static final String FIXTURE = "litellm-sample.json";

    private static LiteLlmPrices prices;

    @BeforeAll
    static void readFixture() throws Exception {
        try (InputStream in = LiteLlmPricesTest.class.getResourceAsStream(FIXTURE)) {
            prices = LiteLlmPrices.read(FIXTURE, in);
        }
    }

    @Test
    void readsTokenPricesPerTokenAsTheFileStatesThem() {
        ModelPrice gpt4o = prices.find("openai", "gpt-4o");

        assertThat(gpt4o.base()).isEqualTo(new TokenPrices(2.5e-06, 1e-05, 1.25e-06, 1e-05));
        assertThat(gpt4o.tiers()).isEmpty();
        assertThat(gpt4o.source()).isEqualTo("litellm-sample.json 'gpt-4o'");
    }

    @Test
    void undatedPricesApplyToEveryCall() {
        ModelPrice gpt4o = prices.find(null, "gpt-4o");

        assertThat(gpt4o.effectiveFrom()).isEqualTo(LocalDate.EPOCH);
        assertThat(gpt4o.appliesAt(LocalDate.of(2000, 1, 1).toEpochDay() * 86_400_000L)).isTrue();
    }

    @Test
    void aReasoningPriceIsReadWhenGivenAndIsTheOutputPriceOtherwise() {
        assertThat(prices.find(null, "o3-mini").base()).isEqualTo(new TokenPrices(1.1e-06, 4.4e-06, 5.5e-07, 5e-06));
        assertThat(prices.find(null, "gpt-4o").base().reasoning()).isEqualTo(1e-05);
    }

    @Test
    void readsAboveNkTokensTiersAndIgnoresFlexAndPriorityVariants() {
        ModelPrice pro = prices.find("gemini", "gemini-2.5-pro");

        assertThat(pro.tiers()).containsExactly(
                new PriceTier(200_000, new TokenPrices(2.5e-06, 1.5e-05, 6.25e-07, 1.5e-05)));
    }

    @Test
    void aTierKeepsThePricesItDoesNotState() {
        ModelPrice flash = prices.find(null, "gemini-1.5-flash");

        // Only the input price rises above 128k; output stays, and the cache read (unstated
        // for the entry) follows the tier's input price.
        assertThat(flash.tiers()).containsExactly(
                new PriceTier(128_000, new TokenPrices(1.5e-07, 3e-07, 1.5e-07, 3e-07)));
    }

    @Test
    void theProviderQualifiedEntryWinsOverTheBareName() {
        assertThat(prices.find("azure", "gpt-4o").base().input()).isEqualTo(2.75e-06);
        assertThat(prices.find("openai", "gpt-4o").base().input()).isEqualTo(2.5e-06);
    }

    @Test
    void openTelemetryProviderNamesFindLiteLlmsPrefixes() {
        assertThat(prices.find("azure.ai.openai", "gpt-4o").base().input()).isEqualTo(2.75e-06);
        assertThat(prices.find("gcp.gemini", "gemini-2.5-pro").base().input()).isEqualTo(1.25e-06);
        assertThat(prices.find("mistral_ai", "mistral-large-2411").base().output()).isEqualTo(6e-06);
    }

    @Test
    void aQualifiedEntryNeedsItsProvider() {
        assertThat(prices.find(null, "gemini-2.5-pro")).isNull();
        assertThat(prices.find("openai", "gemini-2.5-pro")).isNull();
    }

    @Test
    void skipsTheSampleSpecAndEntriesThatCannotPriceTokens() {
        assertThat(prices.find(null, "sample_spec")).isNull();
        assertThat(prices.find("openai", "dall-e-3")).isNull();
        assertThat(prices.find("cohere", "rerank-only-input")).isNull();
        assertThat(prices.find("openai", "text-embedding-3-small").base().input()).isEqualTo(2e-08);
        assertThat(prices.size()).isEqualTo(7);
    }

    @Test
    void aNegativeOrNonNumericPriceFailsNamingTheEntryAndKey() {
        ConfigException e = readFailing("""
                {
                  "gpt-4o": {"input_cost_per_token": -2.5e-06, "output_cost_per_token": 1e-05},
                  "o3": {"input_cost_per_token": 2e-06, "output_cost_per_token": "8e-06"}
                }
                """);

        assertThat(e.problems()).containsExactly(
                "prices.json: entry 'gpt-4o': input_cost_per_token: expected a price in USD per token, 0 or more,"
                        + " such as 2.5e-06, got '-2.5E-6'; correct the entry or remove it",
                "prices.json: entry 'o3': output_cost_per_token: expected a price in USD per token, 0 or more,"
                        + " such as 2.5e-06, got '8e-06'; correct the entry or remove it");
    }

    @Test
    void aFileThatIsNotAMapOfModelsFails() {
        assertThat(readFailing("[1, 2]").problems()).containsExactly("prices.json: expected LiteLLM's"
                + " model_prices_and_context_window.json, a map from model name to its prices, got a list");
        assertThat(readFailing("").problems()).containsExactly("prices.json: expected LiteLLM's"
                + " model_prices_and_context_window.json, a map from model name to its prices, got an empty file");
        assertThat(readFailing("{\"gpt-4o\": 2.5}").problems()).containsExactly("prices.json: entry 'gpt-4o':"
                + " expected a map of prices such as input_cost_per_token, got '2.5'");
    }

    @Test
    void invalidJsonNamesTheLine() {
        assertThat(readFailing("{\n  \"gpt-4o\": {\"input_cost_per_token\": 1e-06,,}\n}").problems())
                .singleElement().asString()
                .startsWith("prices.json line 2, column ")
                .contains(": not valid JSON: ");
    }

    private static ConfigException readFailing(String json) {
        return catchThrowableOfType(ConfigException.class, () -> LiteLlmPrices.read("prices.json",
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void aFreeModelIsPricedAtZeroOnPurposeWhichIsNotUnpriced() throws Exception {
        LiteLlmPrices one = LiteLlmPrices.read("one.json", new ByteArrayInputStream(
                "{\"m\": {\"input_cost_per_token\": 0, \"output_cost_per_token\": 0}}".getBytes(StandardCharsets.UTF_8)));

        assertThat(one.find(null, "m").base()).isEqualTo(new TokenPrices(0, 0, 0, 0));
    }
}
