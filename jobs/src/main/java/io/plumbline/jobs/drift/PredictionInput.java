package io.plumbline.jobs.drift;

import java.time.Duration;
import java.util.Objects;

import io.plumbline.jobs.kafka.DecodedRecord;
import io.plumbline.schemas.event.InferenceHalf;
import io.plumbline.schemas.event.PredictionRecord;
import org.apache.flink.api.connector.source.Source;

/** Where the drift job's predictions come from: prediction events, or model servers' logs of inferences to pair. */
public sealed interface PredictionInput {

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
