package io.plumbline.schemas.codec;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * How a topic of inference logs ({@link PayloadFormat#KSERVE}) maps onto predictions, where the logs do not say.
 *
 * @param featureColumns the names of the columns of a request's first two-dimensional input tensor (V1: of each
 *     instance given as an array), in order; empty: they are named after the tensor and the column index
 * @param predictionOutput the name of the output tensor that holds the prediction; null: the response's first
 * @param modelId the model of logs whose CloudEvents name none (no {@code inferenceservicename} or
 *     {@code modelid} extension, no V2 {@code model_name}); null: the CloudEvent's source
 * @param modelVersion the version of logs whose responses name none (V2 {@code model_version}); null: such logs are
 *     rejected, since every prediction needs a version
 */
public record InferenceLogOptions(List<String> featureColumns, String predictionOutput, String modelId,
                                  String modelVersion) implements Serializable {

    public static final InferenceLogOptions DEFAULTS = new InferenceLogOptions(List.of(), null, null, null);

    public InferenceLogOptions {
        featureColumns = List.copyOf(Objects.requireNonNull(featureColumns, "featureColumns"));
        if (modelId != null && !isId(modelId) || modelVersion != null && !isId(modelVersion)) {
            throw new IllegalArgumentException("model id and version must be ids as events carry them: 1 to "
                    + Ids.MAX_BYTES + " bytes of text, not only whitespace");
        }
    }

    /** Whether {@code value} may name a model or a version: it is held to what an event's ids are (docs/events.md). */
    public static boolean isId(String value) {
        return Ids.isValid(value);
    }
}
