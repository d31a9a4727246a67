package io.plumbline.cli.command;

import io.plumbline.monitor.config.PlumblineConfig;
import io.plumbline.monitor.config.PlumblineConfig.JobKind;
import io.plumbline.jobs.llm.LlmJob;
import java.time.Duration;
import java.util.Locale;

/** A job of a valid config in one sentence: what it reads, how it windows, where results and checkpoints go. */
final class ConfigSummary {

    private ConfigSummary() {}

    static String describe(JobKind kind, PlumblineConfig c) {
        return kind == JobKind.DRIFT ? describe(c) : describeLlm(c);
    }

    private static String describeLlm(PlumblineConfig c) {
        PlumblineConfig.Llm llm = c.llm();
        return String.format("job '%s' reads %s (%s) from %s; %s windows; stats to %s, alerts to %s, rejected"
                        + " records to %s; checkpoints every %s in %s",
                llm.jobName(), llm.callsTopic(), llm.callsFormat().name().toLowerCase(Locale.ROOT),
                c.kafka().bootstrapServers(), human(llm.windowSize()), llm.statsTopic(), c.topics().alerts(),
                c.topics().deadLetter(), human(c.checkpoint().interval()), LlmJob.checkpointDirectory(c));
    }

    private static String describe(PlumblineConfig c) {
        return String.format(
                "job '%s' reads %s (%s) from %s; %s windows against a %s baseline; stats to %s, alerts to %s, "
                        + "rejected records to %s; checkpoints every %s in %s",
                c.job().name(), c.topics().predictions(), c.topics().predictionsFormat().name().toLowerCase(Locale.ROOT),
                c.kafka().bootstrapServers(), human(c.windowSize()), c.baseline().wireName(),
                c.topics().driftStats(), c.topics().alerts(), c.topics().deadLetter(),
                human(c.checkpoint().interval()), c.checkpoint().directory());
    }

    static String human(Duration d) {
        return d.toString().substring(2).toLowerCase(Locale.ROOT);
    }
}
