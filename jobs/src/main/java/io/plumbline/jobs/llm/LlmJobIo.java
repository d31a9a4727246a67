package io.plumbline.jobs.llm;

import java.util.Objects;

import io.plumbline.monitor.config.PlumblineConfig;
import io.plumbline.jobs.kafka.DeadLetter;
import io.plumbline.jobs.kafka.DecodedRecord;
import io.plumbline.jobs.kafka.KafkaIo;
import io.plumbline.jobs.kafka.KeyedMessage;
import io.plumbline.schemas.event.LlmCallRecord;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;

/**
 * The LLM job's source and sinks, handed to {@link LlmJob#define}: Kafka in production, and whatever a
 * test needs (a bounded source, for one) without touching the job's logic.
 *
 * @param calls decoded LLM calls, accepted or rejected
 * @param deadLetters every rejected or late call
 * @param llmStats one record per (service, prompt, operation), variant and window
 * @param alerts the LLM rules' alerts that fire or resolve, and the releases' notices
 */
public record LlmJobIo(Source<DecodedRecord<LlmCallRecord>, ?, ?> calls, Sink<DeadLetter> deadLetters,
                       Sink<KeyedMessage> llmStats, Sink<KeyedMessage> alerts) {

    public LlmJobIo {
        Objects.requireNonNull(calls, "calls");
        Objects.requireNonNull(deadLetters, "deadLetters");
        Objects.requireNonNull(llmStats, "llmStats");
        Objects.requireNonNull(alerts, "alerts");
    }

    /** The topics of the config, through exactly-once sinks. */
    public static LlmJobIo kafka(PlumblineConfig config) {
        return new LlmJobIo(KafkaIo.llmCallsSource(config).build(), KafkaIo.llmDeadLetterSink(config),
                KafkaIo.llmStatsSink(config), KafkaIo.llmAlertsSink(config));
    }
}
