package io.plumbline.jobs.state;

import java.io.Serializable;
import java.util.List;

import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.runtime.state.FunctionInitializationContext;

/**
 * How many keys one parallel instance of a keyed stage keeps state for, and the most it may: what bounds
 * the heap a flood of new ids can take. The count lives in operator state, so a restart resumes it; on a
 * rescale each instance takes the counts it is handed, so the instances' sum stays the stage's total while
 * the keys themselves are spread anew. A checkpoint taken before the count existed restores none: its keys
 * count from their next retirement on, which never takes the count below zero.
 */
public final class KeyLimit implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int limit;
    private transient long live;
    private transient ListState<Long> checkpointed;

    public KeyLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("the key limit must be positive, got " + limit);
        }
        this.limit = limit;
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

    /** Counts a new key, unless that would pass the limit. */
    public boolean admit() {
        if (live >= limit) {
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
}
