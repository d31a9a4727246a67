package io.plumbline.alerts.llm;

/**
 * The LLM rules: each one statistic, its alert's {@code alertname} and severity, and how its alerts speak to
 * the person on call (what happened, what ended, what to check first).
 */
public enum LlmRule {
    LATENCY_P95("llm_latency_p95", "warning", "p95 latency above its SLO", "p95 latency back within its SLO",
            Check.LATENCY),
    LATENCY_P99("llm_latency_p99", "warning", "p99 latency above its SLO", "p99 latency back within its SLO",
            Check.LATENCY),
    ERROR_RATE("llm_error_rate", "critical", "error rate above its limit", "error rate back within its limit",
            "Check the errors by error.type in plumbline.llm-stats, the provider's status page, the quotas and the"
                    + " credentials."),
    COST_SPIKE("llm_cost_spike", "warning", "mean cost per call jumped", "mean cost per call back near its baseline",
            "Check the tokens per call (a longer prompt or answer, fewer cache reads, more reasoning tokens) and"
                    + " whether the model or its price changed."),
    REFUSAL_RATE_SPIKE("llm_refusal_rate_spike", "warning", "refusals rose", "refusal rate back near its baseline",
            "Check what the release changed in the prompt's instructions and whether the inputs changed (a new"
                    + " client, a wave of abuse); read a sample of the refused calls."),
    CONTENT_FILTER_RATE_SPIKE("llm_content_filter_rate_spike", "warning", "content-filtered answers rose",
            "content-filter rate back near its baseline",
            "Check the provider's content-filter settings and what the release changed in the prompt; read a sample"
                    + " of the filtered calls' inputs."),
    LATENCY_DRIFT("llm_latency_drift", "warning", "latency distribution moved away from its baseline",
            "latency distribution back near its baseline",
            "Compare input and output tokens per call with the baseline's, and check the provider's load and the"
                    + " deployment serving the model."),
    OUTPUT_TOKENS_PER_SECOND_DRIFT("llm_output_tokens_per_second_drift", "warning",
            "output speed moved away from its baseline", "output speed back near its baseline",
            "Another speed points to another model build, deployment or provider load: check gen_ai.response.model"
                    + " and the provider's status."),
    OUTPUT_TOKENS_DRIFT("llm_output_tokens_drift", "warning", "answer length moved away from its baseline",
            "answer length back near its baseline",
            "Longer answers cost more and take longer, shorter ones may be cut off: read a sample next to the"
                    + " baseline's, and check the release's prompt, max-tokens setting and model."),
    EVAL_SCORE_DRIFT("llm_eval_score_drift", "warning", "eval scores moved away from their baseline",
            "eval scores back near their baseline",
            "Read a sample of low-scoring answers next to the baseline's, and check what the release changed in the"
                    + " prompt, the model and the context it is given."),
    UNPRICED_MODEL("llm_unpriced_model", "warning", "calls without a price", "every call priced again",
            "Add the model to the price table (a match on its name) or send cost.usd with each call: until then its"
                    + " cost is missing from the cost figures and the budgets."),
    COST_BUDGET_WINDOW("llm_cost_budget_window", "warning", "window cost over budget", "window cost within budget",
            Check.BUDGET),
    COST_BUDGET_DAY("llm_cost_budget_day", "warning", "on course to exceed the daily budget",
            "back on course for the daily budget", Check.BUDGET);

    private final String alertName;
    private final String severity;
    private final String firing;
    private final String resolved;
    private final String check;

    LlmRule(String alertName, String severity, String firing, String resolved, String check) {
        this.alertName = alertName;
        this.severity = severity;
        this.firing = firing;
        this.resolved = resolved;
        this.check = check;
    }

    /** The rule name, also the alert's {@code alertname}. */
    public String alertName() {
        return alertName;
    }

    public String severity() {
        return severity;
    }

    /** What a firing alert reports, e.g. "p95 latency above its SLO". */
    String firing() {
        return firing;
    }

    /** What a resolving alert reports. */
    String resolved() {
        return resolved;
    }

    /** Whether its alerts are a key's variant's, labelled with it: all but the budgets, which are an owner's. */
    boolean judgesVariants() {
        return this != COST_BUDGET_WINDOW && this != COST_BUDGET_DAY;
    }

    /** What to look at first when it fires. */
    String check() {
        return check;
    }

    private static final class Check {
        static final String LATENCY = "Check the provider's status page, rate limiting and retries, and whether the"
                + " prompts or answers got longer (tokens per call in plumbline.llm-stats).";
        static final String BUDGET = "Check which prompts and models spent it (cost_usd by key in"
                + " plumbline.llm-stats), and whether the traffic or the cost per call rose.";
    }
}
