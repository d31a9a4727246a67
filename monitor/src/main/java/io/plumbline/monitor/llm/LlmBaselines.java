package io.plumbline.monitor.llm;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import io.plumbline.alerts.llm.LlmBaseline;
import io.plumbline.detectors.format.BinaryReader;
import io.plumbline.detectors.format.BinaryWriter;
import io.plumbline.detectors.format.FormatHeader;
import io.plumbline.detectors.format.FormatTag;
import io.plumbline.detectors.format.LlmProfileFormat;
import io.plumbline.detectors.format.VariantFields;
import io.plumbline.detectors.llm.CallProfile;
import io.plumbline.detectors.llm.CallVariant;

/**
 * The baselines of one key's variants: each variant's own warm-up, its first complete window, or for a
 * release that has none yet the warm-up of the variant it replaced ({@link LlmBaseline#PREVIOUS_VERSION}).
 *
 * <p>Profiles are kept serialised (about 2 KB each instead of the tens of KB of a live t-digest's
 * buffers) and read when a window is judged, once per variant and window. The job keeps only the
 * baselines of the variants the key's rule state still knows, so there are as many as it remembers.
 */
public final class LlmBaselines {

    private static final int FORMAT_VERSION = 1;
    /** Two variants, the kind, the window and the profile's length: at least 2 bytes a string, 8 a bound. */
    private static final int MIN_ENTRY_BYTES = 6 + 2 + 6 + 8 + 8 + 4;

    /** One baseline, its profile in {@link LlmProfileFormat}. */
    private record Entry(String kind, CallVariant source, long windowStart, long windowEnd, byte[] profile) {
    }

    private final Map<CallVariant, Entry> entries = new HashMap<>();

    /** What {@code variant}'s window is compared with; null while it has no baseline. */
    public LlmBaseline baselineOrNull(CallVariant variant) {
        Entry e = entries.get(variant);
        return e == null ? null : new LlmBaseline(e.kind(), e.source(), e.windowStart(), e.windowEnd(),
                LlmProfileFormat.readCallProfile(e.profile()));
    }

    /** Whether {@code variant} has learnt its own baseline (not one borrowed from what it replaced). */
    public boolean hasWarmup(CallVariant variant) {
        Entry e = entries.get(variant);
        return e != null && LlmBaseline.WARMUP.equals(e.kind());
    }

    /** {@code profile}, the variant's calls in [windowStart, windowEnd), becomes its own baseline for good. */
    public void learn(CallVariant variant, CallProfile profile, long windowStart, long windowEnd) {
        entries.put(variant, new Entry(LlmBaseline.WARMUP, variant, windowStart, windowEnd,
                LlmProfileFormat.write(profile)));
    }

    /**
     * The release {@code variant} is compared with {@code replaced}'s own baseline until it learns one; a
     * replaced variant without one of its own passes nothing on (what it borrowed describes a third).
     */
    public void inherit(CallVariant variant, CallVariant replaced) {
        Entry from = entries.get(replaced);
        if (from != null && LlmBaseline.WARMUP.equals(from.kind()) && !hasWarmup(variant)) {
            entries.put(variant, new Entry(LlmBaseline.PREVIOUS_VERSION, replaced, from.windowStart(),
                    from.windowEnd(), from.profile()));
        }
    }

    /** Forgets the baselines of every variant not in {@code known}. */
    public void retainOnly(Collection<CallVariant> known) {
        entries.keySet().retainAll(known);
    }

    public int size() {
        return entries.size();
    }

    /**
     * Versioned binary form for keyed state: the {@link FormatTag#LLM_BASELINES} header, then
     * {@code count:i32 (variant kind:utf source:variant windowStart:i64 windowEnd:i64 profileLength:i32 profile)*}
     * in variant order, with strings and variants as {@link VariantFields} writes them.
     */
    public byte[] toBytes() {
        BinaryWriter out = FormatHeader.writer(FormatTag.LLM_BASELINES, FORMAT_VERSION);
        out.int32(entries.size());
        for (Map.Entry<CallVariant, Entry> e : new TreeMap<>(entries).entrySet()) {
            Entry entry = e.getValue();
            VariantFields.write(out, e.getKey());
            out.javaUtf(entry.kind());
            VariantFields.write(out, entry.source());
            out.int64(entry.windowStart());
            out.int64(entry.windowEnd());
            out.int32(entry.profile().length);
            out.bytes(entry.profile());
        }
        return out.toByteArray();
    }

    /** Throws IllegalArgumentException, naming the fault, for bytes that are not such baselines. */
    public static LlmBaselines fromBytes(byte[] bytes) {
        BinaryReader in = new BinaryReader(bytes, FormatTag.LLM_BASELINES);
        FormatHeader.read(in, FORMAT_VERSION);
        LlmBaselines baselines = new LlmBaselines();
        int count = in.fixedCount(MIN_ENTRY_BYTES);
        for (int i = 0; i < count; i++) {
            CallVariant variant = VariantFields.read(in);
            String kind = in.javaUtf();
            CallVariant source = VariantFields.read(in);
            long start = in.int64();
            long end = in.int64();
            byte[] profile = in.bytes(in.fixedCount(1));
            // Read once here so that corrupt state fails on restore, not at the next window.
            new LlmBaseline(kind, source, start, end, LlmProfileFormat.readCallProfile(profile));
            baselines.entries.put(variant, new Entry(kind, source, start, end, profile));
        }
        in.expectEnd();
        return baselines;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LlmBaselines other) || !entries.keySet().equals(other.entries.keySet())) {
            return false;
        }
        for (Map.Entry<CallVariant, Entry> e : entries.entrySet()) {
            Entry a = e.getValue();
            Entry b = other.entries.get(e.getKey());
            if (!a.kind().equals(b.kind()) || !a.source().equals(b.source()) || a.windowStart() != b.windowStart()
                    || a.windowEnd() != b.windowEnd() || !Arrays.equals(a.profile(), b.profile())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return entries.keySet().hashCode();
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("LlmBaselines{");
        new TreeMap<>(entries).forEach((variant, e) -> s.append(variant).append('=').append(e.kind()).append(" of ")
                .append(e.source()).append(" [").append(e.windowStart()).append(',').append(e.windowEnd()).append(") "));
        return s.append('}').toString();
    }
}
