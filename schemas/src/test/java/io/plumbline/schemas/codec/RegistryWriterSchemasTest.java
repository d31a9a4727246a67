package io.plumbline.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.plumbline.schemas.registry.SchemaRegistryClient;
import io.plumbline.schemas.registry.SchemaRegistrySettings;
import io.plumbline.schemas.validation.RejectReason;
import io.plumbline.schemas.validation.RejectedRecordException;
import io.plumbline.testing.registry.LocalRegistry;
import io.plumbline.testing.registry.LocalRegistry.Answer;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** Writer schemas from a local HTTP server that answers as a schema registry does. */
class RegistryWriterSchemasTest {

    private static final String MONEY = "{\"type\":\"record\",\"name\":\"Money\",\"namespace\":\"com.acme\","
            + "\"fields\":[{\"name\":\"cents\",\"type\":\"long\"}]}";
    private static final String PAYMENT = "{\"type\":\"record\",\"name\":\"Payment\",\"namespace\":\"com.acme\","
            + "\"fields\":[{\"name\":\"amount\",\"type\":\"com.acme.Money\"}]}";

    @Test
    void aSchemaIsFetchedWithItsReferences() throws Exception {
        String payment = "{\"schema\":" + quoted(PAYMENT) + ",\"references\":[{\"name\":\"com.acme.Money\","
                + "\"subject\":\"money\",\"version\":1}]}";
        try (LocalRegistry registry = LocalRegistry.http().on("/schemas/ids/4", new Answer(200, payment))
                .on("/subjects/money/versions/1", new Answer(200, "{\"schema\":" + quoted(MONEY) + "}"))) {
            WriterSchemaIds ids = WriterSchemaIds.of(new SchemaRegistryClient(SchemaRegistrySettings.of(registry.url(""))));

            Schema schema = ids.writerSchema(4);

            assertThat(schema.getField("amount").schema().getFullName()).isEqualTo("com.acme.Money");
            assertThat(registry.requests()).extracting(LocalRegistry.Request::path)
                    .containsExactly("/schemas/ids/4", "/subjects/money/versions/1");
        }
    }

    @Test
    void whatCannotBeReadIsRejectedAndNotAskedForAgainAtOnce() throws Exception {
        try (LocalRegistry registry = LocalRegistry.http()
                .on("/schemas/ids/8", new Answer(404, "{\"error_code\":40403,\"message\":\"Schema not found\"}"))
                .on("/schemas/ids/9", new Answer(200, "{\"schema\":\"syntax = \\\"proto3\\\";\","
                        + "\"schemaType\":\"PROTOBUF\"}"))
                .on("/schemas/ids/10", new Answer(200, "{\"schema\":\"{\\\"type\\\":\\\"nope\\\"}\"}"))) {
            WriterSchemaIds ids = WriterSchemaIds.of(new SchemaRegistryClient(SchemaRegistrySettings.of(registry.url(""))));

            assertRejected(ids, 8, "schema id 8 is not in the schema registry (GET " + registry.url("")
                    + "/schemas/ids/8 answered HTTP 404: {\"error_code\":40403,\"message\":\"Schema not found\"}): the"
                    + " record was written against another registry, or its schema was deleted");
            assertRejected(ids, 8, "schema id 8 is not in the schema registry");
            assertRejected(ids, 9, "schema id 9 is a PROTOBUF schema: confluent-avro reads Avro; registry JSON Schema"
                    + " and Protobuf records are not read (see docs/events.md)");
            assertRejected(ids, 10, "schema id 10 is not an Avro schema this decoder can read");
            assertThat(registry.requests()).hasSize(3);
        }
    }

    private static void assertRejected(WriterSchemaIds ids, int id, String detailStart) {
        RejectedRecordException e = catchThrowableOfType(RejectedRecordException.class, () -> ids.writerSchema(id));
        assertThat(e.reason()).isEqualTo(RejectReason.UNDECODABLE);
        assertThat(e.detail()).startsWith(detailStart);
    }

    private static String quoted(String json) {
        return "\"" + json.replace("\"", "\\\"") + "\"";
    }
}
