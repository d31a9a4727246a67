package io.plumbline.cli.demo;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

import io.plumbline.schemas.LlmCallEvent;
import io.plumbline.schemas.codec.LlmCallEncoder;
import io.plumbline.schemas.codec.OtlpCallEncoder;

/**
 * How generated LLM calls or predictions are written. Records broken on purpose keep their own encodings (JSON or
 * Avro single-object), which a topic in {@code auto} reads beside any of these.
 */
public enum TrafficFormat {
    /** JSON, and Avro single-object for a share {@value #AVRO_SHARE} of the records: services of both kinds. */
    MIXED("mixed", true, true),
    JSON("json", true, true),
    AVRO_SINGLE_OBJECT("avro-single-object", true, true),
    /** Confluent's wire format, with the id under which the schema is registered. */
    CONFLUENT_AVRO("confluent-avro", true, true),
    /** An OTLP trace export of the call's GenAI span, in protobuf, as the Collector's Kafka exporter writes it. */
    OTLP_PROTO("otlp-proto", true, false),
    /** The same in OTLP/JSON. */
    OTLP_JSON("otlp-json", true, false),
    /** A model server's logs of the inference behind a prediction: its request, then its response. */
    KSERVE("kserve", false, true);

    static final double AVRO_SHARE = 0.3;

    private final String optionName;
    private final boolean calls;
    private final boolean predictions;

    TrafficFormat(String optionName, boolean calls, boolean predictions) {
        this.optionName = optionName;
        this.calls = calls;
        this.predictions = predictions;
    }

    public String optionName() {
        return optionName;
    }

    /** Whether LLM calls can be written so. */
    public boolean carriesCalls() {
        return calls;
    }

    /** Whether predictions can be written so. */
    public boolean carriesPredictions() {
        return predictions;
    }

    /**
     * {@code call}'s bytes; {@code rng} picks the encoding of {@link #MIXED}, {@code schemaId} is the registered
     * schema's, for {@link #CONFLUENT_AVRO}.
     */
    byte[] write(LlmCallEvent call, SplittableRandom rng, int schemaId) {
        return switch (this) {
            case MIXED -> rng.nextDouble() < AVRO_SHARE ? LlmCallEncoder.avroSingleObject(call)
                    : LlmCallEncoder.json(call);
            case JSON -> LlmCallEncoder.json(call);
            case AVRO_SINGLE_OBJECT -> LlmCallEncoder.avroSingleObject(call);
            case CONFLUENT_AVRO -> LlmCallEncoder.confluent(schemaId, call);
            case OTLP_PROTO -> OtlpCallEncoder.proto(List.of(call));
            case OTLP_JSON -> OtlpCallEncoder.json(List.of(call));
            case KSERVE -> throw new IllegalStateException("kserve carries predictions, not LLM calls");
        };
    }

    /** The format of {@code name}, as an option gives it. */
    public static TrafficFormat of(String name) {
        for (TrafficFormat format : values()) {
            if (format.optionName.equals(name.trim().toLowerCase(Locale.ROOT))) {
                return format;
            }
        }
        throw new IllegalArgumentException("unknown format '" + name + "': expected one of " + names());
    }

    public static String names() {
        return Arrays.stream(values()).map(TrafficFormat::optionName).collect(Collectors.joining(", "));
    }

    /** The names of the formats that carry calls, or predictions. */
    public static String names(boolean ofCalls) {
        return Arrays.stream(values()).filter(f -> ofCalls ? f.calls : f.predictions).map(TrafficFormat::optionName)
                .collect(Collectors.joining(", "));
    }
}
