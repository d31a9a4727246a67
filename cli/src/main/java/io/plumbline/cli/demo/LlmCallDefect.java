package io.plumbline.cli.demo;

import io.plumbline.schemas.LlmCallEvent;
import io.plumbline.schemas.codec.LlmCallEncoder;
import io.plumbline.schemas.validation.RejectReason;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The ways the demo breaks an LLM call on purpose, one per rejection reason a producer's bug would
 * cause, so that the dead-letter topic shows each of them with the call's own times and names. Those of a
 * call's values are written in the traffic's format; those of JSON's text, or of Avro's bytes, in those, which
 * a topic forced to another format dead-letters as undecodable.
 */
public enum LlmCallDefect {

    /** A producer that sends epoch millis where nanos are due: its calls seem to end in 1970. */
    MILLIS_AS_NANOS(RejectReason.IMPLAUSIBLE_TIMESTAMP, TrafficFormat.JSON) {
        @Override
        LlmCallEvent broken(LlmCallEvent call) {
            return LlmCallEvent.newBuilder(call)
                    .setStartTimeUnixNano(call.getStartTimeUnixNano() / 1_000_000)
                    .setEndTimeUnixNano(call.getEndTimeUnixNano() / 1_000_000)
                    .build();
        }
    },
    /** Start and end swapped. */
    END_BEFORE_START(RejectReason.END_BEFORE_START, TrafficFormat.AVRO_SINGLE_OBJECT) {
        @Override
        LlmCallEvent broken(LlmCallEvent call) {
            return LlmCallEvent.newBuilder(call)
                    .setStartTimeUnixNano(call.getEndTimeUnixNano())
                    .setEndTimeUnixNano(call.getStartTimeUnixNano() - 1)
                    .build();
        }
    },
    /** Anthropic's own API counts cache reads apart from the input; sent as they are, they exceed it. */
    CACHE_READS_BEYOND_INPUT(RejectReason.INCONSISTENT_TOKENS, TrafficFormat.JSON) {
        @Override
        LlmCallEvent broken(LlmCallEvent call) {
            return LlmCallEvent.newBuilder(call)
                    .setGenAiUsageInputTokens(412L)
                    .setGenAiUsageCacheReadInputTokens(2_048L)
                    .build();
        }
    },
    NEGATIVE_TOKENS(RejectReason.NEGATIVE_COUNT, TrafficFormat.AVRO_SINGLE_OBJECT) {
        @Override
        LlmCallEvent broken(LlmCallEvent call) {
            return LlmCallEvent.newBuilder(call)
                    .setGenAiUsageInputTokens(-1L)
                    .setGenAiUsageCacheReadInputTokens(null)
                    .build();
        }
    },
    /** A judge's score on a 1-to-10 scale. */
    EVAL_SCORE_OUT_OF_RANGE(RejectReason.OUT_OF_RANGE, TrafficFormat.JSON) {
        @Override
        LlmCallEvent broken(LlmCallEvent call) {
            return LlmCallEvent.newBuilder(call).setEvalScore(8.0).build();
        }
    },
    /** A token count sent as a string. */
    TOKENS_AS_TEXT(RejectReason.WRONG_TYPE, null) {
        @Override
        byte[] apply(LlmCallEvent call, TrafficFormat format, int schemaId) {
            String json = json(LlmCallEvent.newBuilder(call).setGenAiUsageInputTokens(1_200L).build());
            return replace(json, "\"gen_ai.usage.input_tokens\":1200", "\"gen_ai.usage.input_tokens\":\"1200\"");
        }
    },
    SERVICE_NULL(RejectReason.MISSING_FIELD, null) {
        @Override
        byte[] apply(LlmCallEvent call, TrafficFormat format, int schemaId) {
            String service = "\"service.name\":\"" + call.getServiceName() + "\"";
            return replace(json(call), service, "\"service.name\":null");
        }
    },
    /** A record cut short, as by a producer writing into a fixed-size buffer. */
    TRUNCATED_AVRO(RejectReason.UNDECODABLE, null) {
        @Override
        byte[] apply(LlmCallEvent call, TrafficFormat format, int schemaId) {
            byte[] whole = LlmCallEncoder.avroSingleObject(call);
            return Arrays.copyOf(whole, whole.length / 2);
        }
    };

    private final RejectReason reason;
    /** How a mixed topic gets it: a call-level mistake in JSON or Avro, as one producer or another would send it. */
    private final TrafficFormat mixedFormat;

    LlmCallDefect(RejectReason reason, TrafficFormat mixedFormat) {
        this.reason = reason;
        this.mixedFormat = mixedFormat;
    }

    /** The reason the job rejects a call broken this way. */
    public RejectReason reason() {
        return reason;
    }

    /** {@code call} broken this way, for a mistake a call can carry in any format; null for one of JSON's text. */
    LlmCallEvent broken(LlmCallEvent call) {
        return null;
    }

    /**
     * The bytes of {@code call} broken this way: a call-level mistake written in {@code format} (the schema's
     * registry id {@code schemaId} for confluent-avro), a mistake of JSON's or Avro's bytes in those.
     */
    byte[] apply(LlmCallEvent call, TrafficFormat format, int schemaId) {
        return (format == TrafficFormat.MIXED ? mixedFormat : format).write(broken(call), null, schemaId);
    }

    private static String json(LlmCallEvent call) {
        return new String(LlmCallEncoder.json(call), StandardCharsets.UTF_8);
    }

    /** Edits the encoder's compact JSON where an Avro record cannot hold the mistake. */
    private static byte[] replace(String json, String field, String broken) {
        if (!json.contains(field)) {
            throw new IllegalStateException("expected " + field + " in " + json);
        }
        return json.replace(field, broken).getBytes(StandardCharsets.UTF_8);
    }
}
