package io.plumbline.jobs.inference;

import io.plumbline.jobs.kafka.DecodedRecord;
import io.plumbline.schemas.event.InferenceHalf;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * The key that brings the two halves of an inference together: their CloudEvent id. A rejected record has no id
 * to trust; its own position keys it, so rejections spread over the pairing's subtasks and meet nothing there.
 */
public final class InferenceId implements KeySelector<DecodedRecord<InferenceHalf>, String> {

    @Override
    public String getKey(DecodedRecord<InferenceHalf> record) {
        return record.isAccepted() ? record.event().id()
                : "rejected " + record.raw().partition() + "@" + record.raw().offset();
    }
}
