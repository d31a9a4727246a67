package io.plumbline.schemas.codec;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the bytes of an input topic are encoded. */
public enum PayloadFormat {
    /**
     * Detected per record: '{' is JSON, 0xC3 0x01 is Avro single-object encoding, a zero byte and a schema id
     * is Confluent's wire format.
     */
    AUTO("auto"),
    JSON("json"),
    AVRO_SINGLE_OBJECT("avro-single-object"),
    /** Confluent Schema Registry's wire format: a zero byte, the writer schema's 4-byte registry id, the datum. */
    CONFLUENT_AVRO("confluent-avro"),
    /** A bare Avro binary datum of the current schema: carries no marker, so only by config. */
    AVRO_DATUM("avro-datum");

    private final String configName;

    PayloadFormat(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static PayloadFormat fromConfig(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (PayloadFormat f : values()) {
            if (f.configName.equals(v)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown format '" + value + "': expected one of "
                + Arrays.stream(values()).map(PayloadFormat::configName).collect(Collectors.joining(", ")));
    }
}
