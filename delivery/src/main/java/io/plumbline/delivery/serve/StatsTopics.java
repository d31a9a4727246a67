package io.plumbline.delivery.serve;

import java.util.HashSet;
import java.util.List;

/** The jobs' three output topics that {@code plumbline serve} reads. */
public record StatsTopics(String driftStats, String llmStats, String alerts) {

    public static final StatsTopics DEFAULTS =
            new StatsTopics("plumbline.drift-stats", "plumbline.llm-stats", "plumbline.alerts");

    public StatsTopics {
        requireNamed("drift-stats", driftStats);
        requireNamed("llm-stats", llmStats);
        requireNamed("alerts", alerts);
        if (new HashSet<>(List.of(driftStats, llmStats, alerts)).size() < 3) {
            throw new IllegalArgumentException("the drift-stats, llm-stats and alerts topics must be three different"
                    + " topics, got " + driftStats + ", " + llmStats + ", " + alerts);
        }
    }

    private static void requireNamed(String which, String topic) {
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("the " + which + " topic name is blank: name the topic the jobs write "
                    + which + " to (default plumbline." + which + ")");
        }
    }
}
