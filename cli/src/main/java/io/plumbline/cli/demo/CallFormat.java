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
 * How generated LLM calls are written. Those broken on purpose keep their own encodings (JSON or Avro
 * single-object), which a topic in {@code auto} reads beside any of these.
 */
public enum CallFormat {
    /** JSON, and Avro single-object for a share {@value #AVRO_SHARE} of the calls: services of both kinds. */
    MIXED("mixed"),
    JSON("json"),
    AVRO_SINGLE_OBJECT("avro-single-object"),
    /** Confluent's wire format, with the id under which the schema is registered. */
    CONFLUENT_AVRO("confluent-avro"),
    /** An OTLP trace export of the call's GenAI span, in protobuf, as the Collector's Kafka exporter writes it. */
    OTLP_PROTO("otlp-proto"),
    /** The same in OTLP/JSON. */
    OTLP_JSON("otlp-json");

    static final double AVRO_SHARE = 0.3;

    private final String optionName;

    CallFormat(String optionName) {
        this.optionName = optionName;
    }

    public String optionName() {
        return optionName;
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
        };
    }

    /** The format of {@code name}, as an option gives it. */
    public static CallFormat of(String name) {
        for (CallFormat format : values()) {
            if (format.optionName.equals(name.trim().toLowerCase(Locale.ROOT))) {
                return format;
            }
        }
        throw new IllegalArgumentException("unknown format '" + name + "': expected one of " + names());
    }

    public static String names() {
        return Arrays.stream(values()).map(CallFormat::optionName).collect(Collectors.joining(", "));
    }
}
