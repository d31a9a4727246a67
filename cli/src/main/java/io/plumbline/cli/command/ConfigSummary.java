package io.plumbline.cli.command;

import io.plumbline.jobs.config.PlumblineConfig;
import java.time.Duration;
import java.util.Locale;

/** A valid config in one sentence: what it reads, how it windows, where results and checkpoints go. */
final class ConfigSummary {

    private ConfigSummary() {}

    static String describe(PlumblineConfig c) {
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
