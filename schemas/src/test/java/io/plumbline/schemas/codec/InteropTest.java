package io.plumbline.schemas.codec;

import static io.plumbline.schemas.codec.InteropFixtures.fixture;
import static io.plumbline.schemas.codec.RecordViews.view;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.plumbline.schemas.PredictionEvent;
import io.plumbline.schemas.event.PredictionRecord;
import io.plumbline.schemas.validation.RejectReason;
import io.plumbline.schemas.validation.RejectedRecordException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.SchemaStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Records written by another implementation (python3-avro 1.11 and Python's json, see
 * src/test/python/write_avro_fixtures.py): our own round trip cannot catch a misreading of the spec
 * that our encoder and decoder share.
 */
class InteropTest {

    private static final long NOW = 1_748_736_000_000L;

    private final PredictionDecoder auto = new PredictionDecoder(PayloadFormat.AUTO, () -> NOW);
    private final PredictionDecoder datum = new PredictionDecoder(PayloadFormat.AVRO_DATUM, () -> NOW);

    /** The events the Python script writes, built here independently. */
    static Stream<Arguments> pythonEvents() {
        return Stream.of(
                Arguments.of(1, PredictionEvent.newBuilder().setEventId("py-1").setTimestamp(1_748_735_940_000L)
                        .setModelId("churn").setModelVersion("v3")
                        .setFeatures(ordered("age", 42.0, "plan", "pro", "trial", true, "paused", false,
                                "referrer", null))
                        .setPrediction(0.25).build()),
                Arguments.of(2, PredictionEvent.newBuilder().setEventId("py-2").setTimestamp(1_748_735_950_123L)
                        .setModelId("churn").setModelVersion("v3")
                        .setFeatures(ordered("city", "São Paulo", "größe", -1.5e-7, "", "empty name"))
                        .setPrediction("churned")
                        .setPredictionScores(ordered("churned", 0.875, "stayed", 0.125))
                        .setLatencyMs(12.5).setSegment(Map.of("region", "sa-east")).setLabel("stayed").build()),
                Arguments.of(3, PredictionEvent.newBuilder().setEventId("py-3").setTimestamp(946_684_800_000L)
                        .setModelId("fraud").setModelVersion("2024.11")
                        .setFeatures(ordered("amount", Double.MAX_VALUE, "tiny", Double.MIN_VALUE, "zero", -0.0))
                        .setPrediction(-3.0).setLabel(1.0).build()));
    }

    @ParameterizedTest(name = "prediction-{0}")
    @MethodSource("pythonEvents")
    void decodesPythonsBareDatums(int n, PredictionEvent expected) throws RejectedRecordException {
        assertThat(view(datum.decode(fixture("prediction-" + n + ".datum.bin")))).isEqualTo(view(expected));
    }

    @ParameterizedTest(name = "prediction-{0}")
    @MethodSource("pythonEvents")
    void decodesPythonsSingleObjectRecords(int n, PredictionEvent expected) throws RejectedRecordException {
        assertThat(view(auto.decode(fixture("prediction-" + n + ".single-object.bin")))).isEqualTo(view(expected));
    }

    @ParameterizedTest(name = "prediction-{0}")
    @MethodSource("pythonEvents")
    void decodesPythonsJson(int n, PredictionEvent expected) throws RejectedRecordException {
        assertThat(view(auto.decode(fixture("prediction-" + n + ".json")))).isEqualTo(view(expected));
    }

    @ParameterizedTest(name = "prediction-{0}")
    @MethodSource("pythonEvents")
    void ourEncoderWritesTheSameBytesAsPython(int n, PredictionEvent expected) {
        assertThat(PredictionEncoder.avroDatum(expected)).isEqualTo(fixture("prediction-" + n + ".datum.bin"));
        assertThat(PredictionEncoder.avroSingleObject(expected))
                .isEqualTo(fixture("prediction-" + n + ".single-object.bin"));
    }

    @Test
    void pythonFingerprintsTheCanonicalFormAsJavaDoes() {
        long fingerprint = ByteBuffer.wrap(fixture("prediction-1.single-object.bin"), 2, 8)
                .order(ByteOrder.LITTLE_ENDIAN).getLong();

        assertThat(fingerprint).isEqualTo(SchemaNormalization.parsingFingerprint64(PredictionEvent.getClassSchema()));
    }

    @Test
    void anOlderSchemaVersionDecodesWhenItsFingerprintIsKnown() throws RejectedRecordException {
        Schema v0 = new Schema.Parser().parse(new String(fixture("PredictionEvent-v0.avsc"), StandardCharsets.UTF_8));
        SchemaStore.Cache known = new SchemaStore.Cache();
        known.addSchema(v0);
        PredictionDecoder decoder = new PredictionDecoder(PayloadFormat.AUTO, () -> NOW, known);

        PredictionRecord r = decoder.decode(fixture("prediction-v0.single-object.bin"));

        assertThat(view(r)).isEqualTo(view(PredictionEvent.newBuilder().setEventId("py-v0")
                .setTimestamp(1_748_735_960_000L).setModelId("churn").setModelVersion("v2")
                .setFeatures(ordered("age", 51.0, "plan", "basic", "referrer", null)).setPrediction(0.5).build()));
    }

    @Test
    void anOlderSchemaVersionIsUndecodableWhileItsFingerprintIsUnknown() {
        Schema v0 = new Schema.Parser().parse(new String(fixture("PredictionEvent-v0.avsc"), StandardCharsets.UTF_8));

        RejectedRecordException e = catchThrowableOfType(RejectedRecordException.class,
                () -> auto.decode(fixture("prediction-v0.single-object.bin")));

        assertThat(e.reason()).isEqualTo(RejectReason.UNDECODABLE);
        assertThat(e.detail()).isEqualTo(String.format("Avro single-object record written with an unknown schema "
                        + "(fingerprint %016X): not a PredictionEvent schema version this decoder knows",
                SchemaNormalization.parsingFingerprint64(v0)));
    }

    /** A map in the order Python's dicts keep, so that our encoder writes the same bytes. */
    @SuppressWarnings("unchecked")
    private static <V> Map<String, V> ordered(Object... keyValuePairs) {
        Map<String, V> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValuePairs.length; i += 2) {
            map.put((String) keyValuePairs[i], (V) keyValuePairs[i + 1]);
        }
        return map;
    }
}
