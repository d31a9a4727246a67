package io.plumbline.schemas.codec;

import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.schemas.event.InferenceHalf;
import io.plumbline.schemas.event.PredictionRecord;
import io.plumbline.schemas.validation.RejectedRecordException;

/**
 * Turns one record of a topic of inference logs ({@link PayloadFormat#KSERVE}) into the half of an inference it
 * holds: a CloudEvent, in binary or structured mode ({@link CloudEventReader}), whose type ends in
 * {@code inference.request} or {@code inference.response} (KServe's {@code org.kubeflow.serving.inference.*},
 * Seldon Core's {@code io.seldon.serving.inference.*}), and whose data is the request or response body
 * ({@link InferenceTensors}). A CloudEvent of any other type is skipped.
 *
 * <p>The model is the response's V2 {@code model_name}, else the CloudEvent's {@code inferenceservicename}
 * (KServe) or {@code modelid} (Seldon) extension, else {@link InferenceLogOptions#modelId}, else the CloudEvent's
 * source. The version is the response's V2 {@code model_version}, else {@link InferenceLogOptions#modelVersion}.
 *
 * <p>Not thread-safe: create one per thread.
 */
public final class InferenceLogDecoder {

    private static final String REQUEST_TYPE = "inference.request";
    private static final String RESPONSE_TYPE = "inference.response";
    private static final int INTERNER_SLOTS = 4096;
    /** The CloudEvent extensions that name the model: KServe's, then Seldon Core's. */
    private static final List<String> MODEL_EXTENSIONS = List.of("inferenceservicename", "modelid");

    private final CloudEventReader events = new CloudEventReader();
    private final InferenceLogOptions options;
    private final InferenceTensors tensors;
    private final PlausibleTimestamps timestamps;

    /** Judges times against {@link System#currentTimeMillis()}. */
    public InferenceLogDecoder(InferenceLogOptions options) {
        this(options, System::currentTimeMillis);
    }

    public InferenceLogDecoder(InferenceLogOptions options, LongSupplier wallClockMillis) {
        this.options = Objects.requireNonNull(options, "options");
        this.tensors = new InferenceTensors(options, new StringInterner(INTERNER_SLOTS));
        this.timestamps = new PlausibleTimestamps(Objects.requireNonNull(wallClockMillis, "clock"));
    }

    /**
     * Decodes one record into {@code out}: its half of an inference, or nothing but a skip for a CloudEvent of
     * another type.
     *
     * @param recordTimestampMillis the record's Kafka timestamp: the log's time when its CloudEvent has none
     * @throws RejectedRecordException when the record is no readable inference log
     */
    public void decode(byte[] value, HeaderLookup headers, long recordTimestampMillis, EventSink<InferenceHalf> out)
            throws RejectedRecordException {
        InferenceHalf half = decode(value, headers, recordTimestampMillis);
        if (half == null) {
            out.skip();
        } else {
            out.accept(half);
        }
    }

    /**
     * The half of an inference one record holds, or null for a CloudEvent of another type.
     *
     * @param recordTimestampMillis the record's Kafka timestamp: the log's time when its CloudEvent has none
     * @throws RejectedRecordException when the record is no readable inference log
     */
    public InferenceHalf decode(byte[] value, HeaderLookup headers, long recordTimestampMillis)
            throws RejectedRecordException {
        CloudEvent event = events.read(value, headers);
        boolean response = event.type().endsWith(RESPONSE_TYPE);
        if (!response && !event.type().endsWith(REQUEST_TYPE)) {
            return null;
        }
        String id = Ids.check("id", event.id());
        long time = timestamps.check("time", PlausibleTimestamps.Unit.MILLIS,
                event.timeMillis() != null ? event.timeMillis() : recordTimestampMillis);
        JsonNode body = event.data();
        if (!body.isObject()) {
            throw Rejections.wrongType("data", "not an object", "the inference " + (response ? "response" : "request")
                    + " as a JSON object");
        }
        List<PredictionRecord> rows = response ? tensors.responseRows(body) : tensors.requestRows(body);
        String modelId = modelId(response ? body : null, event);
        String version = response ? text(body, "model_version") : null;
        version = version != null ? Ids.check("model_version", version) : options.modelVersion();
        return new InferenceHalf(id, response, time, modelId, version, rows);
    }

    /** The first of the places that may name the model, checked as an id under the name of the place. */
    private String modelId(JsonNode responseBody, CloudEvent event) throws RejectedRecordException {
        String modelName = responseBody == null ? null : text(responseBody, "model_name");
        if (modelName != null) {
            return Ids.check("model_name", modelName);
        }
        for (String extension : MODEL_EXTENSIONS) {
            String value = event.extensions().value(extension);
            if (value != null) {
                return Ids.check(extension, value);
            }
        }
        return options.modelId() != null ? options.modelId() : Ids.check("source", event.source());
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value != null && value.isTextual() && !value.asText().isEmpty() ? value.asText() : null;
    }
}
