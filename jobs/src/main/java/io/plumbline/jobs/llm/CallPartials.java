package io.plumbline.jobs.llm;

import io.plumbline.detectors.llm.RouteProfile;
import io.plumbline.jobs.window.Combining;
import io.plumbline.jobs.window.PaneCombiner;
import io.plumbline.monitor.pricing.PriceTable;
import io.plumbline.schemas.event.LlmCallRecord;

/** How a {@link PaneCombiner} folds LLM calls: by route ({@link LlmKey}) and window, into {@link CallPartial}s. */
public final class CallPartials implements Combining<LlmCallRecord, CallPartial> {

    private static final long serialVersionUID = 1L;

    private final long size;
    private final int maxVariants;
    private final CallRecording recording;

    /**
     * @param size the windows' length, {@code llm.window.size}
     * @param maxVariants {@code limits.llm.max-variants}
     * @param tenantSpends whether the calls of a tenant spend from its budget (a tenant budget exists)
     */
    public CallPartials(long size, PriceTable prices, int maxVariants, boolean tenantSpends) {
        if (size <= 0) {
            throw new IllegalArgumentException("size must be positive, got " + size);
        }
        this.size = size;
        this.maxVariants = maxVariants;
        this.recording = new CallRecording(prices, tenantSpends);
    }

    @Override
    public String key(LlmCallRecord call) {
        return LlmKey.of(call.service(), call.promptName(), call.operation());
    }

    @Override
    public String keyOf(CallPartial partial) {
        return partial.key();
    }

    @Override
    public long time(LlmCallRecord call) {
        return call.eventTimeMillis();
    }

    @Override
    public long paneStart(long time) {
        return time - Math.floorMod(time, size);
    }

    /** A call record is immutable once the source has located it. */
    @Override
    public LlmCallRecord copy(LlmCallRecord call) {
        return call;
    }

    @Override
    public CallPartial open(String key, long windowStart) {
        return new CallPartial(key, windowStart, new RouteProfile(maxVariants));
    }

    @Override
    public void add(CallPartial partial, LlmCallRecord call) {
        recording.record(call, partial.profile(), partial.spends()::add);
        partial.positions().add(call.sourcePartition(), call.sourceOffset(), call.eventTimeMillis());
    }

    @Override
    public int events(CallPartial partial) {
        return partial.calls();
    }
}
