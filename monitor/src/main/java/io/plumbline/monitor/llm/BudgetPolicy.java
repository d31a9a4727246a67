package io.plumbline.monitor.llm;

import java.io.Serializable;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import io.plumbline.alerts.llm.Budget;

/**
 * The {@code llm.budgets} entries: each a {@link Budget} whose owner is a regular expression matching
 * whole service or tenant names. The first entry of the owner's kind that matches its name is its budget;
 * a service or tenant no entry matches has none.
 */
public final class BudgetPolicy implements Serializable {

    public static final BudgetPolicy NONE = new BudgetPolicy(List.of());

    private final List<Budget> entries;
    private transient Pattern[] patterns;

    /** @param entries in the config's order, each owner a valid regular expression */
    public BudgetPolicy(List<Budget> entries) {
        this.entries = List.copyOf(entries);
        compile();
    }

    public List<Budget> entries() {
        return entries;
    }

    /** Whether any entry is of {@code label}'s kind ({@link Budget#SERVICE} or {@link Budget#TENANT}). */
    public boolean covers(String label) {
        return entries.stream().anyMatch(e -> e.label().equals(label));
    }

    /** The budget of the service or tenant {@code owner}, named as the alerts will name it. */
    public Optional<Budget> budgetOf(String label, String owner) {
        if (patterns == null) {
            compile(); // after deserialization: a Pattern's compiled form is not serialized
        }
        for (int i = 0; i < entries.size(); i++) {
            Budget entry = entries.get(i);
            if (entry.label().equals(label) && patterns[i].matcher(owner).matches()) {
                return Optional.of(new Budget(label, owner, entry.windowUsd(), entry.dayUsd()));
            }
        }
        return Optional.empty();
    }

    private void compile() {
        patterns = entries.stream().map(e -> Pattern.compile(e.owner())).toArray(Pattern[]::new);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BudgetPolicy p && p.entries.equals(entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return "BudgetPolicy" + entries;
    }
}
