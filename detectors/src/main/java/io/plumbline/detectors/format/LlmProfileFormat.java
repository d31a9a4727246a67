package io.plumbline.detectors.format;

import io.plumbline.detectors.llm.CallProfile;
import io.plumbline.detectors.llm.CallVariant;
import io.plumbline.detectors.llm.RouteProfile;
import io.plumbline.detectors.sketch.QuantileSketch;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Binary formats of the LLM window state: a {@link QuantileSketch}, a {@link CallProfile} and a
 * {@link RouteProfile}, each as a {@link FormatHeader} (4 magic bytes, a format version byte) and the
 * payload; inside a larger structure its parts are written without a header of their own. Version 3 (the sketch alone: 1):
 *
 * <pre>
 * sketch     = "PLQS" 0x01 quantile
 * call       = "PLCP" 0x03 callBody
 * route      = "PLRP" 0x03 maxVariants:varint variantCount:varint
 *              (provider:string model:string promptVersion:string callBody)*   -- sorted by variant
 * callBody   = requests:varint refusals:varint contentFiltered:varint
 *              inputTokens:varint outputTokens:varint cacheReadTokens:varint reasoningTokens:varint
 *              costUsd:f64 pricedCalls:varint
 *              errorTypeCount:varint (type:string count:varint)*   -- sorted by type, "_OTHER" among them
 *              latency:quantile timeToFirstChunk:quantile outputTokensPerSecond:quantile evalScores:quantile
 *              outputTokensPerCall:quantile   -- version 2; absent in version 1, read as empty
 *              inputTokensPerCall:quantile    -- version 3; absent before, read as empty
 * quantile   = count:varint [sum:f64]   -- only when count > 0
 *              (0x00 value:f64{count}                                  -- every value, sorted
 *              | 0x01 topCount:varint value:f64{topCount}               -- the largest values, sorted
 *                     centroidCount:varint (mean:f64 weight:varint)*)   -- the digest of the rest
 * varint     = unsigned LEB128;  f64 = IEEE 754 big-endian;  string = byteLength:varint UTF-8
 * </pre>
 *
 * Reading checks everything and throws IllegalArgumentException naming the fault and its offset.
 */
public final class LlmProfileFormat {
    /**
     * Version 2 added each call profile's output-tokens-per-call sketch, version 3 its input-tokens-per-call
     * sketch; versions 1 and 2 still read (what they lack is empty).
     */
    public static final int VERSION = 3;
    /** The quantile sketch on its own did not change. */
    private static final int SKETCH_VERSION = 1;
    private static final int OLDEST_VERSION = 1;

    private static final int EXACT_VALUES = 0;
    private static final int DIGESTED = 1;

    private LlmProfileFormat() {
    }

    public static byte[] write(QuantileSketch sketch) {
        BinaryWriter out = FormatHeader.writer(FormatTag.QUANTILE_SKETCH, SKETCH_VERSION);
        writeQuantile(out, sketch.state());
        return out.toByteArray();
    }

    public static QuantileSketch readQuantileSketch(byte[] bytes) {
        BinaryReader in = new BinaryReader(bytes, FormatTag.QUANTILE_SKETCH);
        FormatHeader.read(in, SKETCH_VERSION);
        QuantileSketch sketch = readQuantile(in, "the sketch");
        in.expectEnd();
        return sketch;
    }

    public static byte[] write(CallProfile profile) {
        BinaryWriter out = FormatHeader.writer(FormatTag.CALL_PROFILE, VERSION);
        writeCall(out, profile.state());
        return out.toByteArray();
    }

    public static CallProfile readCallProfile(byte[] bytes) {
        BinaryReader in = new BinaryReader(bytes, FormatTag.CALL_PROFILE);
        int version = FormatHeader.read(in, OLDEST_VERSION, VERSION);
        CallProfile profile = readCall(in, version, "the profile");
        in.expectEnd();
        return profile;
    }

    public static byte[] write(RouteProfile route) {
        BinaryWriter out = FormatHeader.writer(FormatTag.ROUTE_PROFILE, VERSION);
        out.varLong(route.maxVariants());
        Map<CallVariant, CallProfile> variants = route.variants();
        out.varLong(variants.size());
        for (Map.Entry<CallVariant, CallProfile> e : variants.entrySet()) {
            out.string(e.getKey().provider());
            out.string(e.getKey().model());
            out.string(e.getKey().promptVersion());
            writeCall(out, e.getValue().state());
        }
        return out.toByteArray();
    }

