package io.plumbline.jobs.llm;

import java.util.List;
import java.util.OptionalLong;

import io.plumbline.alerts.lifecycle.AlertBook;
import io.plumbline.alerts.llm.LlmEvaluator;
import io.plumbline.alerts.llm.LlmRuleState;
import io.plumbline.alerts.llm.LlmWindowContext;
import io.plumbline.jobs.window.IdleRetirement;
import io.plumbline.schemas.Alert;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;

/**
 * The retirement of a key's variants without calls for {@code idleAfter} ({@link LlmEvaluator#retireIdle}),
 * and its timer: while the key knows variants, exactly one, at {@link #timer}, the end of the first window at
 * least {@code idleAfter} after the last window with calls of the variant seen longest ago, so it fires once
 * every window that could hold a call of it has closed. Being a function of the rule state, it is found again
 * to move it without state of its own.
 */
final class VariantRetirement {

    /** {@link #timer} of a key that knows no variant. */
    static final long NO_TIMER = Long.MIN_VALUE;

    private final IdleRetirement idle;
    private final LlmEvaluator evaluator;
    private final Counter retired;

    /** @param idle the idle span, and the windows' size as their step */
    VariantRetirement(IdleRetirement idle, LlmEvaluator evaluator, Counter retired) {
        this.idle = idle;
        this.evaluator = evaluator;
        this.retired = retired;
    }

    /** The key's retirement timer where {@code rules} put it; {@link #NO_TIMER} without variants. */
    long timer(LlmRuleState rules) {
        OptionalLong stalest = rules.earliestLastSeen();
        return stalest.isEmpty() ? NO_TIMER : idle.timer(stalest.getAsLong());
    }

    /**
     * Retires the key's variants without calls in the {@code idleAfter} up to the end of {@code window}, the
     * window whose timer fires (with calls or not); {@code rules} forgets them. Returns their alerts, resolved.
     */
    List<Alert> retireIdle(LlmWindowContext window, LlmRuleState rules, AlertBook book) {
        int known = rules.variants().size();
        LlmWindowContext quiet = new LlmWindowContext(window.service(), window.prompt(), window.operation(),
                window.windowEnd() - idle.idleAfter(), window.windowEnd());
        List<Alert> resolved = evaluator.retireIdle(quiet, rules, book);
        retired.inc(known - rules.variants().size());
        return resolved;
    }

    /**
     * Keeps the one retirement timer where the rule state puts it, from {@code before} to {@code after}.
     * Flink keeps one timer per key and timestamp, and a window's may coincide: deleting the old one also
     * deletes the window's of that timestamp, which is registered again; the one {@code firing} is spent
     * already.
     *
     * @param windows the key's open windows by start
     */
    void move(TimerService timers, long before, long after, long firing, MapState<Long, ?> windows)
            throws Exception {
        if (before == after) {
            return;
        }
        if (before != NO_TIMER && before != firing) {
            timers.deleteEventTimeTimer(before);
            if (windows.contains(before + 1 - idle.windowStep())) {
                timers.registerEventTimeTimer(before);
            }
        }
        if (after != NO_TIMER) {
            timers.registerEventTimeTimer(after);
        }
    }
}
