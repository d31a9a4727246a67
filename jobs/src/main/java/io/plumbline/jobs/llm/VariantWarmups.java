package io.plumbline.jobs.llm;

import io.plumbline.monitor.llm.LlmBaselines;
import java.util.Collection;
import java.util.List;
import java.util.SortedMap;

import io.plumbline.alerts.llm.LlmRuleState;
import io.plumbline.alerts.llm.LlmWindowContext;
import io.plumbline.alerts.llm.VersionChange;
import io.plumbline.detectors.llm.CallProfile;
import io.plumbline.detectors.llm.CallVariant;
import io.plumbline.jobs.state.LlmBaselinesSerializer;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;

/**
 * How the variants of one key learn their baselines ({@link LlmBaselines}): a variant's baseline is its first
 * complete window, the first it has calls in after the window it was first seen in (which may have begun
 * before its first call); until then a release is compared with the warm-up of the variant it replaced. Only
 * the baselines of the variants the key's rule state knows are kept.
 *
 * <p>A window goes through it in three steps: {@link #read} before anything else, {@link #beforeJudging} and
 * {@link #afterJudging} around the rules, then {@link #store}. Reading writes nothing.
 */
final class VariantWarmups {

    private final ValueState<LlmBaselines> baselines;

    VariantWarmups(RuntimeContext context) {
        this.baselines = context.getState(new ValueStateDescriptor<>("baselines", LlmBaselinesSerializer.INSTANCE));
    }

    /** The key's baselines, to change in place and {@link #store}; an empty set when it has none. */
    LlmBaselines read() throws Exception {
        LlmBaselines learnt = baselines.value();
        return learnt == null ? new LlmBaselines() : learnt;
    }

    /**
     * The variants of the window with calls whose window is complete: those the rule state knew before the
     * window, as their first window may have begun before their first call. Ask before the rules see it.
     */
    static List<CallVariant> complete(SortedMap<CallVariant, CallProfile> window, LlmRuleState rules) {
        return window.keySet().stream()
                .filter(v -> !v.isOverflow() && !window.get(v).isEmpty() && rules.knows(v)).toList();
    }

    /** Each release is judged against the warm-up of the variant it replaced. */
    static void beforeJudging(LlmBaselines learnt, List<VersionChange> releases) {
        for (VersionChange release : releases) {
            learnt.inherit(release.variant(), release.replaced());
        }
    }

    /**
     * Each variant with a complete window and no warm-up of its own learns this one; a release whose
     * predecessor learnt its warm-up in this very window borrows it from the next on.
     */
    static void afterJudging(LlmBaselines learnt, LlmWindowContext window, SortedMap<CallVariant, CallProfile> variants,
                             List<CallVariant> complete, List<VersionChange> releases) {
        for (CallVariant variant : complete) {
            if (!learnt.hasWarmup(variant)) {
                learnt.learn(variant, variants.get(variant), window.windowStart(), window.windowEnd());
            }
        }
        beforeJudging(learnt, releases);
    }

    /** Keeps the baselines of the variants in {@code known}, if any. */
    void store(LlmBaselines learnt, Collection<CallVariant> known) throws Exception {
        learnt.retainOnly(known);
        if (learnt.size() == 0) {
            baselines.clear();
        } else {
            baselines.update(learnt);
        }
    }
}
