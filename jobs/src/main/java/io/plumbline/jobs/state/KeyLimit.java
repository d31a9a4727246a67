package io.plumbline.jobs.state;

import java.io.Serializable;
import java.util.List;

import io.plumbline.jobs.kafka.TurnedAway;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.FunctionInitializationContext;

/**
 * How many keys one parallel instance of a keyed stage keeps state for, and the most it may: what bounds
 * the heap a flood of new ids can take. The count lives in operator state, so a restart resumes it; on a
 * rescale each instance takes the counts it is handed, so the instances' sum stays the stage's total while
 * the keys themselves are spread anew. A checkpoint taken before the count existed restores none: its keys
 * count from their next retirement on, which never takes the count below zero.
 *
 * <p>Its metrics: a gauge of the keys with state, and the {@link TurnedAway} counter of the records refused a
 * new key.
 */
public final class KeyLimit implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int limit;
    private final String configKey;
    private transient long live;
    private transient ListState<Long> checkpointed;
    private transient Counter turnedAway;

    /** @param configKey the config key that sets the limit, named in dead letters and metrics */
    public KeyLimit(int limit, String configKey) {
        if (limit < 1) {
            throw new IllegalArgumentException(configKey + " must be at least 1, got " + limit);
        }
        this.limit = limit;
        this.configKey = configKey;
    }

    public void initialize(FunctionInitializationContext context, String name) throws Exception {
        checkpointed = context.getOperatorStateStore().getListState(new ListStateDescriptor<>(name,
                LongSerializer.INSTANCE));
        live = 0;
        if (context.isRestored()) {
            for (Long count : checkpointed.get()) {
                live += count;
            }
        }
    }

    public void snapshot() throws Exception {
        checkpointed.update(List.of(live));
    }

    /** Registers the metrics: call from the stage's {@code open}, before the first {@link #admit}. */
    public void open(MetricGroup metrics, String gaugeName) {
        metrics.gauge(gaugeName, this::live);
        turnedAway = TurnedAway.counter(metrics, configKey);
    }

    /** Counts a new key, unless that would pass the limit: then counts the record turned away. */
    public boolean admit() {
        return admit(1);
    }

    /** As {@link #admit()} for a key's first {@code records} records at once: a pre-aggregated partial's. */
    public boolean admit(long records) {
        if (live >= limit) {
            turnedAway.inc(records);
            return false;
        }
        live++;
        return true;
    }

    /** A key whose state was cleared. */
    public void release() {
        live = Math.max(0, live - 1);
    }

    public long live() {
        return live;
    }

    public int limit() {
        return limit;
    }

    public String configKey() {
        return configKey;
    }
}
