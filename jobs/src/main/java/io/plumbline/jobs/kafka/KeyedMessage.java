package io.plumbline.jobs.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

import io.plumbline.schemas.Alert;
import io.plumbline.schemas.codec.JsonRecordWriter;

/**
 * A record for an output topic, already encoded: the key a consumer groups by (the alert
 * fingerprint, the stats key) and the value's bytes.
 */
public record KeyedMessage(String key, byte[] value) {

    public KeyedMessage {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    /** An alert state change for the alerts topic: keyed by its fingerprint, in JSON. */
    public static KeyedMessage of(Alert alert) {
        return new KeyedMessage(alert.getFingerprint(), JsonRecordWriter.toJson(alert));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyedMessage m && key.equals(m.key) && Arrays.equals(value, m.value);
    }

    @Override
    public int hashCode() {
        return 31 * key.hashCode() + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "KeyedMessage[" + key + " = " + new String(value, StandardCharsets.UTF_8) + "]";
    }
}
