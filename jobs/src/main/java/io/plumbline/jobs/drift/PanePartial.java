package io.plumbline.jobs.drift;

import java.util.Objects;

import io.plumbline.jobs.window.PaneCombiner;
import io.plumbline.jobs.window.SourcePositions;
import io.plumbline.monitor.drift.PartialProfile;
import io.plumbline.schemas.event.PredictionRecord;

/**
 * The events of one (model, version) key and pane that a {@link PaneCombiner} folded before the shuffle
 * ({@link PredictionPartials}): their {@link PartialProfile}, and where each came from.
 */
public final class PanePartial {

    private final String key;
    private final long paneStart;
    private final PartialProfile profile;
    private final SourcePositions positions;

    public PanePartial(String key, long paneStart, PartialProfile profile) {
        this(key, paneStart, profile, new SourcePositions(16));
    }

    /** A partial of these parts, adopting them, as a serializer reads it back. */
    public PanePartial(String key, long paneStart, PartialProfile profile, SourcePositions positions) {
        this.key = Objects.requireNonNull(key, "key");
        this.paneStart = paneStart;
        this.profile = Objects.requireNonNull(profile, "profile");
        this.positions = Objects.requireNonNull(positions, "positions");
    }

    /** Folds the event into the profile and remembers its position. */
    public void add(PredictionRecord event) {
        profile.record(event);
        positions.add(event.sourcePartition(), event.sourceOffset(), event.timestamp());
    }

    public String key() {
        return key;
    }

    public long paneStart() {
        return paneStart;
    }

    public PartialProfile profile() {
        return profile;
    }

    /** Where each event came from, in the order they were folded in. */
    public SourcePositions positions() {
        return positions;
    }

    public int events() {
        return positions.size();
    }
}
