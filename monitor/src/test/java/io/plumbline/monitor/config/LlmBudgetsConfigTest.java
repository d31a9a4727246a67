package io.plumbline.monitor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.plumbline.alerts.llm.Budget;
import io.plumbline.monitor.llm.BudgetPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code llm.budgets} list. */
class LlmBudgetsConfigTest {

    @TempDir
    Path dir;

    @Test
    void noBudgetsByDefault() throws Exception {
        BudgetPolicy budgets = load("", Map.of()).llm().budgets();

        assertThat(budgets.entries()).isEmpty();
        assertThat(budgets.covers(Budget.SERVICE)).isFalse();
        assertThat(budgets.covers(Budget.TENANT)).isFalse();
    }

    @Test
    void entriesKeepTheirOrderAndAMissingAmountIsOff() throws Exception {
        BudgetPolicy budgets = load("""
                llm:
                  budgets:
                    - { service: support-bot, window-usd: 2, day-usd: 500 }
                    - { tenant: acme-.*, day-usd: 50 }
                    - { service: '.*', window-usd: 0.5 }
                """, Map.of("llm.budgets[3].tenant", "globex", "llm.budgets[3].window-usd", "1.25")).llm().budgets();

        double off = Double.POSITIVE_INFINITY;
        assertThat(budgets.entries()).containsExactly(Budget.service("support-bot", 2, 500),
                Budget.tenant("acme-.*", off, 50), Budget.service(".*", 0.5, off), Budget.tenant("globex", 1.25, off));
        // the first matching entry of the owner's kind wins, and the alerts name the owner, not the pattern
        assertThat(budgets.budgetOf(Budget.SERVICE, "support-bot")).hasValue(Budget.service("support-bot", 2, 500));
        assertThat(budgets.budgetOf(Budget.SERVICE, "search")).hasValue(Budget.service("search", 0.5, off));
        assertThat(budgets.budgetOf(Budget.TENANT, "acme-eu")).hasValue(Budget.tenant("acme-eu", off, 50));
        assertThat(budgets.budgetOf(Budget.TENANT, "acme")).isEmpty();
        assertThat(budgets.budgetOf(Budget.TENANT, "support-bot")).isEmpty();
    }

    @Test
    void everyProblemOfAnEntryNamesItsKeyWithItsIndex() throws Exception {
        Path file = Files.writeString(dir.resolve("plumbline.yaml"), """
                kafka: { bootstrap-servers: localhost:9092 }
                llm:
                  budgets:
                    - { service: support-bot, window-usd: abc }
                    - { tenant: acme, day-usd: -3 }
                    - { service: a, tenant: b, day-usd: 1 }
                    - { service: search }
                    - { tenant: 'acme(', day-usd: 5 }
                    - { service: search, day-usd: 5, month-usd: 100 }
                    - { window-usd: 5 }
                    - just a string
                """);

        Throwable t = catchThrowable(() -> ConfigLoader.load(file, Map.of(), Map.of()));

        assertThat(t).isInstanceOf(ConfigException.class);
        List<String> problems = ((ConfigException) t).problems();
        assertThat(problems).containsExactlyInAnyOrder(
                "llm.budgets[0].window-usd: expected a positive amount in USD such as 50, got 'abc'",
                "llm.budgets[1].day-usd: expected a positive amount in USD such as 50, got '-3'",
                "llm.budgets[2]: give it either a service or a tenant, such as " + LlmBudgetsSection.ENTRY_EXAMPLE,
                "llm.budgets[3]: sets no budget; give it window-usd, day-usd or both, or remove it",
                "llm.budgets[4].tenant: expected a regular expression matching whole tenant ids, such as acme-.*,"
                        + " got 'acme('",
                "llm.budgets[6]: give it either a service or a tenant, such as " + LlmBudgetsSection.ENTRY_EXAMPLE,
                "llm.budgets[7]: expected an entry of key: value pairs such as " + LlmBudgetsSection.ENTRY_EXAMPLE
                        + ", got 'just a string'",
                "unknown key 'llm.budgets[5].month-usd'; expected in section 'llm.budgets[5]': day-usd, service,"
                        + " tenant, window-usd");
    }

    @Test
    void aSectionInsteadOfAListIsRefused() {
        Throwable t = catchThrowable(() -> load("", Map.of("llm.budgets.service", "support-bot")));

        assertThat(t).isInstanceOf(ConfigException.class);
        assertThat(((ConfigException) t).problems()).containsExactly("llm.budgets: expected a list of entries, each"
                + " starting with '- ', such as - " + LlmBudgetsSection.ENTRY_EXAMPLE + ", got a section");
    }

    private PlumblineConfig load(String yaml, Map<String, String> overrides) throws Exception {
        Path file = Files.writeString(dir.resolve("plumbline.yaml"),
                "kafka: { bootstrap-servers: localhost:9092 }\n" + yaml);
        return ConfigLoader.load(file, overrides, Map.of());
    }
}
