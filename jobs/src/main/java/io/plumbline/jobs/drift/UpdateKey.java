package io.plumbline.jobs.drift;

import io.plumbline.schemas.event.PredictionRecord;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.types.Either;

/** The drift stage's key ({@link ModelKey}) of an event, or of a partial of events, on its first input. */
public final class UpdateKey implements KeySelector<Either<PredictionRecord, PanePartial>, String> {

    @Override
    public String getKey(Either<PredictionRecord, PanePartial> update) {
        return update.isLeft() ? ModelKey.of(update.left().modelId(), update.left().modelVersion())
                : update.right().key();
    }
}
