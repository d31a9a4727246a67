package io.plumbline.jobs.drift;

import io.plumbline.detectors.sketch.FeatureTypes;
import io.plumbline.detectors.sketch.ModelProfile;
import io.plumbline.schemas.event.PredictionRecord;

/**
 * What one key's closed windows are compared with, one implementation per baseline kind (DESIGN §4):
 * {@link WarmupBaseline}, {@link RollingBaseline}, and {@link PublishedReference}, which replaces either
 * once published. Reads never write state: learning happens only in {@link #record} and {@link #learn}.
 */
interface BaselineStrategy {

    /** What DriftStats and alerts call this baseline. */
    String name();

    /** An event recorded into its pane: a baseline learnt from events as they arrive learns it too. */
    default void record(PredictionRecord event, FeatureTypes types) throws Exception {
    }

    /** What the window starting at {@code start} is compared with; null while there is nothing to compare with. */
    Baseline baselineOf(long start) throws Exception;

    /**
     * The window [start, end), profiled as {@code closed}, has been compared (or had nothing to be compared
     * with): a baseline learnt from windows learns it.
     */
    default void learn(long start, long end, ModelProfile closed) throws Exception {
    }

    /** The start of the earliest pane the baseline still needs when the next window starts at {@code nextStart}. */
    default long panesNeededFrom(long nextStart) {
        return nextStart;
    }
}
