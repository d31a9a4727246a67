package io.plumbline.schemas.codec;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.plumbline.schemas.registry.SchemaRegistryClient;
import io.plumbline.schemas.registry.SchemaRegistryClient.NotFoundException;
import io.plumbline.schemas.registry.SchemaRegistryClient.RegisteredSchema;
import io.plumbline.schemas.validation.RejectedRecordException;
import org.apache.avro.Schema;

/**
 * Writer schemas fetched from a schema registry by id. A schema read is kept by the Avro reader that asked for it
 * (an id names one schema for good); what makes an id unreadable (the registry does not have it, it is not Avro)
 * is kept here for a minute, so that a topic of such records does not ask the registry once per record, and a
 * schema registered late is still found.
 */
final class RegistryWriterSchemas implements WriterSchemaIds {

    /** More unreadable schema ids than any topic's producers use; past it the refusals start over. */
    private static final int MAX_REFUSALS = 10_000;
    private static final long REFUSAL_MILLIS = 60_000;
    /** References of references: deeper than real schemas go, shallow enough to stop a cycle. */
    private static final int MAX_REFERENCE_DEPTH = 16;

    private record Refusal(RejectedRecordException rejection, long untilMillis) {
    }

    private final SchemaRegistryClient registry;
    private final Map<Integer, Refusal> refusals = new HashMap<>();

    RegistryWriterSchemas(SchemaRegistryClient registry) {
        this.registry = registry;
    }

    @Override
    public Schema writerSchema(int id) throws RejectedRecordException {
        Refusal refusal = refusals.get(id);
        long now = System.currentTimeMillis();
        if (refusal != null && refusal.untilMillis() > now) {
            throw refusal.rejection();
        }
        try {
            return fetch(id);
        } catch (RejectedRecordException e) {
            if (refusals.size() >= MAX_REFUSALS) {
                refusals.clear();
            }
            refusals.put(id, new Refusal(e, now + REFUSAL_MILLIS));
            throw e;
        }
    }

    private Schema fetch(int id) throws RejectedRecordException {
        String what = "schema id " + id;
        RegisteredSchema registered;
        try {
            registered = registry.schemaById(id);
        } catch (NotFoundException e) {
            throw Rejections.undecodable(what + " is not in the schema registry (" + e.getMessage() + "): the record"
                    + " was written against another registry, or its schema was deleted");
        }
        if (!registered.type().equalsIgnoreCase("AVRO")) {
            throw Rejections.undecodable(what + " is a " + registered.type() + " schema: confluent-avro reads Avro;"
                    + " registry JSON Schema and Protobuf records are not read (see docs/events.md)");
        }
        Schema.Parser parser = new Schema.Parser();
        addReferences(parser, registered.references(), what, new HashSet<>(), 0);
        return parse(parser, registered.schema(), what);
    }

    /** Parses each referenced schema, its own references first, so that the schema naming them resolves. */
    private void addReferences(Schema.Parser parser, List<SchemaRegistryClient.Reference> references, String what,
                               Set<String> parsed, int depth) throws RejectedRecordException {
        for (SchemaRegistryClient.Reference reference : references) {
            String name = "subject " + reference.subject() + " version " + reference.version();
            if (depth >= MAX_REFERENCE_DEPTH) {
                throw Rejections.undecodable(what + " references more than " + MAX_REFERENCE_DEPTH
                        + " levels deep, down to " + name);
            }
            if (!parsed.add(reference.subject() + "/" + reference.version())) {
                continue;
            }
            RegisteredSchema referenced;
            try {
                referenced = registry.schemaOf(reference.subject(), reference.version());
            } catch (NotFoundException e) {
                throw Rejections.undecodable(what + " references " + name + ", which the schema registry does not"
                        + " have (" + e.getMessage() + ")");
            }
            addReferences(parser, referenced.references(), what, parsed, depth + 1);
            parse(parser, referenced.schema(), what + " (its reference " + name + ")");
        }
    }

    private static Schema parse(Schema.Parser parser, String schema, String what) throws RejectedRecordException {
        try {
            return parser.parse(schema);
        } catch (RuntimeException e) {
            throw Rejections.undecodable(what + " is not an Avro schema this decoder can read: " + e.getMessage());
        }
    }
}
