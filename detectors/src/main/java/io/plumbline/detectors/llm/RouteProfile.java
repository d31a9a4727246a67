package io.plumbline.detectors.llm;

import io.plumbline.detectors.sketch.Saturating;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Every {@link CallVariant}'s {@link CallProfile} of one route (service, prompt name, operation) over one
 * window or pane: the unit an LLM keyed stage updates in place, and the unit that crosses a shuffle when
 * partial profiles are pre-aggregated.
 *
 * <p>At most {@code maxVariants} variants are profiled by name; the calls of any further variant go to
 * {@link CallVariant#OVERFLOW}, so a producer that puts a request id into the model name or the prompt
 * version cannot grow the state without bound. The first variants seen keep their names, so past the
 * limit the split depends on order; the totals never do.
 */
public final class RouteProfile {
    /** Providers × models × prompt versions live at once on one route: a handful; 64 leaves room for a migration. */
    public static final int DEFAULT_MAX_VARIANTS = 64;
    /**
     * The largest limit a job is configured with ({@code limits.llm.max-variants}): what bounds the variants
     * a key's state may name when it is read back.
     */
    public static final int MAX_VARIANTS_CEILING = 1_000;

    private final int maxVariants;
    private final Map<CallVariant, CallProfile> profiles = new HashMap<>();

    public RouteProfile() {
        this(DEFAULT_MAX_VARIANTS);
    }

    public RouteProfile(int maxVariants) {
        if (maxVariants < 1) {
            throw new IllegalArgumentException("maxVariants must be at least 1, got " + maxVariants
                    + ": it bounds the variants (provider, model, prompt version) profiled by name on one route");
        }
        this.maxVariants = maxVariants;
    }

    /**
     * A profile of these parts, adopting (not copying) the call profiles; throws IllegalArgumentException
     * for parts no profile can hold.
     */
    public static RouteProfile of(int maxVariants, Map<CallVariant, CallProfile> profiles) {
        RouteProfile route = new RouteProfile(maxVariants);
        long named = profiles.keySet().stream().filter(v -> !v.isOverflow()).count();
        if (named > maxVariants) {
            throw new IllegalArgumentException("invalid route profile: " + named + " variants exceed the limit of " + maxVariants);
        }
        for (Map.Entry<CallVariant, CallProfile> e : profiles.entrySet()) {
            if (e.getValue().isEmpty()) {
                throw new IllegalArgumentException("invalid route profile: variant " + e.getKey() + " has no calls");
            }
            route.profiles.put(e.getKey(), e.getValue());
        }
        return route;
    }

    /**
     * Counts one call of {@code variant}.
     *
     * @return false when the call went to {@link CallVariant#OVERFLOW}, its variant being one more than the
     *     route profiles by name
     */
    public boolean record(CallVariant variant, CallObservation call) {
        CallProfile profile = profileFor(variant);
        profile.record(call);
        return variant.isOverflow() || profile != profiles.get(CallVariant.OVERFLOW);
    }

    /** Adds {@code other}'s calls, its variants in order; {@code other} is left as it was. */
    public void merge(RouteProfile other) {
        if (other == this) {
            throw new IllegalArgumentException("cannot merge a profile into itself");
        }
        new TreeMap<>(other.profiles).forEach((variant, profile) -> profileFor(variant).merge(profile));
    }

    public int maxVariants() {
        return maxVariants;
    }

    public boolean isEmpty() {
        return profiles.isEmpty();
    }

    /** Calls of every variant; saturates at {@link Long#MAX_VALUE}, as a variant's count does. */
    public long requests() {
        long total = 0;
        for (CallProfile profile : profiles.values()) {
            total = Saturating.add(total, profile.requests());
        }
        return total;
    }

    /** The profiles by variant, {@link CallVariant#OVERFLOW} included when it has calls; read, do not record into them. */
    public SortedMap<CallVariant, CallProfile> variants() {
        return Collections.unmodifiableSortedMap(new TreeMap<>(profiles));
    }

    /** Estimated heap of this profile and everything it owns, in bytes (64-bit JVM, compressed oops). */
    public long estimatedHeapBytes() {
        // This object, the HashMap and its table, and per variant an entry and the key with its three strings.
        int table = Math.max(16, Integer.highestOneBit(Math.max(1, profiles.size() * 4 / 3)) * 2);
        long bytes = 16 + 48 + 16 + 4L * table;
        for (CallProfile profile : profiles.values()) {
            bytes += 32 + 24 + 3 * 48 + profile.estimatedHeapBytes();
        }
        return bytes;
    }

    private CallProfile profileFor(CallVariant variant) {
        CallProfile profile = profiles.get(variant);
        if (profile != null) {
            return profile;
        }
        if (!variant.isOverflow() && namedVariants() >= maxVariants) {
            return profileFor(CallVariant.OVERFLOW);
        }
        CallProfile created = new CallProfile();
        profiles.put(variant, created);
        return created;
    }

    private int namedVariants() {
        return profiles.size() - (profiles.containsKey(CallVariant.OVERFLOW) ? 1 : 0);
    }
}
