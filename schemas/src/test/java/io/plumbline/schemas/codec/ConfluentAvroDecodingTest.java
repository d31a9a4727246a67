package io.plumbline.schemas.codec;

import static io.plumbline.schemas.codec.JsonEvent.NOW;
import static io.plumbline.schemas.validation.RejectReason.INCOMPATIBLE_SCHEMA;
import static io.plumbline.schemas.validation.RejectReason.UNDECODABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import io.plumbline.schemas.LlmCallEvent;
import io.plumbline.schemas.PredictionEvent;
import io.plumbline.schemas.event.LlmCallRecord;
import io.plumbline.schemas.event.PredictionRecord;
import io.plumbline.schemas.validation.RejectReason;
import io.plumbline.schemas.validation.RejectedRecordException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.SchemaStore;
import org.junit.jupiter.api.Test;

/** Records in Confluent's wire format, their writer schemas given by id as a registry would. */
class ConfluentAvroDecodingTest {

    private final Map<Integer, Schema> registry = new HashMap<>();
    private final Map<Integer, Integer> asked = new HashMap<>();
    private final WriterSchemaIds ids = id -> {
        asked.merge(id, 1, Integer::sum);
        Schema schema = registry.get(id);
        if (schema == null) {
            throw Rejections.undecodable("schema id " + id + " is not in the schema registry");
        }
        return schema;
    };

    @Test
    void readsOurOwnSchemaInAutoAndWhenForced() throws RejectedRecordException {
        registry.put(7, PredictionEvent.getClassSchema());
        byte[] framed = framed(7, AvroEvents.datum(AvroEvents.sample().build()));
        Map<String, Object> expected = RecordViews.view(AvroEvents.sample().build());

        assertThat(RecordViews.view(predictions(PayloadFormat.AUTO).decode(framed))).isEqualTo(expected);
        assertThat(RecordViews.view(predictions(PayloadFormat.CONFLUENT_AVRO).decode(framed))).isEqualTo(expected);
    }

    /**
     * A producer's own schema: its record named for its domain, a field of its own, the optional fields left
     * out, and the score written as a float, which Avro promotes.
     */
    @Test
    void resolvesAProducersOwnSchemaIntoOurs() throws RejectedRecordException {
        Schema features = PredictionEvent.getClassSchema().getField("features").schema();
        Schema theirs = SchemaBuilder.record("ChurnPrediction").namespace("com.acme.ml").fields()
                .requiredString("event_id")
                .requiredLong("timestamp")
                .requiredString("model_id")
                .requiredString("model_version")
                .name("features").type(features).noDefault()
                .name("prediction").type().unionOf().floatType().and().stringType().endUnion().noDefault()
                .requiredString("request_path")
                .endRecord();
        registry.put(12, theirs);
        GenericRecord event = new GenericData.Record(theirs);
        event.put("event_id", "e-1");
        event.put("timestamp", JsonEvent.TIMESTAMP);
        event.put("model_id", "churn");
        event.put("model_version", "v3");
        event.put("features", AvroEvents.sample().getFeatures());
        event.put("prediction", 0.25f);
        event.put("request_path", "/v1/score");

        PredictionDecoder decoder = predictions(PayloadFormat.CONFLUENT_AVRO);
        PredictionRecord r = decoder.decode(framed(12, AvroEvents.datum(event)));
        decoder.decode(framed(12, AvroEvents.datum(event)));

        assertThat(RecordViews.view(r)).isEqualTo(RecordViews.view(AvroEvents.sample().build()));
        assertThat(asked).as("the registry is asked once per id").containsEntry(12, 1);
    }

    @Test
    void aSchemaWithoutARequiredFieldIsIncompatibleNamingIt() {
        Schema theirs = SchemaBuilder.record("PredictionEvent").fields()
                .requiredString("event_id")
                .requiredLong("timestamp")
                .requiredString("model_id")
                .name("features").type(PredictionEvent.getClassSchema().getField("features").schema()).noDefault()
                .name("prediction").type().doubleType().noDefault()
                .endRecord();
        registry.put(3, theirs);
        GenericRecord event = new GenericData.Record(theirs);
        event.put("event_id", "e-1");
        event.put("timestamp", JsonEvent.TIMESTAMP);
        event.put("model_id", "churn");
        event.put("features", Map.of());
        event.put("prediction", 0.5);
        PredictionDecoder decoder = predictions(PayloadFormat.AUTO);
        byte[] framed = framed(3, AvroEvents.datum(event));

        assertRejected(decoder, framed, INCOMPATIBLE_SCHEMA, "field 'model_version' is not in schema id 3 and"
                + " PredictionEvent has no default for it: the producer's schema must write it, under its name or an"
                + " alias");
        assertRejected(decoder, framed, INCOMPATIBLE_SCHEMA, "field 'model_version' is not in schema id 3");
        assertThat(asked).as("the registry is asked once per id").containsEntry(3, 1);
    }

