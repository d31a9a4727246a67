package io.plumbline.schemas.codec;

import java.util.ArrayList;
import java.util.List;

import io.plumbline.schemas.event.InferenceHalf;
import io.plumbline.schemas.event.PredictionRecord;
import io.plumbline.schemas.validation.RejectedRecordException;

/**
 * Joins the request and the response of one logged inference into its predictions: each request row's features
 * with the response row's prediction, at the time of the request. The response names the model, having seen it;
 * a batch of several rows gives each prediction the inference id and its row, {@code <id>/<row>}.
 */
public final class InferencePairs {

    private InferencePairs() {
    }

    /** The predictions of the pair; the halves' rows become them, so neither half is to be read again. */
    public static List<PredictionRecord> join(InferenceHalf request, InferenceHalf response)
            throws RejectedRecordException {
        int rows = request.rows().size();
        if (response.rows().size() != rows) {
            throw Rejections.wrongType("outputs", response.rows().size() + " rows",
                    rows + " rows, one per row of the request");
        }
        String version = response.modelVersion() != null ? response.modelVersion() : request.modelVersion();
        if (version == null) {
            throw Rejections.missing("model_version", "the response's model_version, or kserve.model-version in the"
                    + " config for a model server that names none");
        }
        List<PredictionRecord> predictions = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            String eventId = rows == 1 ? request.id() : Ids.check("id", request.id() + "/" + r);
            PredictionRecord prediction = request.rows().get(r)
                    .identity(eventId, request.timestamp(), response.modelId(), version);
            PredictionRecord predicted = response.rows().get(r);
            switch (predicted.predictionKind()) {
                case NUMBER -> prediction.predictionNumber(predicted.predictionNumber());
                case CATEGORY -> prediction.predictionCategory(predicted.predictionCategory());
                default -> prediction.predictionMissing();
            }
            prediction.locate(request.sourcePartition(), request.sourceOffset());
            predictions.add(prediction);
        }
        return predictions;
    }
}
