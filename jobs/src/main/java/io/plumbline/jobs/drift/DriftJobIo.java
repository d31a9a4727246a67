package io.plumbline.jobs.drift;

import java.util.Objects;

import io.plumbline.jobs.config.PlumblineConfig;
import io.plumbline.jobs.kafka.DeadLetter;
import io.plumbline.jobs.kafka.DecodedRecord;
import io.plumbline.jobs.kafka.KafkaIo;
import io.plumbline.jobs.kafka.KeyedMessage;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;

/**
 * The drift job's source and sinks, handed to {@link DriftJob#define}: Kafka in production, and
 * whatever a test needs (a bounded source, for one) without touching the job's logic.
 *
 * @param predictions decoded prediction events, accepted or rejected
 * @param deadLetters every rejected or late input record
 * @param driftStats one record per model, feature and window
 * @param alerts alert state changes
 */
public record DriftJobIo(Source<DecodedRecord, ?, ?> predictions, Sink<DeadLetter> deadLetters,
                         Sink<KeyedMessage> driftStats, Sink<KeyedMessage> alerts) {

    public DriftJobIo {
        Objects.requireNonNull(predictions, "predictions");
        Objects.requireNonNull(deadLetters, "deadLetters");
        Objects.requireNonNull(driftStats, "driftStats");
        Objects.requireNonNull(alerts, "alerts");
    }

    /** The topics of the config, through exactly-once sinks. */
    public static DriftJobIo kafka(PlumblineConfig config) {
        return new DriftJobIo(KafkaIo.predictionsSource(config).build(), KafkaIo.deadLetterSink(config),
                KafkaIo.driftStatsSink(config), KafkaIo.alertsSink(config));
    }
}