    public static RouteProfile readRouteProfile(byte[] bytes) {
        BinaryReader in = new BinaryReader(bytes, FormatTag.ROUTE_PROFILE);
        int version = FormatHeader.read(in, OLDEST_VERSION, VERSION);
        long maxVariants = in.varLong();
        if (maxVariants < 1 || maxVariants > Integer.MAX_VALUE) {
            throw in.fault("variant limit " + maxVariants + " is out of range");
        }
        int count = in.count(3);
        Map<CallVariant, CallProfile> variants = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            CallVariant variant = new CallVariant(in.string(), in.string(), in.string());
            if (variants.put(variant, readCall(in, version, "variant " + variant)) != null) {
                throw in.fault("variant " + variant + " appears twice");
            }
        }
        in.expectEnd();
        return rebuild(in, "the route", () -> RouteProfile.of((int) maxVariants, variants));
    }

    private static void writeCall(BinaryWriter out, CallProfile.State s) {
        out.varLong(s.requests());
        out.varLong(s.refusals());
        out.varLong(s.contentFiltered());
        out.varLong(s.inputTokens());
        out.varLong(s.outputTokens());
        out.varLong(s.cacheReadTokens());
        out.varLong(s.reasoningTokens());
        out.float64(s.costUsd());
        out.varLong(s.pricedCalls());
        out.varLong(s.errorsByType().size());
        for (Map.Entry<String, Long> e : s.errorsByType().entrySet()) {
            out.string(e.getKey());
            out.varLong(e.getValue());
        }
        writeQuantile(out, s.latency().state());
        writeQuantile(out, s.timeToFirstChunk().state());
        writeQuantile(out, s.outputTokensPerSecond().state());
        writeQuantile(out, s.evalScores().state());
        writeQuantile(out, s.outputTokensPerCall().state());
        writeQuantile(out, s.inputTokensPerCall().state());
    }

    private static CallProfile readCall(BinaryReader in, int version, String what) {
        long requests = in.varLong();
        long refusals = in.varLong();
        long contentFiltered = in.varLong();
        long inputTokens = in.varLong();
        long outputTokens = in.varLong();
        long cacheReadTokens = in.varLong();
        long reasoningTokens = in.varLong();
        double costUsd = in.float64();
        long pricedCalls = in.varLong();
        int errorTypes = in.count(2);
        Map<String, Long> errors = new HashMap<>();
        for (int i = 0; i < errorTypes; i++) {
            String type = in.string();
            if (errors.put(type, in.varLong()) != null) {
                throw in.fault("error type '" + type + "' appears twice in " + what);
            }
        }
        QuantileSketch latency = readQuantile(in, what + ", latency");
        QuantileSketch firstChunk = readQuantile(in, what + ", time to first chunk");
        QuantileSketch outputSpeed = readQuantile(in, what + ", output tokens per second");
        QuantileSketch evalScores = readQuantile(in, what + ", eval scores");
        QuantileSketch outputLength = version >= 2 ? readQuantile(in, what + ", output tokens per call")
                : new QuantileSketch();
        QuantileSketch inputLength = version >= 3 ? readQuantile(in, what + ", input tokens per call")
                : new QuantileSketch();
        CallProfile.State state = new CallProfile.State(requests, errors, refusals, contentFiltered, inputTokens, outputTokens,
                cacheReadTokens, reasoningTokens, costUsd, pricedCalls, latency, firstChunk, outputSpeed, evalScores,
                outputLength, inputLength);
        return rebuild(in, what, () -> CallProfile.of(state));
    }

    private static void writeQuantile(BinaryWriter out, QuantileSketch.State s) {
        out.varLong(s.count());
        if (s.count() > 0) {
            out.float64(s.sum());
        }
        if (s.exactValues() != null) {
            out.u8(EXACT_VALUES);
            for (double v : s.exactValues()) {
                out.float64(v);
            }
            return;
        }
        out.u8(DIGESTED);
        out.varLong(s.topValues().length);
        for (double v : s.topValues()) {
            out.float64(v);
        }
        out.varLong(s.centroidMeans().length);
        for (int i = 0; i < s.centroidMeans().length; i++) {
            out.float64(s.centroidMeans()[i]);
            out.varLong(s.centroidWeights()[i]);
        }
    }

    private static QuantileSketch readQuantile(BinaryReader in, String what) {
        long count = in.varLong();
        double sum = count > 0 ? in.float64() : 0;
        int formOffset = in.position();
        int form = in.u8();
        QuantileSketch.State state;
        if (form == EXACT_VALUES) {
            if (count > in.remaining() / 8) {
                throw in.fault(count + " exact values of " + what + " cannot fit the " + in.remaining() + " bytes left");
            }
            state = new QuantileSketch.State(count, sum, readDoubles(in, (int) count), null, null, null);
        } else if (form == DIGESTED) {
            double[] top = readDoubles(in, in.count(8));
            int centroids = in.count(9);
            double[] means = new double[centroids];
            long[] weights = new long[centroids];
            for (int i = 0; i < centroids; i++) {
                means[i] = in.float64();
                weights[i] = in.varLong();
            }
            state = new QuantileSketch.State(count, sum, null, top, means, weights);
        } else {
            throw in.fault("unknown quantile sketch form " + form + " of " + what + " at offset " + formOffset);
        }
        return rebuild(in, what, () -> QuantileSketch.of(state));
    }

    private static double[] readDoubles(BinaryReader in, int n) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = in.float64();
        }
        return values;
    }

    /** Rebuilds a structure from parts read, naming it if they break its invariants. */
    private static <T> T rebuild(BinaryReader in, String what, Supplier<T> rebuild) {
        try {
            return rebuild.get();
        } catch (IllegalArgumentException e) {
            throw in.fault(what + ": " + e.getMessage());
        }
    }
}
