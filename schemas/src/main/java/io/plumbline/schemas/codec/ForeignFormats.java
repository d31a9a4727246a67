package io.plumbline.schemas.codec;

import io.plumbline.schemas.validation.RejectedRecordException;
import java.nio.ByteBuffer;

/**
 * The first bytes of encodings that a reader of another format finds, common enough to name in a rejection,
 * so that a producer learns what to change instead of decoding hex.
 */
final class ForeignFormats {

    /** Rejects {@code payload}, naming its encoding, when it starts like one of these; otherwise returns. */
    static void rejectIfForeign(byte[] payload) throws RejectedRecordException {
        if (payload.length >= 3 && payload[0] == (byte) 0xEF && payload[1] == (byte) 0xBB
                && payload[2] == (byte) 0xBF) {
            throw Rejections.undecodable("starts with a UTF-8 byte order mark (EF BB BF); send JSON without a BOM");
        }
        if (payload.length > ConfluentWireFormat.HEADER_BYTES && payload[0] == 0) {
            int schemaId = ByteBuffer.wrap(payload, 1, 4).getInt();
            throw Rejections.undecodable("Confluent Schema Registry framing (magic byte 0, schema id " + schemaId
                    + ") in a topic whose format is set to another: set it to confluent-avro or auto");
        }
    }

    private ForeignFormats() {
    }
}
