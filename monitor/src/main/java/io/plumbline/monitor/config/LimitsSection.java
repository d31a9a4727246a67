package io.plumbline.monitor.config;

import java.util.Map;

import io.plumbline.monitor.config.PlumblineConfig.Limits;

/**
 * Reads the {@code limits} section: what hostile or broken input may take of the jobs.
 *
 * <pre>
 * limits:
 *   max-record-bytes: 983040
 *   max-models: 1000
 *   llm: { max-tokens-per-call: 10000000, max-cost-usd-per-call: 1000, max-call-duration: 1h, max-routes: 1000,
 *          max-variants: 64, max-tenants: 10000 }
 * </pre>
 */
final class LimitsSection {

    private static final String RECORD_BYTES = ConfigKeys.MAX_RECORD_BYTES.key();
    /** The Kafka producer's own key (ProducerConfig.MAX_REQUEST_SIZE_CONFIG; this module stays free of Kafka). */
    private static final String MAX_REQUEST_SIZE = "max.request.size";
    private static final String MAX_REQUEST_SIZE_KEY = ConfigLoader.KAFKA_PROPERTIES + "." + MAX_REQUEST_SIZE;
    /** What a dead letter needs beside the (truncated) record it carries, for its headers and key. */
    private static final long DEAD_LETTER_HEADROOM = 16_384;

    private LimitsSection() {
    }

    /** Every problem goes to {@code s}; the limits returned are then meaningless, as no config is built. */
    static Limits read(Settings s, Map<String, String> kafkaProperties) {
        long maxRecordBytes = ConfigKeys.MAX_RECORD_BYTES.read(s);
        checkHeadroom(s, maxRecordBytes, kafkaProperties);
        return new Limits(maxRecordBytes, ConfigKeys.MAX_MODELS.read(s), ConfigKeys.MAX_TOKENS.read(s),
                ConfigKeys.MAX_COST.read(s), ConfigKeys.MAX_CALL_DURATION.read(s), ConfigKeys.MAX_ROUTES.read(s),
                ConfigKeys.MAX_VARIANTS.read(s), ConfigKeys.MAX_TENANTS.read(s));
    }

    /**
     * A dead letter carries up to {@code maxRecordBytes} of its record (a larger one truncated to that), with
     * headers and a key: the producer must take that much more in one request, or the dead letter of a record
     * at the limit could not be written.
     */
    private static void checkHeadroom(Settings s, long maxRecordBytes, Map<String, String> kafkaProperties) {
        if (s.isRefused(RECORD_BYTES) || s.isRefused(ConfigLoader.KAFKA_PROPERTIES)) {
            return; // reported already
        }
        String set = kafkaProperties.get(MAX_REQUEST_SIZE);
        long maxRequestSize = set == null ? Limits.KAFKA_MAX_REQUEST_BYTES : bytes(set);
        if (maxRequestSize < 0) {
            s.problem(MAX_REQUEST_SIZE_KEY + ": expected a whole number of bytes such as "
                    + Limits.KAFKA_MAX_REQUEST_BYTES
                    + ", got " + Secrets.quote(MAX_REQUEST_SIZE_KEY, set));
            return;
        }
        if (maxRecordBytes + DEAD_LETTER_HEADROOM <= maxRequestSize) {
            return;
        }
        String under = set == null
                ? "the Kafka producer's max.request.size (" + Limits.KAFKA_MAX_REQUEST_BYTES
                        + " unless kafka.properties sets it)"
                : MAX_REQUEST_SIZE_KEY;
        long lowest = maxRequestSize - DEAD_LETTER_HEADROOM;
        s.problem(RECORD_BYTES + ": " + maxRecordBytes + (s.isSet(RECORD_BYTES) ? "" : " (its default)")
                + " leaves less than " + DEAD_LETTER_HEADROOM + " bytes (16 KiB) under " + under
                + " for a dead letter's headers and key: "
                + (lowest >= Limits.MIN_RECORD_BYTES ? "set it to at most " + lowest + ", or " : "")
                + (set == null ? "set " : "raise ") + MAX_REQUEST_SIZE_KEY + " to at least "
                + (maxRecordBytes + DEAD_LETTER_HEADROOM));
    }

    /** A byte count as Kafka takes it (an int, at least 0), or -1. */
    private static long bytes(String v) {
        try {
            int bytes = Integer.parseInt(v.trim());
            return bytes >= 0 ? bytes : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
