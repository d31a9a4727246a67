package io.plumbline.alerts.llm;

import io.plumbline.detectors.format.StateStreams;

import io.plumbline.detectors.llm.CallVariant;
import io.plumbline.detectors.llm.RouteProfile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * <p>At most {@value #MAX_VARIANTS} variants are remembered (the variants a route profiles by name, and its
 * overflow); past that, the one seen longest ago is forgotten with its streaks once its alerts are resolved
 * ({@link LlmEvaluator#evaluate}), and should it come back it is announced as new again. So is a variant retired after a long enough span without calls
 * ({@link LlmEvaluator#retireIdle}).
 */
public final class LlmRuleState {

    static final int MAX_VARIANTS = RouteProfile.DEFAULT_MAX_VARIANTS + 1;

    private static final int MAGIC = StateStreams.magic("PLLS");
    private static final int FORMAT_VERSION = 1;

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
     * Remembers that {@code variant} had calls in the window ending at {@code windowEnd}. Past
     * {@value #MAX_VARIANTS} variants, {@link #overLimit} names the one to forget once its alerts are resolved.
     */
    void seen(CallVariant variant, long windowEnd) {
        variants.merge(variant, windowEnd, Math::max);
    }

    /** The variant seen longest ago while more than {@value #MAX_VARIANTS} are remembered; empty otherwise. */
    Optional<CallVariant> overLimit() {
        return variants.size() <= MAX_VARIANTS ? Optional.empty() : variants.keySet().stream()
                .min(Comparator.comparing((CallVariant v) -> variants.get(v)).thenComparing(Comparator.naturalOrder()));
    }

    /** Forgets {@code variant} and its streaks: should it have calls again, it is a variant never seen. */
    void forget(CallVariant variant) {
        variants.remove(variant);
        streaks.keySet().removeIf(key -> key.variant().equals(variant));
    }

    /** Versioned binary form for keyed state: magic, format version, the streaks, then the variants. */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + streaks.size() * 32 + variants.size() * 48);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            StateStreams.writeHeader(out, MAGIC, FORMAT_VERSION);
            out.writeInt(streaks.size());
            for (Map.Entry<StreakKey, Streak> e : new TreeMap<>(streaks).entrySet()) {
                StateStreams.writeVariant(out, e.getKey().variant());
                out.writeUTF(e.getKey().rule().alertName());
                out.writeInt(e.getValue().windows());
                out.writeLong(e.getValue().since());
            }
            out.writeInt(variants.size());
            for (Map.Entry<CallVariant, Long> e : new TreeMap<>(variants).entrySet()) {
                StateStreams.writeVariant(out, e.getKey());
                out.writeLong(e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Throws IllegalArgumentException, naming the fault, for bytes that are not such a state. */
    public static LlmRuleState fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            StateStreams.readHeader(in, MAGIC, FORMAT_VERSION, "an LLM rule state");
            LlmRuleState state = new LlmRuleState();
            int streaks = in.readInt();
            for (int i = 0; i < streaks; i++) {
                CallVariant variant = StateStreams.readVariant(in);
                LlmRule rule = rule(in.readUTF());
                int windows = in.readInt();
                if (windows < 1) {
                    throw new IllegalArgumentException("invalid LLM rule state: a streak of " + windows + " windows");
                }
                state.streaks.put(new StreakKey(variant, rule), new Streak(windows, in.readLong()));
            }
            int variants = in.readInt();
            if (variants < 0 || variants > MAX_VARIANTS) {
                throw new IllegalArgumentException("invalid LLM rule state: " + variants + " variants, at most "
                        + MAX_VARIANTS + " are kept");
            }
            for (int i = 0; i < variants; i++) {
                state.variants.put(StateStreams.readVariant(in), in.readLong());
            }
            if (in.read() != -1) {
                throw new IllegalArgumentException("invalid LLM rule state: bytes after its end");
            }
            return state;
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated LLM rule state: " + e.getMessage(), e);
        }
    }

    /** By its alert name, the form that stays when rules are added or reordered. */
    private static LlmRule rule(String alertName) {
        for (LlmRule rule : LlmRule.values()) {
            if (rule.alertName().equals(alertName)) {
                return rule;
            }
        }
        throw new IllegalArgumentException("invalid LLM rule state: a streak of unknown rule '" + alertName + "'");
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
