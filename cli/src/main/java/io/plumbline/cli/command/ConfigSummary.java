package io.plumbline.cli.command;

import io.plumbline.monitor.config.PlumblineConfig;
import io.plumbline.monitor.config.PlumblineConfig.JobKind;
import io.plumbline.jobs.llm.LlmJob;
import io.plumbline.schemas.codec.PayloadFormat;
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
                llm.jobName(), llm.callsTopic(), format(llm.callsFormat(), c),
                c.kafka().bootstrapServers(), human(llm.windowSize()), llm.statsTopic(), c.topics().alerts(),
                c.topics().deadLetter(), human(c.checkpoint().interval()), LlmJob.checkpointDirectory(c));
    }

    private static String describe(PlumblineConfig c) {
        return String.format(
                "job '%s' reads %s (%s) from %s; %s windows against a %s baseline; stats to %s, alerts to %s, "
                        + "rejected records to %s; checkpoints every %s in %s",
                c.job().name(), c.topics().predictions(), format(c.topics().predictionsFormat(), c),
                c.kafka().bootstrapServers(), human(c.windowSize()), c.baseline().wireName(),
                c.topics().driftStats(), c.topics().alerts(), c.topics().deadLetter(),
                human(c.checkpoint().interval()), c.checkpoint().directory());
    }

    /**
     * The format, and the registry the writer schemas of Confluent's wire format come from, when it may be read, or
     * how long the halves of a logged inference wait for each other.
     */
    private static String format(PayloadFormat format, PlumblineConfig c) {
        if (format.isInferenceLog()) {
            return format.configName() + ", requests paired with responses within "
                    + human(c.inferenceLogs().pairWithin());
        }
        boolean confluent = format == PayloadFormat.AUTO || format == PayloadFormat.CONFLUENT_AVRO;
        return format.configName() + (confluent && c.schemaRegistry() != null
                ? ", writer schemas from " + c.schemaRegistry().urls().get(0) : "");
    }

    static String human(Duration d) {
        return d.toString().substring(2).toLowerCase(Locale.ROOT);
    }
}
