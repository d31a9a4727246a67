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
    AVRO_DATUM("avro-datum"),
    /** LLM calls only: OTLP trace exports in protobuf, as the OpenTelemetry Collector's Kafka exporter writes them. */
    OTLP_PROTO("otlp-proto"),
    /** LLM calls only: OTLP trace exports in OTLP/JSON, the Collector's Kafka exporter's {@code otlp_json}. */
    OTLP_JSON("otlp-json"),
    /**
     * Predictions only: inference logs of a model server (KServe, Seldon Core), CloudEvents of each request and
     * response, paired into predictions by their id.
     */
    KSERVE("kserve");

    private final String configName;

    PayloadFormat(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    /** Whether a record holds a whole trace export, of any number of spans, rather than one event. */
    public boolean isOtlp() {
        return this == OTLP_PROTO || this == OTLP_JSON;
    }

    /** Whether a record holds half of an inference, to be paired with the other half, rather than an event. */
    public boolean isInferenceLog() {
        return this == KSERVE;
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
