package io.plumbline.schemas.codec;

import static io.plumbline.schemas.codec.JsonEvent.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.plumbline.schemas.PredictionEvent;
import io.plumbline.schemas.event.InferenceHalf;
import io.plumbline.schemas.event.PredictionRecord;
import io.plumbline.schemas.validation.RejectReason;
import io.plumbline.schemas.validation.RejectedRecordException;
import org.junit.jupiter.api.Test;

/**
 * Inference logs of model servers, as CloudEvents in both modes of the Kafka binding, with bodies in the Open
 * Inference Protocol's (V2) documented JSON shape and in KServe's V1 shape, into predictions.
 */
class InferenceLogDecodingTest {

    private static final String ID = "5b3d0c1e-8f7a-4e21-9c55-0d8e7f6a1b2c";
    private static final long REQUEST_TIME = NOW - 1_000;
    private static final long RESPONSE_TIME = NOW - 990;

    @Test
    void binaryModeV2TensorsBecomeOnePredictionPerRow() throws RejectedRecordException {
        InferenceHalf request = half(InferenceLogOptions.DEFAULTS, fixture("v2-request.json"),
                binary("org.kubeflow.serving.inference.request", REQUEST_TIME));
        InferenceHalf response = half(InferenceLogOptions.DEFAULTS, fixture("v2-response.json"),
                binary("org.kubeflow.serving.inference.response", RESPONSE_TIME));

        assertThat(request.isResponse()).isFalse();
        assertThat(response.isResponse()).isTrue();
        assertThat(request.modelId()).as("the request names the service").isEqualTo("sklearn-iris-svc");
        List<PredictionRecord> predictions = InferencePairs.join(request, response);

        assertThat(predictions).hasSize(2);
        PredictionRecord second = predictions.get(1);
        assertThat(second.eventId()).isEqualTo(ID + "/1");
        assertThat(second.timestamp()).as("the time of the request").isEqualTo(REQUEST_TIME);
        assertThat(second.modelId()).as("the response's model_name").isEqualTo("sklearn-iris");
        assertThat(second.modelVersion()).isEqualTo("v3");
        assertThat(features(second)).containsExactly(Map.entry("input-0_0", 6.0), Map.entry("input-0_1", 3.4),
                Map.entry("input-0_2", 4.5), Map.entry("input-0_3", 1.6));
        assertThat(second.predictionNumber()).isEqualTo(2.0);
        assertThat(predictions.get(0).predictionNumber()).isEqualTo(1.0);
        assertThat(features(predictions.get(0))).containsEntry("input-0_0", 6.8);
    }

