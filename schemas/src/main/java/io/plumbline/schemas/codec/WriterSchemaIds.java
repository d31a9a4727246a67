package io.plumbline.schemas.codec;

import io.plumbline.schemas.registry.SchemaRegistryClient;
import io.plumbline.schemas.validation.RejectedRecordException;
import org.apache.avro.Schema;

/**
 * The writer schemas of records in Confluent's wire format ({@code 00}, a 4-byte schema id, the Avro datum),
 * by schema id.
 */
@FunctionalInterface
public interface WriterSchemaIds {

    /**
     * The writer schema of {@code id}.
     *
     * @throws RejectedRecordException when no Avro schema of that id can be had, a fact about the record
     * @throws io.plumbline.schemas.registry.RegistryUnavailableException when the registry cannot be asked
     */
    Schema writerSchema(int id) throws RejectedRecordException;

    /** For a decoder without a schema registry: every record in Confluent's framing is rejected, saying why. */
    WriterSchemaIds NONE = id -> {
        throw Rejections.undecodable("Confluent Schema Registry framing (magic byte 0, schema id " + id
                + ") but no schema registry is configured: set schema-registry.url to read it");
    };

    /** The schemas of {@code registry}; the Avro reader keeps each it reads, so an id is asked for once. */
    static WriterSchemaIds of(SchemaRegistryClient registry) {
        return new RegistryWriterSchemas(registry);
    }
}
