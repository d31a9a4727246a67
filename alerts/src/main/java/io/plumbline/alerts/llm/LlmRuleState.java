package io.plumbline.alerts.llm;

import io.plumbline.detectors.format.BinaryReader;
import io.plumbline.detectors.format.BinaryWriter;
import io.plumbline.detectors.format.FormatHeader;
import io.plumbline.detectors.format.FormatTag;
import io.plumbline.detectors.format.VariantFields;
import io.plumbline.detectors.llm.CallVariant;
import io.plumbline.detectors.llm.RouteProfile;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * What the LLM rules of one key remember between windows, next to the key's {@code AlertBook} (which knows
 * only what fires and has no pending state): the running breach streak of each variant's latency rules, and
 * the variants the key has seen, by the end of the last window they had calls in.
 *
 * <p>{@link LlmEvaluator} remembers as many variants as a route profiles by name, and its overflow; past that,
 * the one seen longest ago is forgotten with its streaks once its alerts are resolved
 * ({@link LlmEvaluator#evaluate}), and should it come back it is announced as new again. So is a variant retired after a long enough span without calls
 * ({@link LlmEvaluator#retireIdle}). The state does not know that limit ({@code limits.llm.max-variants}), which
 * may change between runs: it reads back as many variants as the largest limit remembers.
 */
public final class LlmRuleState {

    /** The most variants a state holds when it is read back: the largest limit's, and the overflow. */
    private static final int MAX_READ = RouteProfile.MAX_VARIANTS_CEILING + 1;

    private static final int FORMAT_VERSION = 1;
    /** Its provider, model and prompt version: at least 2 bytes each. */
    private static final int MIN_VARIANT_BYTES = 6;

    /**
     * Consecutive windows that breached one latency SLO.
     *
     * @param since start of the first of them: where the alert starts once it fires, as a Prometheus alert
     *     starts when it became pending
     */
    record Streak(int windows, long since) {
    }

    /** Whose streak: one variant's latency rule. */
    record StreakKey(CallVariant variant, LlmRule rule) implements Comparable<StreakKey> {
        @Override
        public int compareTo(StreakKey other) {
            int byVariant = variant.compareTo(other.variant);
            return byVariant != 0 ? byVariant : rule.compareTo(other.rule);
        }
    }

    private final Map<StreakKey, Streak> streaks = new HashMap<>();
    private final Map<CallVariant, Long> variants = new HashMap<>();

    /** Counts one more breaching window of the variant's rule and returns its streak. */
    Streak extendStreak(CallVariant variant, LlmRule rule, long windowStart) {
        return streaks.merge(new StreakKey(variant, rule), new Streak(1, windowStart),
                (old, first) -> new Streak(old.windows() + 1, old.since()));
    }

    /** A window within the SLO: the next breach starts a new streak. */
    void endStreak(CallVariant variant, LlmRule rule) {
        streaks.remove(new StreakKey(variant, rule));
    }

    /** Whether {@code variant} had calls in a window this state has seen (and has not forgotten since). */
    public boolean knows(CallVariant variant) {
        return variants.containsKey(variant);
    }

    /** The variants seen so far, each with the end of the last window it had calls in; a sorted copy. */
    public Map<CallVariant, Long> variants() {
        return Collections.unmodifiableMap(new TreeMap<>(variants));
    }

    /** The end of the last window with calls of the variant seen longest ago; empty when none is known. */
    public OptionalLong earliestLastSeen() {
        return variants.values().stream().mapToLong(Long::longValue).min();
    }

    /**
     * Remembers that {@code variant} had calls in the window ending at {@code windowEnd}. Past the variants a
     * key remembers, {@link #overLimit} names the one to forget once its alerts are resolved.
     */
    void seen(CallVariant variant, long windowEnd) {
        variants.merge(variant, windowEnd, Math::max);
    }

    /** The variant seen longest ago while more than {@code remembered} are; empty otherwise. */
    Optional<CallVariant> overLimit(int remembered) {
        return variants.size() <= remembered ? Optional.empty() : variants.keySet().stream()
                .min(Comparator.comparing((CallVariant v) -> variants.get(v)).thenComparing(Comparator.naturalOrder()));
    }

    /** Forgets {@code variant} and its streaks: should it have calls again, it is a variant never seen. */
    void forget(CallVariant variant) {
        variants.remove(variant);
        streaks.keySet().removeIf(key -> key.variant().equals(variant));
    }

    /**
     * Versioned binary form for keyed state: the {@link FormatTag#LLM_RULE_STATE} header, then
     * {@code streakCount:i32 (variant rule:utf windows:i32 since:i64)* variantCount:i32 (variant lastSeen:i64)*},
     * both sorted, with strings and variants as {@link VariantFields} writes them.
     */
    public byte[] toBytes() {
        BinaryWriter out = FormatHeader.writer(FormatTag.LLM_RULE_STATE, FORMAT_VERSION);
        out.int32(streaks.size());
        for (Map.Entry<StreakKey, Streak> e : new TreeMap<>(streaks).entrySet()) {
            VariantFields.write(out, e.getKey().variant());
            out.javaUtf(e.getKey().rule().alertName());
            out.int32(e.getValue().windows());
            out.int64(e.getValue().since());
        }
        out.int32(variants.size());
        for (Map.Entry<CallVariant, Long> e : new TreeMap<>(variants).entrySet()) {
            VariantFields.write(out, e.getKey());
            out.int64(e.getValue());
        }
        return out.toByteArray();
    }

    /** Throws IllegalArgumentException, naming the fault, for bytes that are not such a state. */
    public static LlmRuleState fromBytes(byte[] bytes) {
        BinaryReader in = new BinaryReader(bytes, FormatTag.LLM_RULE_STATE);
        FormatHeader.read(in, FORMAT_VERSION);
        LlmRuleState state = new LlmRuleState();
        int streaks = in.fixedCount(MIN_VARIANT_BYTES + 2 + 4 + 8); // variant, rule name, windows, since
        for (int i = 0; i < streaks; i++) {
            CallVariant variant = VariantFields.read(in);
            LlmRule rule = rule(in, in.javaUtf());
            int windows = in.int32();
            if (windows < 1) {
                throw in.fault("a streak of " + windows + " windows");
            }
            state.streaks.put(new StreakKey(variant, rule), new Streak(windows, in.int64()));
        }
        int variants = in.fixedCount(MIN_VARIANT_BYTES + 8); // variant, last seen
        if (variants > MAX_READ) {
            throw in.fault(variants + " variants, at most " + MAX_READ + " are kept");
        }
        for (int i = 0; i < variants; i++) {
            state.variants.put(VariantFields.read(in), in.int64());
        }
        in.expectEnd();
        return state;
    }

    /** By its alert name, the form that stays when rules are added or reordered. */
    private static LlmRule rule(BinaryReader in, String alertName) {
        for (LlmRule rule : LlmRule.values()) {
            if (rule.alertName().equals(alertName)) {
                return rule;
            }
        }
        throw in.fault("a streak of unknown rule '" + alertName + "'");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LlmRuleState other && streaks.equals(other.streaks) && variants.equals(other.variants);
    }

    @Override
    public int hashCode() {
        return 31 * streaks.hashCode() + variants.hashCode();
    }

    @Override
    public String toString() {
        return "LlmRuleState" + new TreeMap<>(streaks) + new TreeMap<>(variants);
    }
}
