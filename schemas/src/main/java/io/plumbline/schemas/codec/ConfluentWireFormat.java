package io.plumbline.schemas.codec;

import java.nio.ByteBuffer;

/** Confluent Schema Registry's framing of an Avro datum: a zero magic byte, the writer schema's 4-byte id, the datum. */
public final class ConfluentWireFormat {

    /** The magic byte and the schema id. */
    public static final int HEADER_BYTES = 5;

    private ConfluentWireFormat() {
    }

    /** {@code datum}, written with the schema registered as {@code schemaId}, framed. */
    public static byte[] frame(int schemaId, byte[] datum) {
        return ByteBuffer.allocate(HEADER_BYTES + datum.length).put((byte) 0).putInt(schemaId).put(datum).array();
    }
}
