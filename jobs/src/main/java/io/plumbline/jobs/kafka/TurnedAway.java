package io.plumbline.jobs.kafka;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * The one Flink counter of what a limit of the config turned away, whichever the limit and whatever became
 * of it (dead-lettered, dropped, or counted as "other"): {@value #NAME} in the group {@value #GROUP} named by
 * the limit's config key, so that one query shows every limit that binds (docs/metrics.md). A limit that
 * dead-letters is counted under {@code deadLetters} by its reason as well.
 */
public final class TurnedAway {

    static final String GROUP = "limit";
    static final String NAME = "turnedAway";

    private TurnedAway() {
    }

    /** @param limitKey the config key of the limit, such as {@code limits.max-models} */
    public static Counter counter(MetricGroup metrics, String limitKey) {
        return metrics.addGroup(GROUP, limitKey).counter(NAME);
    }
}
