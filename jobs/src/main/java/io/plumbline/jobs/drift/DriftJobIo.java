package io.plumbline.jobs.drift;

import java.util.Objects;
import java.util.Optional;

import io.plumbline.monitor.config.PlumblineConfig;
import io.plumbline.jobs.kafka.DeadLetter;
import io.plumbline.jobs.kafka.DecodedBaseline;
import io.plumbline.jobs.kafka.DecodedRecord;
import io.plumbline.jobs.kafka.KafkaIo;
import io.plumbline.jobs.kafka.KeyedMessage;
import io.plumbline.schemas.event.PredictionRecord;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;

/**
 * The drift job's sources and sinks, handed to {@link DriftJob#define}: Kafka in production, and
 * whatever a test needs (a bounded source, for one) without touching the job's logic.
 *
 * <p>The reference baselines are optional, so that a caller with no baselines topic (a benchmark,
 * a test of warmup baselines) keeps the four-argument constructor: the job then joins an empty
 * stream of references, and its drift stage keeps the same shape and uid either way.
 *
 * @param predictions decoded prediction events or inference logs, accepted or rejected
 * @param deadLetters every rejected or late input record, of either source
 * @param driftStats one record per model, feature and window
 * @param alerts alert state changes
 * @param baselines decoded reference baselines, accepted or rejected; empty for none
 */
public record DriftJobIo(PredictionInput predictions, Sink<DeadLetter> deadLetters,
                         Sink<KeyedMessage> driftStats, Sink<KeyedMessage> alerts,
                         Optional<Source<DecodedBaseline, ?, ?>> baselines) {

    public DriftJobIo {
        Objects.requireNonNull(predictions, "predictions");
        Objects.requireNonNull(deadLetters, "deadLetters");
        Objects.requireNonNull(driftStats, "driftStats");
        Objects.requireNonNull(alerts, "alerts");
        Objects.requireNonNull(baselines, "baselines");
    }

    /** From a source of prediction events. */
    public DriftJobIo(Source<DecodedRecord<PredictionRecord>, ?, ?> predictions, Sink<DeadLetter> deadLetters,
                      Sink<KeyedMessage> driftStats, Sink<KeyedMessage> alerts,
                      Optional<Source<DecodedBaseline, ?, ?>> baselines) {
        this(new PredictionInput.Events(predictions), deadLetters, driftStats, alerts, baselines);
    }

    /** Without reference baselines: every model version learns its own (warmup or rolling). */
    public DriftJobIo(Source<DecodedRecord<PredictionRecord>, ?, ?> predictions, Sink<DeadLetter> deadLetters,
                      Sink<KeyedMessage> driftStats, Sink<KeyedMessage> alerts) {
        this(predictions, deadLetters, driftStats, alerts, Optional.empty());
    }

    /** The topics of the config, through exactly-once sinks; references are always joined. */
    public static DriftJobIo kafka(PlumblineConfig config) {
        return new DriftJobIo(PredictionInput.kafka(config, null), KafkaIo.deadLetterSink(config),
                KafkaIo.driftStatsSink(config), KafkaIo.alertsSink(config),
                Optional.of(KafkaIo.baselinesSource(config).build()));
    }
}
