package io.plumbline.jobs.drift;

import io.plumbline.jobs.window.IdleRetirement;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.streaming.api.TimerService;

/**
 * A key's one retirement timer, at {@link IdleRetirement#timer} of its latest pane's end, moved when a later
 * pane opens. Flink keeps one timer per key and timestamp, so it must never be shared with a window's: it is
 * at least {@code idleAfter} (at least the window size) after the latest pane, so after the last window
 * containing it ends, and an older retirement timer, which a window of a new pane may share, is deleted before
 * that window's timer is registered. A firing is told apart by the key's state: the retirement timer is the
 * one at the latest pane's end's.
 */
final class RetirementTimer {

    /** The end of the key's latest pane: the key had no events since. */
    private final ValueState<Long> lastPaneEnd;
    private final IdleRetirement idle;

    RetirementTimer(RuntimeContext context, IdleRetirement idle) {
        this.lastPaneEnd = context.getState(new ValueStateDescriptor<>("last-pane-end", LongSerializer.INSTANCE));
        this.idle = idle;
    }

    /**
     * A pane ending at {@code paneEnd} opened: if it is the key's latest, the timer moves after it. Call it
     * before registering the pane's window timers, one of which may share the old timer's timestamp.
     */
    void paneOpened(long paneEnd, TimerService timers) throws Exception {
        Long latest = lastPaneEnd.value();
        if (latest == null || paneEnd > latest) {
            if (latest != null) {
                timers.deleteEventTimeTimer(idle.timer(latest));
            }
            start(paneEnd, timers);
        }
    }

    /**
     * The end of the key's latest pane, since which it had no events; null for a key restored from a
     * checkpoint of a job that retired nothing, which has windows but no retirement timer yet ({@link #start}).
     */
    Long idleSince() throws Exception {
        return lastPaneEnd.value();
    }

    /** Whether the timer firing at {@code timestamp} is the retirement of a key idle since {@code idleSince}. */
    boolean firesAt(long idleSince, long timestamp) {
        return timestamp == idle.timer(idleSince);
    }

    /** The key is retired: its timer is the one firing. */
    void clear() {
        lastPaneEnd.clear();
    }

    /** Sets the timer of a key idle since {@code idleSince}, which has none. */
    void start(long idleSince, TimerService timers) throws Exception {
        lastPaneEnd.update(idleSince);
        timers.registerEventTimeTimer(idle.timer(idleSince));
    }
}
