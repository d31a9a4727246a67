package io.plumbline.jobs.state;

import java.util.List;

import io.plumbline.schemas.event.InferenceHalf;
import io.plumbline.schemas.event.PredictionRecord;

/** Halves of logged inferences as the pairing keeps them: a request of two rows, responses with and without rows. */
final class InferenceHalfSamples {

    private InferenceHalfSamples() {
    }

    /** The halves of the golden file: every kind of row value, a position and none, a version and none. */
    static List<InferenceHalf> golden() {
        InferenceHalf request = new InferenceHalf("0009174a-24a8", false, 1_735_689_600_000L, "sklearn-iris", null,
                List.of(new PredictionRecord().addNumber("x", 6.8).addCategory("region", "eu").addMissing("t"),
                        new PredictionRecord().addNumber("x", 6.0).addUnsupported("image")));
        request.locate(1, 42);
        return List.of(request,
                new InferenceHalf("r-1", true, 1L, "m", "v1", List.of(new PredictionRecord(0).predictionNumber(1),
                        new PredictionRecord(0).predictionCategory("setosa"))),
                new InferenceHalf("empty", true, 2L, "m", null, List.of()));
    }
}
