package io.plumbline.jobs.drift;

import io.plumbline.jobs.window.Combining;
import io.plumbline.jobs.window.PaneCombiner;
import io.plumbline.monitor.drift.PartialProfile;
import io.plumbline.schemas.event.PredictionRecord;

/** How a {@link PaneCombiner} folds predictions: by (model, version) and pane, into {@link PanePartial}s. */
public final class PredictionPartials implements Combining<PredictionRecord, PanePartial> {

    private static final long serialVersionUID = 1L;

    private final long slide;
    private final int maxFeatures;
    private final int maxCategories;

    /**
     * @param slide the panes' length, {@code window.slide}
     * @param maxFeatures {@code features.max-per-model}
     * @param maxCategories {@code features.max-categories}
     */
    public PredictionPartials(long slide, int maxFeatures, int maxCategories) {
        if (slide <= 0) {
            throw new IllegalArgumentException("slide must be positive, got " + slide);
        }
        this.slide = slide;
        this.maxFeatures = maxFeatures;
        this.maxCategories = maxCategories;
    }

    @Override
    public String key(PredictionRecord event) {
        return ModelKey.of(event.modelId(), event.modelVersion());
    }

    @Override
    public String keyOf(PanePartial partial) {
        return partial.key();
    }

    @Override
    public long time(PredictionRecord event) {
        return event.timestamp();
    }

    @Override
    public long paneStart(long time) {
        return time - Math.floorMod(time, slide);
    }

    @Override
    public PredictionRecord copy(PredictionRecord event) {
        return event.copy();
    }

    @Override
    public PanePartial open(String key, long paneStart) {
        return new PanePartial(key, paneStart, new PartialProfile(maxFeatures, maxCategories));
    }

    @Override
    public void add(PanePartial partial, PredictionRecord event) {
        partial.add(event);
    }

    @Override
    public int events(PanePartial partial) {
        return partial.events();
    }
}
