package io.plumbline.monitor.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.plumbline.alerts.llm.Budget;
import io.plumbline.monitor.llm.BudgetPolicy;

/**
 * Reads the {@code llm.budgets} list: each entry names a service or a tenant (a regular expression matching
 * whole names) and sets a window budget, a daily budget or both, in USD.
 *
 * <pre>
 * llm:
 *   budgets:
 *     - { service: support-bot, window-usd: 2, day-usd: 500 }
 *     - { tenant: acme-.*, day-usd: 50 }
 * </pre>
 */
final class LlmBudgetsSection {

    static final String LIST = "llm.budgets";
    static final String ENTRY_EXAMPLE = "{ service: support-bot, window-usd: 2, day-usd: 500 }";

    private LlmBudgetsSection() {
    }

    /** Every problem goes to {@code s}; the policy returned is then meaningless, as no config is built. */
    static BudgetPolicy read(Settings s) {
        List<Budget> entries = new ArrayList<>();
        for (int i : s.indices(LIST, "- " + ENTRY_EXAMPLE)) {
            Budget entry = entry(s, LIST + "[" + i + "]");
            if (entry != null) {
                entries.add(entry);
            }
        }
        return new BudgetPolicy(entries);
    }

    /** The entry {@code name}, or null when it has a problem. */
    private static Budget entry(Settings s, String name) {
        String prefix = name + ".";
        String service = s.value(prefix + Budget.SERVICE, null,
                "a regular expression matching whole service names, such as support-bot|search",
                LlmBudgetsSection::regex);
        String tenant = s.value(prefix + Budget.TENANT, null,
                "a regular expression matching whole tenant ids, such as acme-.*", LlmBudgetsSection::regex);
        String amount = "a positive amount in USD such as 50";
        Double windowUsd = s.decimal(prefix + "window-usd", null, amount, usd -> usd > 0);
        Double dayUsd = s.decimal(prefix + "day-usd", null, amount, usd -> usd > 0);

        boolean valid = true;
        if (s.isSet(prefix + Budget.SERVICE) == s.isSet(prefix + Budget.TENANT)) {
            s.problem(name + ": give it either a service or a tenant, such as " + ENTRY_EXAMPLE);
            valid = false;
        }
        if (!s.isSet(prefix + "window-usd") && !s.isSet(prefix + "day-usd")) {
            s.problem(name + ": sets no budget; give it window-usd, day-usd or both, or remove it");
            valid = false;
        }
        if (!valid || (service == null && tenant == null) || (s.isSet(prefix + "window-usd") && windowUsd == null)
                || (s.isSet(prefix + "day-usd") && dayUsd == null)) {
            return null;
        }
        double window = windowUsd == null ? Double.POSITIVE_INFINITY : windowUsd;
        double day = dayUsd == null ? Double.POSITIVE_INFINITY : dayUsd;
        return service != null ? Budget.service(service, window, day) : Budget.tenant(tenant, window, day);
    }

    private static String regex(String v) {
        try {
            Pattern.compile(v);
            return v.isEmpty() ? null : v;
        } catch (PatternSyntaxException e) {
            return null;
        }
    }
}
