package io.plumbline.monitor.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

import io.plumbline.monitor.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PriceTableTest {

    private static final double PER_MILLION = 1e-6;

    @TempDir
    Path dir;

    @Test
    void theNewestEntryOnOrBeforeTheCallsDateWins() throws Exception {
        PriceTable table = overlay("""
                - match: 'acme-1'
                  effective_from: 2025-01-01
                  input: 10
                  output: 40
                - match: 'acme-1'
                  effective_from: 2025-06-10
                  input: 2
                  output: 8
                """);

        assertThat(inputPerMillion(table.lookup(null, "acme-1", null, at(2024, 12, 31)))).isEmpty();
        assertThat(inputPerMillion(table.lookup(null, "acme-1", null, at(2025, 1, 1)))).hasValue(10.0);
        assertThat(inputPerMillion(table.lookup(null, "acme-1", null, at(2025, 6, 9)))).hasValue(10.0);
        assertThat(inputPerMillion(table.lookup(null, "acme-1", null, at(2025, 6, 10)))).hasValue(2.0);
    }

    @Test
    void theEffectiveDateStartsAtMidnightUtc() throws Exception {
        PriceTable table = overlay("""
                - match: 'acme-1'
                  effective_from: 2025-06-10
                  input: 2
                  output: 8
                """);
        long midnight = at(2025, 6, 10);

        assertThat(table.lookup(null, "acme-1", null, midnight - 1)).isEmpty();
        assertThat(table.lookup(null, "acme-1", null, midnight)).isPresent();
    }

    @Test
    void amongEntriesOfOneDateTheFirstInTheFileWins() throws Exception {
        PriceTable table = overlay("""
                - match: 'acme-1-special'
                  effective_from: 2025-01-01
                  input: 3
                  output: 9
                - match: 'acme-.*'
                  effective_from: 2025-01-01
                  input: 1
                  output: 2
                """);

        assertThat(inputPerMillion(table.lookup(null, "acme-1-special", null, at(2025, 3, 1)))).hasValue(3.0);
        assertThat(inputPerMillion(table.lookup(null, "acme-2", null, at(2025, 3, 1)))).hasValue(1.0);
    }

    @Test
    void theMatchMustCoverTheWholeModelName() throws Exception {
        PriceTable table = overlay("""
                - match: 'acme'
                  effective_from: 2025-01-01
                  input: 1
                  output: 1
                """);

        assertThat(table.lookup(null, "acme-large", null, at(2025, 3, 1))).isEmpty();
        assertThat(table.lookup(null, "my-acme", null, at(2025, 3, 1))).isEmpty();
    }

    @Test
    void anEntryWithAProviderPricesOnlyThatProvidersCalls() throws Exception {
        PriceTable table = overlay("""
                - match: 'acme-1'
                  provider: azure.ai.openai
                  effective_from: 2025-01-01
                  input: 3
                  output: 12
                - match: 'acme-1'
                  effective_from: 2025-01-01
                  input: 2
                  output: 8
                """);

        assertThat(inputPerMillion(table.lookup("Azure.AI.OpenAI", "acme-1", null, at(2025, 3, 1)))).hasValue(3.0);
        assertThat(inputPerMillion(table.lookup("openai", "acme-1", null, at(2025, 3, 1)))).hasValue(2.0);
        assertThat(inputPerMillion(table.lookup(null, "acme-1", null, at(2025, 3, 1)))).hasValue(2.0);
    }

    @Test
    void theResponseModelIsTriedFirstThenTheRequestModel() throws Exception {
        PriceTable table = overlay("""
                - match: 'acme-1'
                  effective_from: 2025-01-01
                  input: 2
                  output: 8
                - match: 'acme-1-2025-05-01'
                  effective_from: 2025-01-01
                  input: 1
                  output: 4
                """);
        long march = at(2025, 3, 1);

        assertThat(inputPerMillion(table.lookup(null, "acme-1-2025-05-01", "acme-1", march))).hasValue(1.0);
        assertThat(inputPerMillion(table.lookup(null, "acme-1-2099-01-01", "acme-1", march))).hasValue(2.0);
        assertThat(inputPerMillion(table.lookup(null, null, "acme-1", march))).hasValue(2.0);
    }

    @Test
    void aModelNoSourceKnowsIsUnpriced() throws Exception {
        PriceTable table = PriceTable.defaults();

        assertThat(table.lookup("acme", "acme-1", "acme-1", at(2025, 3, 1))).isEmpty();
        assertThat(table.lookup("acme", null, null, at(2025, 3, 1))).isEmpty();
        assertThat(table.lookup("acme", "", "", at(2025, 3, 1))).isEmpty();
    }

    @Test
    void theOverlayWinsOverLiteLlmWhichWinsOverTheBuiltInTable() throws Exception {
        Path overlay = write("prices.yaml", """
                - match: 'gpt-4o'
                  effective_from: 2025-01-01
                  input: 3
                  output: 12
                """);
        PriceTable table = PriceTable.load(overlay, liteLlmFixture());

        // overlay entry applies: it wins
        assertThat(inputPerMillion(table.lookup("openai", "gpt-4o", null, at(2025, 3, 1)))).hasValue(3.0);
        // before its date the overlay has no price, so LiteLLM's file prices the call
        ModelPrice beforeOverlay = table.lookup("openai", "gpt-4o", null, at(2024, 12, 1)).orElseThrow();
        assertThat(beforeOverlay.source()).endsWith("litellm-sample.json 'gpt-4o'");
        // LiteLLM's reasoning price for o3-mini wins over the built-in table, which has none
        assertThat(table.lookup("openai", "o3-mini", null, at(2025, 3, 1)).orElseThrow().base().reasoning())
                .isEqualTo(5e-06);
        // a model LiteLLM's file lacks falls through to the built-in table
        assertThat(table.lookup("openai", "gpt-4.1", null, at(2025, 5, 1)).orElseThrow().source())
                .startsWith("default-prices.yaml (built in) entry ");
    }

    @Test
    void loadNamesTheConfigKeyOfAMissingFileAndReportsBothFilesProblems() throws Exception {
        Path badOverlay = write("prices.yaml", "- match: m\n");

        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> PriceTable.load(badOverlay, dir.resolve("nowhere.json")));

        assertThat(e.problems()).hasSize(4).contains(
                "llm.prices.litellm-file: " + dir.resolve("nowhere.json")
                        + ": no such file; give the path of the price file");
        assertThat(e.problems().get(0)).startsWith(badOverlay + ": entry 1 (match 'm'): effective_from: missing");
    }

    @Test
    void theCacheHoldsABoundedNumberOfModels() {
        PriceTable table = PriceTable.defaults();

        for (int i = 0; i < PriceTable.CACHE_SIZE + 500; i++) {
            table.lookup("acme", "acme-" + i, null, at(2025, 3, 1));
        }

        assertThat(table.cachedModels()).isEqualTo(PriceTable.CACHE_SIZE);
        // a model pushed out of the cache is looked up again, with the same answer
        assertThat(inputPerMillion(table.lookup("openai", "gpt-4o", null, at(2025, 3, 1)))).hasValue(2.5);
    }

    @Test
    void aSerialisedTableDeserialisesToOneThatPricesTheSameWithAnEmptyCache() throws Exception {
        Path overlay = write("prices.yaml", """
                - match: 'acme-\\d+'
                  effective_from: 2025-01-01
                  input: 3
                  output: 12
                """);
        PriceTable table = PriceTable.load(overlay, liteLlmFixture());
        table.lookup(null, "acme-1", null, at(2025, 3, 1));

        PriceTable copy = roundTrip(table);

        assertThat(copy.cachedModels()).isZero();
        for (String model : new String[] {"acme-1", "gpt-4o", "claude-sonnet-4-20250514", "acme"}) {
            assertThat(copy.lookup("openai", model, null, at(2025, 9, 1)))
                    .isEqualTo(table.lookup("openai", model, null, at(2025, 9, 1)));
        }
        assertThat(inputPerMillion(copy.lookup(null, "acme-7", null, at(2025, 3, 1)))).hasValue(3.0);
    }

    private PriceTable overlay(String yaml) throws Exception {
        return PriceTable.load(write("prices.yaml", yaml), null);
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private Path liteLlmFixture() throws IOException {
        Path file = dir.resolve("litellm-sample.json");
        try (InputStream in = getClass().getResourceAsStream("litellm-sample.json")) {
            Files.copy(in, file);
        }
        return file;
    }

    private static PriceTable roundTrip(PriceTable table) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(table);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (PriceTable) in.readObject();
        }
    }

    private static Optional<Double> inputPerMillion(Optional<ModelPrice> price) {
        return price.map(p -> Math.round(p.base().input() / PER_MILLION * 1e6) / 1e6);
    }

    static long at(int year, int month, int day) {
        return LocalDate.of(year, month, day).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }
}
