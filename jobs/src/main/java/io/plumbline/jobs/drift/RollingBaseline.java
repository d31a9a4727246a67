package io.plumbline.jobs.drift;

import io.plumbline.detectors.sketch.ModelProfile;
import io.plumbline.monitor.config.PlumblineConfig.BaselineKind;
import org.apache.flink.api.common.state.ValueState;

/**
 * Baseline {@code rolling}: the {@code windows} window lengths just before the window, merged from the panes
 * kept that long: for a sliding window the windows that end at its start, at that minus the size, and so on,
 * none overlapping it. Only complete windows count (from the key's first event on): the first window is not
 * compared, the next ones with the complete windows there are until there are K. A baseline of fewer than
 * {@code minEvents} (a key that was silent) compares nothing. It keeps no state of its own but the panes.
 */
final class RollingBaseline implements BaselineStrategy {

    private final Panes panes;
    private final ValueState<Long> firstEventTime;
    private final long size;
    private final int windows;
    private final long minEvents;

    RollingBaseline(Panes panes, ValueState<Long> firstEventTime, long size, int windows, long minEvents) {
        this.panes = panes;
        this.firstEventTime = firstEventTime;
        this.size = size;
        this.windows = windows;
        this.minEvents = minEvents;
    }

    @Override
    public String name() {
        return BaselineKind.ROLLING.wireName();
    }

    @Override
    public Baseline baselineOf(long start) throws Exception {
        long first = firstEventTime.value();
        long complete = start < first ? 0 : Math.min(windows, (start - first) / size);
        if (complete == 0) {
            return null;
        }
        long from = start - complete * size;
        ModelProfile profile = panes.merged(from, start);
        return profile.events() >= minEvents ? new Baseline(profile, from, start) : null;
    }

    /** The next window's baseline reaches K window lengths before it. */
    @Override
    public long panesNeededFrom(long nextStart) {
        return nextStart - windows * size;
    }
}
