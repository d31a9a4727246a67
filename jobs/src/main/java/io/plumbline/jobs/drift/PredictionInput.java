package io.plumbline.jobs.drift;

import java.time.Duration;
import java.util.Objects;

import io.plumbline.jobs.kafka.DecodedRecord;
import io.plumbline.jobs.kafka.KafkaIo;
import io.plumbline.monitor.config.PlumblineConfig;
import io.plumbline.schemas.event.InferenceHalf;
import io.plumbline.schemas.event.PredictionRecord;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;

/** Where the drift job's predictions come from: prediction events, or model servers' logs of inferences to pair. */
public sealed interface PredictionInput {

    /**
     * The config's predictions topic, read as its format says: events, or inference logs to pair.
     *
     * @param stoppingOffsets where the source ends, for a bounded run; null for none
     */
    static PredictionInput kafka(PlumblineConfig config, OffsetsInitializer stoppingOffsets) {
        if (config.topics().predictionsFormat().isInferenceLog()) {
            KafkaSourceBuilder<DecodedRecord<InferenceHalf>> logs = KafkaIo.inferenceLogsSource(config);
            if (stoppingOffsets != null) {
                logs.setBounded(stoppingOffsets);
            }
            return new InferenceLogs(logs.build(), config.topics().predictions(), config.inferenceLogs().pairWithin());
        }
        KafkaSourceBuilder<DecodedRecord<PredictionRecord>> events = KafkaIo.predictionsSource(config);
        if (stoppingOffsets != null) {
            events.setBounded(stoppingOffsets);
        }
        return new Events(events.build());
    }

    /** A topic of one prediction per record. */
    record Events(Source<DecodedRecord<PredictionRecord>, ?, ?> source) implements PredictionInput {

        public Events {
            Objects.requireNonNull(source, "source");
        }
    }

    /**
     * A topic of inference logs, each record half of an inference: paired by id into predictions.
     *
     * @param topic the topic the source reads, which a prediction's dead letter names
     * @param pairWithin how long after one half was logged the other may come
     */
    record InferenceLogs(Source<DecodedRecord<InferenceHalf>, ?, ?> source, String topic, Duration pairWithin)
            implements PredictionInput {

        public InferenceLogs {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(pairWithin, "pairWithin");
        }
    }
}
