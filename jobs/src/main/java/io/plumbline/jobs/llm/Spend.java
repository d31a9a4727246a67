package io.plumbline.jobs.llm;

import java.util.Objects;

import io.plumbline.schemas.event.SourcePosition;

/**
 * What one service or tenant spent at one time, on its way to the budget stage: a service's cost in one
 * window of one of its keys (at the window's start), or a tenant's cost of one call (at its end time), with
 * where that call was read, for the tenant budgets to dead-letter it by.
 *
 * @param owner the service or tenant
 * @param timeMillis epoch millis inside the window the cost belongs to
 * @param costUsd the priced calls' cost, above 0
 * @param sourcePartition the partition of the call a tenant's spend is of; {@link SourcePosition#UNKNOWN} for a
 *     window's
 * @param sourceOffset its offset there; {@link SourcePosition#UNKNOWN} for a window's
 */
public record Spend(String owner, long timeMillis, double costUsd, int sourcePartition, long sourceOffset) {

    public Spend {
        Objects.requireNonNull(owner, "owner");
    }

    /** A window's spend, of no single call. */
    public Spend(String owner, long timeMillis, double costUsd) {
        this(owner, timeMillis, costUsd, SourcePosition.UNKNOWN, SourcePosition.UNKNOWN);
    }
}