    @Test
    void aFieldOfAnotherTypeIsIncompatibleNamingBothTypes() {
        Schema ours = PredictionEvent.getClassSchema();
        SchemaBuilder.FieldAssembler<Schema> fields = SchemaBuilder.record("PredictionEvent").fields()
                .requiredString("event_id")
                .requiredString("timestamp");
        Schema theirs = fields.requiredString("model_id").requiredString("model_version")
                .name("features").type(ours.getField("features").schema()).noDefault()
                .name("prediction").type(ours.getField("prediction").schema()).noDefault()
                .endRecord();
        registry.put(4, theirs);
        GenericRecord event = new GenericData.Record(theirs);
        event.put("event_id", "e-1");
        event.put("timestamp", "2025-01-01T00:00:00Z");
        event.put("model_id", "churn");
        event.put("model_version", "v3");
        event.put("features", Map.of());
        event.put("prediction", 0.5);

        assertRejected(predictions(PayloadFormat.CONFLUENT_AVRO), framed(4, AvroEvents.datum(event)),
                INCOMPATIBLE_SCHEMA, "field 'timestamp' is written as string in schema id 4; PredictionEvent reads it"
                        + " as long");
    }

    /** An LLM call written with the provider under its older name, which the schema keeps as an alias. */
    @Test
    void readsAnLlmCallThroughAFieldAlias() throws RejectedRecordException {
        Schema ours = LlmCallEvent.getClassSchema();
        String older = ours.toString().replace("\"gen_ai_provider_name\"", "\"gen_ai_system\"")
                .replace("\"aliases\":[\"gen_ai_system\"],", "");
        Schema theirs = new Schema.Parser().parse(older);
        registry.put(21, theirs);
        LlmCallEvent call = AvroEvents.llmCall().build();
        GenericRecord written = new GenericData.Record(theirs);
        for (Schema.Field field : ours.getFields()) {
            written.put(field.name().equals("gen_ai_provider_name") ? "gen_ai_system" : field.name(),
                    call.get(field.pos()));
        }

        LlmCallRecord decoded = new LlmCallDecoder(PayloadFormat.CONFLUENT_AVRO, () -> NOW, new SchemaStore.Cache(),
                ids, LlmCallLimits.DEFAULTS).decode(framed(21, AvroEvents.datum(written)));

        assertThat(decoded.provider()).isEqualTo("openai");
        assertThat(decoded.inputTokens()).isEqualTo(1200L);
    }

    @Test
    void malformedRecordsAreUndecodable() {
        registry.put(7, PredictionEvent.getClassSchema());
        byte[] framed = framed(7, AvroEvents.datum(AvroEvents.sample().build()));
        PredictionDecoder decoder = predictions(PayloadFormat.CONFLUENT_AVRO);

        assertRejected(decoder, Arrays.copyOf(framed, framed.length - 3), UNDECODABLE,
                "malformed Avro record of schema id 7: it ends early");
        assertRejected(decoder, Arrays.copyOf(framed, framed.length + 2), UNDECODABLE,
                "Avro record of schema id 7 has bytes left after a complete PredictionEvent");
        assertRejected(decoder, framed(8, new byte[] {2}), UNDECODABLE, "schema id 8 is not in the schema registry");
        assertRejected(decoder, new byte[] {0, 0, 0}, UNDECODABLE, "not Confluent's wire format: expected a zero"
                + " magic byte and a 4-byte schema id — first bytes 0x000000");
        assertRejected(decoder, AvroEvents.singleObject(AvroEvents.sample().build()), UNDECODABLE,
                "not Confluent's wire format");
    }

    private PredictionDecoder predictions(PayloadFormat format) {
        return new PredictionDecoder(format, () -> NOW, new SchemaStore.Cache(), ids);
    }

    static byte[] framed(int id, byte[] datum) {
        return ByteBuffer.allocate(5 + datum.length).put((byte) 0).putInt(id).put(datum).array();
    }

    private static void assertRejected(PredictionDecoder decoder, byte[] payload, RejectReason reason,
                                       String detailStart) {
        RejectedRecordException e = catchThrowableOfType(RejectedRecordException.class,
                () -> decoder.decode(payload));
        assertThat(e).as("rejection").isNotNull();
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.detail()).startsWith(detailStart);
    }
}
