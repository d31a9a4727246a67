package io.plumbline.cli.demo;

import java.util.Map;

/**
 * One generated Kafka record: its key (null for none), its event time, which is also its Kafka
 * timestamp, its value and headers; {@code malformed} ones are meant for the dead-letter topic.
 *
 * @param then the record sent right after this one as part of the same event, or null: a model server logs
 *     each inference as its request, then its response
 */
public record GeneratedRecord(byte[] key, long timestamp, byte[] payload, boolean malformed,
                              Map<String, String> headers, GeneratedRecord then) {

    /** A record of one whole event, or a malformed one, without headers. */
    public GeneratedRecord(byte[] key, long timestamp, byte[] payload, boolean malformed) {
        this(key, timestamp, payload, malformed, Map.of(), null);
    }
}
