package io.plumbline.schemas.codec;

import io.plumbline.schemas.validation.RejectedRecordException;

/**
 * Sends each payload to the reader of its format: the configured one, or in {@link PayloadFormat#AUTO}
 * the one its first bytes announce — '{' after optional whitespace is JSON, {@code C3 01} is Avro
 * single-object encoding, {@code 00} and four more bytes is Confluent's wire format. A bare Avro datum carries
 * no marker, so it is read only when configured.
 */
final class FormatDispatch<T> {

    /** Reads one payload of a known format. */
    @FunctionalInterface
    interface Reader<T> {
        T read(byte[] payload) throws RejectedRecordException;
    }

    private final PayloadFormat format;
    private final Reader<T> json;
    private final Reader<T> singleObject;
    private final Reader<T> confluent;
    private final Reader<T> datum;

    FormatDispatch(PayloadFormat format, Reader<T> json, Reader<T> singleObject, Reader<T> confluent,
                   Reader<T> datum) {
        this.format = format;
        this.json = json;
        this.singleObject = singleObject;
        this.confluent = confluent;
        this.datum = datum;
    }

    T read(byte[] payload) throws RejectedRecordException {
        if (payload == null || payload.length == 0) {
            throw Rejections.undecodable("empty payload");
        }
        return switch (format) {
            case JSON -> json.read(payload);
            case AVRO_SINGLE_OBJECT -> singleObject.read(payload);
            case CONFLUENT_AVRO -> confluent.read(payload);
            case AVRO_DATUM -> datum.read(payload);
            case OTLP_PROTO, OTLP_JSON -> throw new IllegalStateException(format.configName()
                    + " records hold trace exports of many spans, not one event");
            case KSERVE -> throw new IllegalStateException(format.configName()
                    + " records hold halves of inferences, to be paired, not events");
            case AUTO -> detect(payload).read(payload);
        };
    }

    private Reader<T> detect(byte[] payload) throws RejectedRecordException {
        if (payload[0] == (byte) 0xC3 && payload.length > 1 && payload[1] == 0x01) {
            return singleObject;
        }
        if (payload[0] == 0 && payload.length > ConfluentWireFormat.HEADER_BYTES) {
            return confluent;
        }
        int i = 0;
        while (i < payload.length && isJsonWhitespace(payload[i])) {
            i++;
        }
        if (i < payload.length && payload[i] == '{') {
            return json;
        }
        ForeignFormats.rejectIfForeign(payload);
        throw Rejections.undecodable("neither JSON ('{'), Avro single-object (C3 01) nor Confluent's wire format"
                + " (00 and a schema id) — first bytes "
                + Rejections.firstBytes(payload));
    }

    private static boolean isJsonWhitespace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }
}
