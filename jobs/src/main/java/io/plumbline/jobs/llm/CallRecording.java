package io.plumbline.jobs.llm;

import java.io.Serializable;
import java.util.Objects;
import java.util.function.Consumer;

import io.plumbline.detectors.llm.CallObservation;
import io.plumbline.detectors.llm.RouteProfile;
import io.plumbline.monitor.llm.CallObserver;
import io.plumbline.monitor.pricing.PriceTable;
import io.plumbline.schemas.event.LlmCallRecord;

/**
 * Records a call into a route's profile, priced ({@link CallObserver}) under its variant ({@link CallVariants}),
 * and says what it cost its tenant: the LLM stage's per-call work, done the same way whether the stage records
 * the call itself or {@link CallPartials} does before the shuffle.
 */
final class CallRecording implements Serializable {

    private static final long serialVersionUID = 1L;

    private final PriceTable prices;
    private final boolean tenantSpends;
    private transient CallObserver observer;
    private transient CallVariants variants;

    /** @param tenantSpends whether a priced call of a tenant spends from its budget (a tenant budget exists) */
    CallRecording(PriceTable prices, boolean tenantSpends) {
        this.prices = Objects.requireNonNull(prices, "prices");
        this.tenantSpends = tenantSpends;
    }

    /**
     * @param spends takes the call's spend, if it has a tenant with a budget and a cost
     * @return false when the call went to the route's overflow variant ({@code limits.llm.max-variants})
     */
    boolean record(LlmCallRecord call, RouteProfile route, Consumer<Spend> spends) {
        if (observer == null) {
            observer = new CallObserver(prices);
            variants = new CallVariants();
        }
        CallObservation observation = observer.observe(call);
        boolean named = route.record(variants.of(call.provider(), call.responseModel(), call.promptVersion()),
                observation);
        if (tenantSpends && call.tenant() != null && observation.costUsd() > 0) {
            spends.accept(new Spend(call.tenant(), call.eventTimeMillis(), observation.costUsd(),
                    call.sourcePartition(), call.sourceOffset()));
        }
        return named;
    }
}
