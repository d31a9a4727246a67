package io.plumbline.jobs.window;

import java.util.Objects;

import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.types.Either;

/** The keyed stage's key of what a {@link PaneCombiner} sends: an event's, or a partial's. */
public final class CombinedKey<E, P> implements KeySelector<Either<E, P>, String> {

    private final Combining<E, P> combining;

    public CombinedKey(Combining<E, P> combining) {
        this.combining = Objects.requireNonNull(combining, "combining");
    }

    @Override
    public String getKey(Either<E, P> update) {
        return update.isLeft() ? combining.key(update.left()) : combining.keyOf(update.right());
    }
}
