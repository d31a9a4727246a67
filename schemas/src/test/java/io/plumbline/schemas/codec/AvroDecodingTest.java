package io.plumbline.schemas.codec;

import static io.plumbline.schemas.codec.JsonEvent.NOW;
import static io.plumbline.schemas.validation.RejectReason.IMPLAUSIBLE_TIMESTAMP;
import static io.plumbline.schemas.validation.RejectReason.NON_FINITE_NUMBER;
import static io.plumbline.schemas.validation.RejectReason.UNDECODABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.plumbline.schemas.PredictionEvent;
import io.plumbline.schemas.event.PredictionRecord;
import io.plumbline.schemas.event.ValueKind;
import io.plumbline.schemas.validation.RejectReason;
import io.plumbline.schemas.validation.RejectedRecordException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AvroDecodingTest {

    @Test
    void decodesSingleObjectEncodingInAutoMode() throws RejectedRecordException {
        PredictionRecord r = decoder(PayloadFormat.AUTO).decode(AvroEvents.singleObject(AvroEvents.sample().build()));

        assertSample(r);
    }

    @Test
    void decodesSingleObjectEncodingWhenForced() throws RejectedRecordException {
        PredictionRecord r = decoder(PayloadFormat.AVRO_SINGLE_OBJECT)
                .decode(AvroEvents.singleObject(AvroEvents.sample().build()));

        assertSample(r);
    }

    @Test
    void decodesABareDatumWhenForced() throws RejectedRecordException {
        assertSample(decoder(PayloadFormat.AVRO_DATUM).decode(AvroEvents.datum(AvroEvents.sample().build())));
    }

    @Test
    void aStringPredictionIsAClass() throws RejectedRecordException {
        PredictionRecord r = decoder(PayloadFormat.AUTO)
                .decode(AvroEvents.singleObject(AvroEvents.sample().setPrediction("churned").build()));

        assertThat(r.predictionKind()).isEqualTo(ValueKind.CATEGORY);
        assertThat(r.predictionCategory()).isEqualTo("churned");
    }

    @Test
    void acceptsFiniteOptionalFields() throws RejectedRecordException {
        PredictionEvent e = AvroEvents.sample().setPredictionScores(Map.of("yes", 0.25, "no", 0.75))
                .setLatencyMs(12.5).setSegment(Map.of("region", "eu")).setLabel(1.0).build();

        assertSample(decoder(PayloadFormat.AUTO).decode(AvroEvents.singleObject(e)));
    }

    @Test
    void decodingReusesNothingTheCallerHolds() throws RejectedRecordException {
        PredictionDecoder decoder = decoder(PayloadFormat.AUTO);
        PredictionRecord first = decoder.decode(AvroEvents.singleObject(AvroEvents.sample().build()));

        PredictionRecord second = decoder.decode(AvroEvents.singleObject(AvroEvents.sample().setEventId("e-2")
                .setFeatures(Map.of("age", 7.0)).setPrediction("x").build()));

        assertSample(first);
        assertThat(second.eventId()).isEqualTo("e-2");
        assertThat(second.featureCount()).isEqualTo(1);
        assertThat(second.featureName(0)).isSameAs(first.featureName(indexOf(first, "age")));
        assertThat(second.modelId()).isSameAs(first.modelId());
    }

    static Stream<Arguments> nonFinite() {
        return Stream.of(
                arguments(AvroEvents.sample().setFeatures(Map.of("age", Double.NaN)), "field 'features.age' is NaN"),
                arguments(AvroEvents.sample().setFeatures(Map.of("age", Double.NEGATIVE_INFINITY)),
                        "field 'features.age' is -Infinity"),
                arguments(AvroEvents.sample().setPrediction(Double.POSITIVE_INFINITY), "field 'prediction' is Infinity"),
                arguments(AvroEvents.sample().setPredictionScores(Map.of("yes", Double.NaN)),
                        "field 'prediction_scores.yes' is NaN"),
                arguments(AvroEvents.sample().setLatencyMs(Double.NaN), "field 'latency_ms' is NaN"),
                arguments(AvroEvents.sample().setLabel(Double.NaN), "field 'label' is NaN"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("nonFinite")
    void rejectsNonFiniteDoubles(PredictionEvent.Builder event, String field) {
        assertRejected(PayloadFormat.AUTO, AvroEvents.singleObject(event.build()), NON_FINITE_NUMBER,
                field + "; expected a finite number");
        assertRejected(PayloadFormat.AVRO_DATUM, AvroEvents.datum(event.build()), NON_FINITE_NUMBER,
                field + "; expected a finite number");
    }

    @Test
    void rejectsAnImplausibleTimestamp() {
        assertRejected(PayloadFormat.AUTO, AvroEvents.singleObject(AvroEvents.sample().setTimestamp(1_748_736_000L).build()),
                IMPLAUSIBLE_TIMESTAMP, "field 'timestamp' is 1748736000 (1970-01-21T05:45:36Z): before "
                        + "2000-01-01T00:00:00Z; expected epoch milliseconds");
    }

    @Test
    void rejectsASchemaFingerprintItDoesNotKnow() {
        byte[] payload = AvroEvents.singleObject(AvroEvents.sample().build());
        Arrays.fill(payload, 2, 10, (byte) 0x11);

        assertRejected(PayloadFormat.AUTO, payload, UNDECODABLE, "Avro single-object record written with an unknown "
                + "schema (fingerprint 1111111111111111): not a PredictionEvent schema version this decoder knows");
    }

    @Test
    void rejectsATruncatedSingleObjectRecord() {
        byte[] payload = AvroEvents.singleObject(AvroEvents.sample().build());

        assertRejected(PayloadFormat.AUTO, Arrays.copyOf(payload, payload.length - 3), UNDECODABLE,
                "malformed Avro single-object record: it ends early");
        assertRejected(PayloadFormat.AUTO, Arrays.copyOf(payload, 6), UNDECODABLE,
                "not Avro single-object encoding (Not enough header bytes): expected C3 01 and an 8-byte schema "
                        + "fingerprint — first bytes 0xC301" + String.format("%02X%02X%02X%02X",
                                payload[2], payload[3], payload[4], payload[5]));
    }

    @Test
    void forcedSingleObjectRejectsJson() {
        assertRejected(PayloadFormat.AVRO_SINGLE_OBJECT, JsonEvent.valid().bytes(), UNDECODABLE,
                "not Avro single-object encoding (Unrecognized header bytes: 0x7B 0x22): expected C3 01 and an "
                        + "8-byte schema fingerprint — first bytes 0x7B226576656E745F… (" + JsonEvent.valid().bytes().length
                        + " bytes)");
    }

    @Test
    void aDatumMustEndWhereTheEventEnds() {
        byte[] datum = AvroEvents.datum(AvroEvents.sample().build());

        assertRejected(PayloadFormat.AVRO_DATUM, Arrays.copyOf(datum, datum.length + 1), UNDECODABLE,
                "Avro datum has bytes left after a complete PredictionEvent: not a bare datum of the current schema");
        assertRejected(PayloadFormat.AVRO_DATUM, Arrays.copyOf(datum, datum.length - 1), UNDECODABLE,
                "malformed Avro datum: it ends early");
    }

    @Test
    void aDatumWithANegativeLengthIsMalformed() {
        assertRejected(PayloadFormat.AVRO_DATUM, new byte[] {0x03}, UNDECODABLE,
                "malformed Avro datum: AvroRuntimeException: Malformed data. Length is negative: -2");
    }

    @Test
    void aBareDatumIsNotDetectedInAutoMode() {
        byte[] datum = AvroEvents.datum(AvroEvents.sample().build());

        RejectedRecordException e = catchThrowableOfType(RejectedRecordException.class,
                () -> decoder(PayloadFormat.AUTO).decode(datum));

        assertThat(e.reason()).isEqualTo(UNDECODABLE);
        assertThat(e.detail()).startsWith("neither JSON ('{'), Avro single-object (C3 01) nor Confluent's wire format (00 and a"
                + " schema id) — first bytes 0x0665");
    }

    @Test
    void namesConfluentSchemaRegistryFraming() {
        byte[] datum = AvroEvents.datum(AvroEvents.sample().build());
        byte[] framed = ByteBuffer.allocate(5 + datum.length).put((byte) 0).putInt(42).put(datum).array();

        assertRejected(PayloadFormat.AUTO, framed, UNDECODABLE, "Confluent Schema Registry framing (magic byte 0,"
                + " schema id 42) but no schema registry is configured: set schema-registry.url to read it");
        assertRejected(PayloadFormat.AVRO_SINGLE_OBJECT, framed, UNDECODABLE, "Confluent Schema Registry framing"
                + " (magic byte 0, schema id 42) in a topic whose format is set to another: set it to confluent-avro"
                + " or auto");
        assertRejected(PayloadFormat.AUTO, new byte[] {0, 0, 0, 1}, UNDECODABLE,
                "neither JSON ('{'), Avro single-object (C3 01) nor Confluent's wire format (00 and a schema id) —"
                        + " first bytes 0x00000001");
    }

    private static PredictionDecoder decoder(PayloadFormat format) {
        return new PredictionDecoder(format, () -> NOW);
    }

    private static void assertSample(PredictionRecord r) {
        assertThat(r.eventId()).isEqualTo("e-1");
        assertThat(r.timestamp()).isEqualTo(JsonEvent.TIMESTAMP);
        assertThat(r.modelId()).isEqualTo("churn");
        assertThat(r.modelVersion()).isEqualTo("v3");
        assertThat(r.featureCount()).isEqualTo(4);
        int age = indexOf(r, "age");
        assertThat(r.featureKind(age)).isEqualTo(ValueKind.NUMBER);
        assertThat(r.number(age)).isEqualTo(42.0);
        assertThat(r.category(indexOf(r, "plan"))).isEqualTo("pro");
        assertThat(r.category(indexOf(r, "trial"))).isEqualTo("true");
        assertThat(r.featureKind(indexOf(r, "referrer"))).isEqualTo(ValueKind.MISSING);
        assertThat(r.predictionKind()).isEqualTo(ValueKind.NUMBER);
        assertThat(r.predictionNumber()).isEqualTo(0.25);
    }

    /** Avro maps come back as hash maps: feature order is not the writer's. */
    static int indexOf(PredictionRecord r, String feature) {
        for (int i = 0; i < r.featureCount(); i++) {
            if (r.featureName(i).equals(feature)) {
                return i;
            }
        }
        throw new AssertionError("no feature " + feature + " in " + r);
    }

    private static void assertRejected(PayloadFormat format, byte[] payload, RejectReason reason, String detail) {
        RejectedRecordException e = catchThrowableOfType(RejectedRecordException.class,
                () -> decoder(format).decode(payload));

        assertThat(e).as("rejected").isNotNull();
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.detail()).isEqualTo(detail);
    }
}
