package io.plumbline.alerts.llm;

import io.plumbline.detectors.llm.CallObservation;
import io.plumbline.detectors.llm.CallProfile;
import java.util.function.ObjIntConsumer;

/** Builds a variant's window of calls: each call priced at $0.01, 100 output tokens, 1 s, unless told otherwise. */
final class Calls {

    private final CallProfile profile = new CallProfile();
    private final CallObservation call = new CallObservation();

    static Calls calls() {
        return new Calls();
    }

    /** {@code n} calls, the i-th changed by {@code change} from the default. */
    Calls add(int n, ObjIntConsumer<CallObservation> change) {
        for (int i = 0; i < n; i++) {
            call.clear().latencySeconds(1).outputTokens(100).costUsd(0.01);
            change.accept(call, i);
            profile.record(call);
        }
        return this;
    }

    Calls add(int n) {
        return add(n, (c, i) -> { });
    }

    CallProfile profile() {
        return profile;
    }
}
