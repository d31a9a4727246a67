package io.plumbline.jobs.llm;

import java.util.Objects;

/**
 * What one service or tenant spent at one time, on its way to the budget stage: a service's cost in one
 * window of one of its keys (at the window's start), or a tenant's cost of one call (at its end time).
 *
 * @param owner the service or tenant
 * @param timeMillis epoch millis inside the window the cost belongs to
 * @param costUsd the priced calls' cost, above 0
 */
public record Spend(String owner, long timeMillis, double costUsd) {

    public Spend {
        Objects.requireNonNull(owner, "owner");
    }
}
