package io.plumbline.monitor.pricing;

import static io.plumbline.monitor.pricing.PriceTableTest.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DefaultPricesTest {

    private static final double PER_MILLION = 1e-6;

    private static PriceTable table;

    @BeforeAll
    static void load() {
        table = PriceTable.defaults();
    }

    @ParameterizedTest(name = "{0} on {1}: {2} in, {3} out, {4} cached")
    @CsvSource({
            // OpenAI
            "gpt-4o,                        2024-09-01, 5.00,  15.00, 5.00",
            "gpt-4o,                        2025-03-01, 2.50,  10.00, 1.25",
            "gpt-4o-2024-05-13,             2025-03-01, 5.00,  15.00, 5.00",
            "gpt-4o-2024-08-06,             2024-09-01, 2.50,  10.00, 1.25",
            "gpt-4o-2024-11-20,             2025-03-01, 2.50,  10.00, 1.25",
            "gpt-4o-mini-2024-07-18,        2025-03-01, 0.15,  0.60,  0.075",
            "gpt-4.1-2025-04-14,            2025-05-01, 2.00,  8.00,  0.50",
            "gpt-4.1-mini,                  2025-05-01, 0.40,  1.60,  0.10",
            "gpt-4.1-nano-2025-04-14,       2025-05-01, 0.10,  0.40,  0.025",
            "o1-2024-12-17,                 2025-03-01, 15.00, 60.00, 7.50",
            "o3-mini-2025-01-31,            2025-03-01, 1.10,  4.40,  0.55",
            "o3-2025-04-16,                 2025-05-01, 10.00, 40.00, 2.50",
            "o3-2025-04-16,                 2025-07-01, 2.00,  8.00,  0.50",
            "o4-mini-2025-04-16,            2025-05-01, 1.10,  4.40,  0.275",
            "gpt-5-2025-08-07,              2025-09-01, 1.25,  10.00, 0.125",
            "gpt-5-mini-2025-08-07,         2025-09-01, 0.25,  2.00,  0.025",
            "gpt-5-nano,                    2025-09-01, 0.05,  0.40,  0.005",
            // Anthropic
            "claude-3-5-sonnet-20241022,    2025-03-01, 3.00,  15.00, 0.30",
            "claude-3-5-sonnet-latest,      2025-03-01, 3.00,  15.00, 0.30",
            "claude-3-7-sonnet-20250219,    2025-03-01, 3.00,  15.00, 0.30",
            "claude-sonnet-4-20250514,      2025-06-01, 3.00,  15.00, 0.30",
            "claude-sonnet-4-5-20250929,    2025-10-01, 3.00,  15.00, 0.30",
            "claude-opus-4-20250514,        2025-06-01, 15.00, 75.00, 1.50",
            "claude-opus-4-1-20250805,      2025-09-01, 15.00, 75.00, 1.50",
            "claude-opus-4-5-20251101,      2025-12-01, 5.00,  25.00, 0.50",
            "claude-3-5-haiku-20241022,     2024-11-20, 1.00,  5.00,  0.10",
            "claude-3-5-haiku-20241022,     2025-03-01, 0.80,  4.00,  0.08",
            "claude-haiku-4-5-20251001,     2025-11-01, 1.00,  5.00,  0.10",
            "claude-3-haiku-20240307,       2025-03-01, 0.25,  1.25,  0.03",
            "claude-3-opus-20240229,        2025-03-01, 15.00, 75.00, 1.50",
            // Google
            "gemini-1.5-pro-002,            2024-09-01, 3.50,  10.50, 3.50",
            "gemini-1.5-pro-002,            2024-11-01, 1.25,  5.00,  0.3125",
            "gemini-1.5-flash-002,          2024-11-01, 0.075, 0.30,  0.01875",
            "gemini-2.0-flash-001,          2025-03-01, 0.10,  0.40,  0.025",
            "gemini-2.0-flash-lite,         2025-03-01, 0.075, 0.30,  0.075",
            "gemini-2.5-pro,                2025-07-01, 1.25,  10.00, 0.31",
            "gemini-2.5-pro-preview-05-06,  2025-05-10, 1.25,  10.00, 0.31",
            "gemini-2.5-flash,              2025-07-01, 0.30,  2.50,  0.075",
            "gemini-2.5-flash-lite,         2025-08-01, 0.10,  0.40,  0.025",
            // Mistral
            "mistral-large-2411,            2025-03-01, 2.00,  6.00,  2.00",
            "mistral-medium-2505,           2025-06-01, 0.40,  2.00,  0.40",
            "mistral-small-2409,            2024-10-01, 0.20,  0.60,  0.20",
            "mistral-small-2503,            2025-04-01, 0.10,  0.30,  0.10",
            "codestral-2501,                2025-03-01, 0.30,  0.90,  0.30",
    })
    void pricesEachListedFamily(String model, LocalDate day, double input, double output, double cacheRead) {
        TokenPrices prices = table.lookup(null, model, null, at(day.getYear(), day.getMonthValue(), day.getDayOfMonth()))
                .orElseThrow(() -> new AssertionError(model + " is unpriced on " + day))
                .base();

        assertThat(prices.input() / PER_MILLION).isCloseTo(input, within(1e-9));
        assertThat(prices.output() / PER_MILLION).isCloseTo(output, within(1e-9));
        assertThat(prices.cacheRead() / PER_MILLION).isCloseTo(cacheRead, within(1e-9));
        // every provider listed bills reasoning tokens as output tokens
        assertThat(prices.reasoning()).isEqualTo(prices.output());
    }

    @Test
    void longContextCallsPayTheTierPrice() {
        ModelPrice sonnet = table.lookup("anthropic", "claude-sonnet-4-20250514", null, at(2025, 9, 1)).orElseThrow();
        ModelPrice gemini = table.lookup("gcp.gemini", "gemini-2.5-pro", null, at(2025, 9, 1)).orElseThrow();

        assertThat(sonnet.pricesFor(250_000).input() / PER_MILLION).isCloseTo(6.00, within(1e-9));
        assertThat(sonnet.pricesFor(250_000).output() / PER_MILLION).isCloseTo(22.50, within(1e-9));
        assertThat(gemini.pricesFor(250_000).cacheRead() / PER_MILLION).isCloseTo(0.625, within(1e-9));
        assertThat(gemini.pricesFor(150_000).input() / PER_MILLION).isCloseTo(1.25, within(1e-9));
    }

    @Test
    void siblingModelsAreNotPricedByEachOthersEntries() {
        long day = at(2025, 9, 1);

        assertThat(table.lookup(null, "o1-mini", null, day)).isEmpty();
        assertThat(table.lookup(null, "gpt-4o-audio-preview", null, day)).isEmpty();
        assertThat(table.lookup(null, "gemini-1.5-flash-8b", null, day)).isEmpty();
        assertThat(table.lookup(null, "gemini-2.5-flash-preview-04-17", null, day)).isEmpty();
        assertThat(table.lookup(null, "gpt-4o1", null, day)).isEmpty();
        assertThat(table.lookup(null, "gemini-2x5-pro", null, day)).isEmpty();
        // moving aliases whose later price the table does not know are unpriced on purpose
        assertThat(table.lookup("mistral_ai", "mistral-large-latest", null, day)).isEmpty();
    }

    @Test
    void aCallBeforeTheModelsFirstEntryIsUnpriced() {
        assertThat(table.lookup(null, "gpt-4.1", null, at(2025, 4, 13))).isEmpty();
        assertThat(table.lookup(null, "gpt-4.1", null, at(2025, 4, 14))).isPresent();
    }

    @Test
    void everyEntryOfTheShippedFileSaysWhereItsPricesComeFrom() throws IOException {
        List<String> lines;
        try (InputStream in = PriceTable.class.getResourceAsStream(PriceTable.DEFAULT_TABLE)) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        String section = null;
        for (String line : lines) {
            if (line.startsWith("# ---- ")) {
                section = line;
            } else if (line.startsWith("- match:")) {
                assertThat(section).as("the section above %s", line).contains("Source: ");
            }
        }
        assertThat(lines).filteredOn(l -> l.startsWith("# ---- ")).hasSize(4);
    }
}
