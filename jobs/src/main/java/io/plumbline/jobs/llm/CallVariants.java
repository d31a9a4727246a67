package io.plumbline.jobs.llm;

import java.util.HashMap;
import java.util.Map;

import io.plumbline.detectors.llm.CallVariant;

/**
 * The {@link CallVariant} of a call's (provider, model, prompt version), the same instance for every
 * call of a variant: a call is looked up through three maps of the strings it already holds instead
 * of allocating a variant that the window's profile would look up and drop. A stage sees few variants;
 * past {@value #CAPACITY} (a producer putting ids into a model name, say) the cache starts over, so it
 * stays bounded whatever the traffic. Variants are values, so instances from before a restart compare
 * equal to the new ones.
 *
 * <p>Public so that the throughput benchmark's plain loop does the same per-call work as the job.
 */
public final class CallVariants {

    static final int CAPACITY = 4096;

    private final Map<String, Map<String, Map<String, CallVariant>>> byProvider = new HashMap<>();
    private int size;

    public CallVariant of(String provider, String model, String promptVersion) {
        Map<String, Map<String, CallVariant>> byModel = byProvider.get(provider);
        Map<String, CallVariant> byVersion = byModel == null ? null : byModel.get(model);
        CallVariant variant = byVersion == null ? null : byVersion.get(promptVersion);
        if (variant != null) {
            return variant;
        }
        if (size == CAPACITY) {
            byProvider.clear();
            size = 0;
        }
        variant = new CallVariant(provider, model, promptVersion);
        byProvider.computeIfAbsent(provider, p -> new HashMap<>())
                .computeIfAbsent(model, m -> new HashMap<>())
                .put(promptVersion, variant);
        size++;
        return variant;
    }

    /** How many variants are cached now; at most {@value #CAPACITY}. */
    int size() {
        return size;
    }
}