    /** What the demo and the benchmarks send comes back as the event, in every mode and protocol. */
    @Test
    void theEncodersLogsDecodeBackIntoTheEvent() throws RejectedRecordException {
        for (PredictionEvent event : List.of(AvroEvents.sample().build(),
                AvroEvents.sample().setEventId("e-2").setPrediction("churned").build())) {
            PredictionRecord expected = new PredictionDecoder(PayloadFormat.JSON, () -> NOW)
                    .decode(PredictionEncoder.json(event));
            for (InferenceLogEncoder.Mode mode : InferenceLogEncoder.Mode.values()) {
                for (InferenceLogEncoder.Protocol protocol : InferenceLogEncoder.Protocol.values()) {
                    InferenceLogOptions options = new InferenceLogOptions(List.of(), null, null, "v3");
                    List<InferenceHalf> halves = new ArrayList<>();
                    for (InferenceLogEncoder.LogRecord record : InferenceLogEncoder.write(event, mode, protocol)) {
                        halves.add(half(options, record.value(), record.headers()::get));
                    }

                    PredictionRecord decoded = InferencePairs.join(halves.get(0), halves.get(1)).get(0);

                    assertThat(decoded).as("%s %s", mode, protocol).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void configuredColumnsNameATwoDimensionalTensorsColumns() throws RejectedRecordException {
        InferenceLogOptions options = new InferenceLogOptions(
                List.of("sepal_length", "sepal_width", "petal_length", "petal_width"), null, null, null);
        InferenceHalf request = half(options, fixture("v2-request.json"),
                binary("org.kubeflow.serving.inference.request", REQUEST_TIME));

        assertThat(features(request.rows().get(0))).containsExactly(Map.entry("sepal_length", 6.8),
                Map.entry("sepal_width", 2.8), Map.entry("petal_length", 4.8), Map.entry("petal_width", 1.4));

        InferenceLogOptions tooFew = new InferenceLogOptions(List.of("a", "b"), null, null, null);
        RejectedRecordException e = rejected(tooFew, fixture("v2-request.json"),
                binary("org.kubeflow.serving.inference.request", REQUEST_TIME));
        assertThat(e.reason()).isEqualTo(RejectReason.WRONG_TYPE);
        assertThat(e.detail()).contains("inputs.input-0", "4 columns", "kserve.feature-columns");
    }

    @Test
    void namedTensorsAreFeaturesAndTextOrBooleanValuesAreCategories() throws RejectedRecordException {
        InferenceLogOptions options = new InferenceLogOptions(List.of(), "label", null, "v7");
        InferenceHalf request = half(options, fixture("v2-named-request.json"),
                binary("io.seldon.serving.inference.request", REQUEST_TIME));
        InferenceHalf response = half(options, fixture("v2-named-response.json"),
                binary("io.seldon.serving.inference.response", RESPONSE_TIME));

        List<PredictionRecord> predictions = InferencePairs.join(request, response);

        PredictionRecord first = predictions.get(0);
        assertThat(first.modelVersion()).as("the config's, as the response names none").isEqualTo("v7");
        assertThat(features(first)).containsExactly(Map.entry("income", 52000.0), Map.entry("region", "eu-west"),
                Map.entry("has_mortgage", "true"));
        assertThat(first.predictionCategory()).isEqualTo("repaid");
        assertThat(predictions.get(1).predictionCategory()).isEqualTo("default");

        RejectedRecordException e = rejected(InferenceLogOptions.DEFAULTS, fixture("v2-named-response.json"),
                binary("io.seldon.serving.inference.response", RESPONSE_TIME));
        assertThat(e.reason()).isEqualTo(RejectReason.WRONG_TYPE);
        assertThat(e.detail()).as("the first output holds two values per row")
                .contains("outputs.probabilities.shape", "kserve.prediction-output");
    }

    /** KServe's own logger example: a V1 sklearn request and response, the response's data in base64. */
    @Test
    void structuredModeV1InstancesAndPredictions() throws RejectedRecordException {
        InferenceLogOptions options = new InferenceLogOptions(List.of(), null, null, "1");
        InferenceHalf request = half(options, fixture("structured-v1-request.json"), HeaderLookup.NONE);
        InferenceHalf response = half(options, fixture("structured-v1-response.json"), HeaderLookup.NONE);

        List<PredictionRecord> predictions = InferencePairs.join(request, response);

        assertThat(predictions).hasSize(2);
        PredictionRecord first = predictions.get(0);
        assertThat(first.eventId()).isEqualTo("0009174a-24a8-4603-b098-09c8799950e9/0");
        assertThat(first.timestamp()).isEqualTo(Instant.parse("2021-04-10T00:23:26.078Z").toEpochMilli());
        assertThat(first.modelId()).as("the inferenceservicename extension").isEqualTo("sklearn-iris");
        assertThat(features(first)).containsExactly(Map.entry("input_0", 6.8), Map.entry("input_1", 2.8),
                Map.entry("input_2", 4.8), Map.entry("input_3", 1.4));
        assertThat(first.predictionNumber()).isEqualTo(1.0);
    }

    @Test
    void v1InstancesMayNameTheirFeatures() throws RejectedRecordException {
        byte[] body = "{\"instances\": [{\"income\": 52000, \"region\": \"eu\", \"tenure\": null, \"tags\": [1]}]}"
                .getBytes(StandardCharsets.UTF_8);

        InferenceHalf request = half(InferenceLogOptions.DEFAULTS, body,
                binary("org.kubeflow.serving.inference.request", REQUEST_TIME));

        PredictionRecord row = request.rows().get(0);
        assertThat(features(row)).containsExactly(Map.entry("income", 52000.0), Map.entry("region", "eu"),
                Map.entry("tenure", "MISSING"), Map.entry("tags", "UNSUPPORTED"));
    }

    @Test
    void theModelComesFromTheConfigThenTheSourceWhenTheEventNamesNone() throws RejectedRecordException {
        Map<String, String> headers = binaryHeaders("org.kubeflow.serving.inference.request", REQUEST_TIME);
        headers.remove("ce_inferenceservicename");
        byte[] body = fixture("v2-request.json");

        assertThat(half(InferenceLogOptions.DEFAULTS, body, headers::get).modelId())
                .isEqualTo("http://localhost:9081/");
        assertThat(half(new InferenceLogOptions(List.of(), null, "iris", null), body, headers::get).modelId())
                .isEqualTo("iris");
        headers.put("ce_modelid", "iris-seldon");
        assertThat(half(InferenceLogOptions.DEFAULTS, body, headers::get).modelId()).isEqualTo("iris-seldon");
    }

    @Test
    void withoutAnyVersionThePairIsRejectedNamingTheKey() throws RejectedRecordException {
        InferenceHalf request = half(InferenceLogOptions.DEFAULTS, fixture("structured-v1-request.json"),
                HeaderLookup.NONE);
        InferenceHalf response = half(InferenceLogOptions.DEFAULTS, fixture("structured-v1-response.json"),
                HeaderLookup.NONE);

        RejectedRecordException e = catchThrowableOfType(RejectedRecordException.class,
                () -> InferencePairs.join(request, response));

        assertThat(e.reason()).isEqualTo(RejectReason.MISSING_FIELD);
        assertThat(e.detail()).contains("model_version", "kserve.model-version");
    }

    @Test
    void aResponseOfOtherRowsThanItsRequestIsRejected() throws RejectedRecordException {
        InferenceHalf request = half(InferenceLogOptions.DEFAULTS, fixture("v2-request.json"),
                binary("org.kubeflow.serving.inference.request", REQUEST_TIME));
        InferenceHalf response = half(InferenceLogOptions.DEFAULTS,
                "{\"model_name\": \"m\", \"model_version\": \"1\", \"outputs\": [{\"name\": \"o\", \"shape\": [1],"
                        + " \"datatype\": \"FP32\", \"data\": [0.5]}]}",
                binary("org.kubeflow.serving.inference.response", RESPONSE_TIME));

        RejectedRecordException e = catchThrowableOfType(RejectedRecordException.class,
                () -> InferencePairs.join(request, response));

        assertThat(e.reason()).isEqualTo(RejectReason.WRONG_TYPE);
        assertThat(e.detail()).contains("1 rows", "2 rows");
    }

    @Test
    void cloudEventsOfOtherTypesAreSkipped() throws RejectedRecordException {
        InferenceLogDecoder decoder = new InferenceLogDecoder(InferenceLogOptions.DEFAULTS, () -> NOW);
        int[] skipped = new int[1];

        decoder.decode(fixture("v2-request.json"), binary("org.kubeflow.serving.explanation.request", REQUEST_TIME),
                NOW, new EventSink<>() {
                    @Override
                    public void accept(InferenceHalf half) {
                        throw new AssertionError("an explanation is no half of an inference");
                    }

                    @Override
                    public void reject(RejectReason reason, String detail) {
                        throw new AssertionError(detail);
                    }

                    @Override
                    public void skip() {
                        skipped[0]++;
                    }
                });

        assertThat(skipped[0]).as("counted by the job as a part of a record that is no event").isEqualTo(1);
    }

    @Test
    void withoutATimeTheRecordsTimestampIsTheLogsTime() throws RejectedRecordException {
        Map<String, String> headers = binaryHeaders("org.kubeflow.serving.inference.request", REQUEST_TIME);
        headers.remove("ce_time");

        InferenceHalf half = new InferenceLogDecoder(InferenceLogOptions.DEFAULTS, () -> NOW)
                .decode(fixture("v2-request.json"), headers::get, NOW - 5);

        assertThat(half.timestamp()).isEqualTo(NOW - 5);
    }

    @Test
    void malformedLogsAreRejectedNamingWhatIsWrong() {
        String request = "org.kubeflow.serving.inference.request";
        Map<String, String> noId = binaryHeaders(request, REQUEST_TIME);
        noId.remove("ce_id");
        Map<String, String> badTime = binaryHeaders(request, REQUEST_TIME);
        badTime.put("ce_time", "yesterday");
        Map<String, String> protobuf = binaryHeaders(request, REQUEST_TIME);
        protobuf.put("content-type", "application/protobuf");
        String v2 = "{\"inputs\": [{\"name\": \"x\", \"shape\": [2], \"datatype\": \"%s\", \"data\": %s}]}";

        Map<String, String> blankService = binaryHeaders(request, REQUEST_TIME);
        blankService.put("ce_inferenceservicename", " ");
        expectRejection(fixture("v2-request.json"), noId, RejectReason.MISSING_FIELD, "ce_id");
        expectRejection(fixture("v2-request.json"), blankService, RejectReason.INVALID_ID,
                "field 'inferenceservicename' is only whitespace");
        expectRejection(fixture("v2-request.json"), badTime, RejectReason.WRONG_TYPE, "ce_time", "RFC 3339");
        expectRejection(fixture("v2-request.json"), protobuf, RejectReason.UNDECODABLE, "content-type");
        expectRejection("{\"inputs\": [1, 2", binary(request, REQUEST_TIME), RejectReason.UNDECODABLE,
                "malformed JSON");
        expectRejection("{\"features\": {}}", HeaderLookup.NONE, RejectReason.UNDECODABLE, "not a CloudEvent");
        expectRejection("{\"instances\": [{\"income\": 1, \"income\": 2}]}", binary(request, REQUEST_TIME),
                RejectReason.UNDECODABLE, "Duplicate field 'income'");
        expectRejection("{\"model\": 1}", binary(request, REQUEST_TIME), RejectReason.MISSING_FIELD, "inputs",
                "instances");
        expectRejection(v2.formatted("FP32", "[1.0]"), binary(request, REQUEST_TIME), RejectReason.WRONG_TYPE,
                "inputs.x.data", "1 values", "2 values");
        expectRejection(v2.formatted("FP32", "[1.0, \"a\"]"), binary(request, REQUEST_TIME), RejectReason.WRONG_TYPE,
                "inputs.x.data", "a string", "FP32");
        expectRejection(v2.formatted("COMPLEX", "[1, 2]"), binary(request, REQUEST_TIME), RejectReason.WRONG_TYPE,
                "inputs.x.datatype");
        expectRejection(v2.replace("\"x\"", "\"prediction\"").formatted("FP32", "[1, 2]"),
                binary(request, REQUEST_TIME), RejectReason.INVALID_ID, "features.prediction");
        expectRejection("{\"inputs\": [{\"name\": \"x\", \"shape\": [2147483647, 2147483647], \"datatype\": \"FP32\","
                + " \"data\": []}]}", binary(request, REQUEST_TIME), RejectReason.WRONG_TYPE, "inputs.x.shape");
    }

    @Test
    void tensorsOfMoreThanTwoDimensionsAreKeptAsValuesNoStatisticReads() throws RejectedRecordException {
        byte[] body = ("{\"inputs\": [{\"name\": \"image\", \"shape\": [1, 2, 2], \"datatype\": \"UINT8\","
                + " \"data\": [[[0, 255], [255, 0]]]}, {\"name\": \"x\", \"shape\": [1], \"datatype\": \"FP64\","
                + " \"data\": [0.5]}]}").getBytes(StandardCharsets.UTF_8);

        InferenceHalf request = half(InferenceLogOptions.DEFAULTS, body,
                binary("org.kubeflow.serving.inference.request", REQUEST_TIME));

        assertThat(features(request.rows().get(0))).containsExactly(Map.entry("image", "UNSUPPORTED"),
                Map.entry("x", 0.5));
    }

    private static void expectRejection(String body, HeaderLookup headers, RejectReason reason, String... details) {
        expectRejection(body.getBytes(StandardCharsets.UTF_8), headers, reason, details);
    }

    private static void expectRejection(byte[] body, Map<String, String> headers, RejectReason reason,
                                        String... details) {
        expectRejection(body, headers::get, reason, details);
    }

    private static void expectRejection(byte[] body, HeaderLookup headers, RejectReason reason, String... details) {
        RejectedRecordException e = rejected(InferenceLogOptions.DEFAULTS, body, headers);
        assertThat(e).as("rejected: %s", new String(body, StandardCharsets.UTF_8)).isNotNull();
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.detail()).contains(details);
    }

    private static RejectedRecordException rejected(InferenceLogOptions options, byte[] body, HeaderLookup headers) {
        return catchThrowableOfType(RejectedRecordException.class,
                () -> new InferenceLogDecoder(options, () -> NOW).decode(body, headers, NOW));
    }

    private static InferenceHalf half(InferenceLogOptions options, String body, HeaderLookup headers)
            throws RejectedRecordException {
        return half(options, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    private static InferenceHalf half(InferenceLogOptions options, byte[] body, HeaderLookup headers)
            throws RejectedRecordException {
        InferenceHalf half = new InferenceLogDecoder(options, () -> NOW).decode(body, headers, NOW);
        assertThat(half).as("a half of an inference").isNotNull();
        return half;
    }

    private static HeaderLookup binary(String type, long time) {
        return binaryHeaders(type, time)::get;
    }

    /** The headers KServe's logger and Knative's KafkaSink give a record in binary mode. */
    private static Map<String, String> binaryHeaders(String type, long time) {
        Map<String, String> headers = new HashMap<>();
        headers.put("ce_specversion", "1.0");
        headers.put("ce_id", ID);
        headers.put("ce_type", type);
        headers.put("ce_source", "http://localhost:9081/");
        headers.put("ce_time", Instant.ofEpochMilli(time).toString());
        headers.put("ce_inferenceservicename", "sklearn-iris-svc");
        headers.put("ce_namespace", "default");
        headers.put("content-type", "application/json");
        return headers;
    }

    /** Each feature by name: its number, its category, or its kind when it has neither. */
    private static Map<String, Object> features(PredictionRecord row) {
        Map<String, Object> features = new LinkedHashMap<>();
        for (int i = 0; i < row.featureCount(); i++) {
            features.put(row.featureName(i), switch (row.featureKind(i)) {
                case NUMBER -> row.number(i);
                case CATEGORY -> row.category(i);
                default -> row.featureKind(i).name();
            });
        }
        return features;
    }

    private static byte[] fixture(String name) {
        try (InputStream in = InferenceLogDecodingTest.class.getResourceAsStream("/kserve/" + name)) {
            return in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new AssertionError("test resource kserve/" + name, e);
        }
    }
}
