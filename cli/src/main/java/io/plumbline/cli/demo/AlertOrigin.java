package io.plumbline.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;

/** Which job raised an alert: the two speak of different things, so they print and count apart. */
enum AlertOrigin {
    /** A model's features or predictions: labels {@code model_id}, {@code model_version}, {@code feature}. */
    DRIFT,
    /** LLM calls: labels {@code service}, {@code prompt}, {@code operation}, {@code provider}, {@code model}, {@code prompt_version}. */
    LLM;

    /** Every LLM rule's name starts so (docs/llm-alerts.md); the drift rules' names never do. */
    private static final String LLM_RULE_PREFIX = "llm_";

    static AlertOrigin of(JsonNode alert) {
        return alert.path("rule").asText().startsWith(LLM_RULE_PREFIX) ? LLM : DRIFT;
    }
}
