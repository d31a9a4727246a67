package io.plumbline.jobs.kafka;

import java.util.Arrays;
import java.util.Objects;

/**
 * An input record as it came from Kafka: where it was read and its original bytes, kept until the
 * record is past the late check so that a dead letter can carry exactly what the producer sent.
 *
 * @param key the record key, or null
 * @param value the record value; null for a tombstone, and for a record whose value is not kept (an LLM
 *     call's, which may hold prompt and completion text)
 */
public record RawRecord(String topic, int partition, long offset, byte[] key, byte[] value) {

    public RawRecord {
        Objects.requireNonNull(topic, "topic");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawRecord r && partition == r.partition && offset == r.offset
                && topic.equals(r.topic) && Arrays.equals(key, r.key) && Arrays.equals(value, r.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, partition, offset);
    }

    @Override
    public String toString() {
        return "RawRecord[" + topic + "-" + partition + "@" + offset + ", " + (value == null ? 0 : value.length)
                + " bytes]";
    }
}
