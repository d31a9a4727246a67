package io.plumbline.detectors.format;

import io.plumbline.detectors.sketch.CategoricalSketch;
import io.plumbline.detectors.sketch.DistinctSample;
import io.plumbline.detectors.sketch.FeatureSketch;
import io.plumbline.detectors.sketch.FeatureType;
import io.plumbline.detectors.sketch.FeatureTypes;
import io.plumbline.detectors.sketch.ModelProfile;
import io.plumbline.detectors.sketch.NumericSketch;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.Supplier;

/**
 * Binary formats of a {@link ModelProfile} and of {@link FeatureTypes}: a {@link FormatHeader} (4 magic
 * bytes, a format version byte), then the payload. A changed payload is a new version; readers keep
 * reading the old ones, and golden files pin every version. Profiles are at version 4, feature types at version 2:
 *
 * <pre>
 * profile    = "PLMP" 0x04 events:varint
 *              featureCount:varint (name:string sketch)*   -- sorted by name
 *              untypedCount:varint (name:string missing:varint)*   -- sorted by name
 *              prediction:optionalSketch untypedPredictionMissing:varint
 * optionalSketch = 0x00 | 0x01 numeric | 0x02 categorical
 * sketch     = 0x01 numeric | 0x02 categorical
 * numeric    = count:varint missing:varint typeMismatches:varint
 *              [min:f64 max:f64 mean:f64 m2:f64]   -- only when count > 0
 *              (0x00 value:f64{count}                 -- every value, sorted
 *              | 0x01 massCount:varint (value:f64 count:varint)*  centroidCount:varint (mean:f64 weight:varint)*
 *                     extremeCount:varint value:f64*)   -- the values kept exactly beside a digest, sorted
 * categorical = maxDistinct:varint missing:varint typeMismatches:varint other:varint
 *              categoryCount:varint (name:string count:varint uncounted:varint)*   -- sorted by name
 *              (0x00                                     -- no sample: other is 0, or the sample is unknown
 *              | 0x01 capacity:varint size:varint (hash:i64 count:varint)*)   -- the distinct sample, ascending
 * types      = "PLMT" 0x01|0x02 maxFeatures:varint droppedFeatureValues:varint predictionType:u8
 *              featureCount:varint (name:string type:u8)*   -- sorted by name; type 0 none, 1 numeric, 2 categorical
 *              [flags:u8]   -- version 2 only: bit 0 authoritative (a published reference's features, no others)
 * varint     = unsigned LEB128;  f64 = IEEE 754 big-endian;  i64 = two's complement big-endian;
 * string     = byteLength:varint UTF-8
 * </pre>
 *
 * A categorical sketch past its K carries its {@link DistinctSample}: the k smallest category hashes
 * ({@code CategoryHash}: defined over the UTF-8 bytes, so it must never change) with their counts. While
 * other is 0 the names are every category and the sample is derived from them on reading.
 *
 * <p>Profile version 3 is version 4 without {@code uncounted}: it was written while a sketch past K kept
 * the first K categories it saw, each named from its first value, and reads with every name's uncounted
 * count 0. Version 2 is version 3 without the sample part: a categorical sketch past K reads with its
 * sample unknown (so new categories past K are not judged, as before samples), one within K derives it.
 * Version 1 is version 2 without {@code extremeCount} and its values: it was written before sketches
 * kept their smallest and largest values beside the digest, and reads as a sketch holding none.
 *
 * A digest is written as its centroids and rebuilt with our sizing, never through t-digest's own
 * {@code asBytes}/{@code fromBytes}, which rebuild with default buffers (twice the heap) and a doubled
 * inner compression. Reading checks everything and throws IllegalArgumentException naming the fault.
 */
public final class ProfileFormat {
    /** The version profiles are written in. */
    public static final int VERSION = 4;
    private static final int VERSION_WITHOUT_EXTREMES = 1;
    private static final int VERSION_WITHOUT_SAMPLES = 2;
    private static final int VERSION_WITHOUT_UNCOUNTED = 3;
    /**
     * Feature types are written at the lowest version that holds them, so bytes that need no newer part never
     * changed: version 1 without flags, 2 with, 3 with the evidence counted since the last rebalance.
     */
    private static final int TYPES_VERSION = 3;
    private static final int TYPES_VERSION_WITHOUT_EVIDENCE = 2;
    private static final int TYPES_VERSION_WITHOUT_FLAGS = 1;
    private static final int AUTHORITATIVE = 1;
    private static final int EVIDENCE = 2;

    private static final int NONE = 0;
    private static final int NUMERIC = 1;
    private static final int CATEGORICAL = 2;
    private static final int EXACT_VALUES = 0;
    private static final int COUNTED = 1;
    private static final int NO_SAMPLE = 0;
    private static final int SAMPLE = 1;

    private ProfileFormat() {
    }

    public static byte[] write(ModelProfile profile) {
        BinaryWriter out = FormatHeader.writer(FormatTag.MODEL_PROFILE, VERSION);
        out.varLong(profile.events());
        SortedMap<String, FeatureSketch> features = profile.features();
        out.varLong(features.size());
        for (Map.Entry<String, FeatureSketch> e : features.entrySet()) {
            out.string(e.getKey());
            writeSketch(out, e.getValue());
        }
        SortedMap<String, Long> untyped = profile.untypedMissing();
        out.varLong(untyped.size());
        for (Map.Entry<String, Long> e : untyped.entrySet()) {
            out.string(e.getKey());
            out.varLong(e.getValue());
        }
        if (profile.prediction() == null) {
            out.u8(NONE);
        } else {
            writeSketch(out, profile.prediction());
        }
        out.varLong(profile.untypedPredictionMissing());
        return out.toByteArray();
    }

    public static ModelProfile read(byte[] bytes) {
        BinaryReader in = new BinaryReader(bytes, FormatTag.MODEL_PROFILE);
        int version = FormatHeader.read(in, VERSION_WITHOUT_EXTREMES, VERSION);
        long events = in.varLong();
        int featureCount = in.count(2);
        Map<String, FeatureSketch> features = new LinkedHashMap<>();
        for (int i = 0; i < featureCount; i++) {
            String name = in.string();
            int tagOffset = in.position();
            if (features.put(name, readSketch(in, version, in.u8(), tagOffset, "feature '" + name + "'")) != null) {
                throw in.fault("feature '" + name + "' appears twice");
            }
        }
        int untypedCount = in.count(2);
        Map<String, Long> untyped = new HashMap<>();
        for (int i = 0; i < untypedCount; i++) {
            untyped.put(in.string(), in.varLong());
        }
        int predictionOffset = in.position();
        int predictionTag = in.u8();
        FeatureSketch prediction = predictionTag == NONE ? null
                : readSketch(in, version, predictionTag, predictionOffset, "prediction");
        long untypedPredictionMissing = in.varLong();
        in.expectEnd();
        try {
            return ModelProfile.of(events, features, prediction, untyped, untypedPredictionMissing);
        } catch (IllegalArgumentException e) {
            throw in.fault(e.getMessage());
        }
    }

    public static byte[] writeTypes(FeatureTypes types) {
        return writeTypes(types, types.eventsSinceRebalance() > 0 || types.droppedSinceRebalance() > 0
                || !types.candidates().isEmpty());
    }

    /**
     * @param evidence whether to keep what was counted since the last rebalance: not for a reference baseline's
     *     types, which are fixed once published
     */
    static byte[] writeTypes(FeatureTypes types, boolean evidence) {
        int flags = (types.isAuthoritative() ? AUTHORITATIVE : 0) | (evidence ? EVIDENCE : 0);
        int version = evidence ? TYPES_VERSION : flags != 0 ? TYPES_VERSION_WITHOUT_EVIDENCE : TYPES_VERSION_WITHOUT_FLAGS;
        BinaryWriter out = FormatHeader.writer(FormatTag.FEATURE_TYPES, version);
        out.varLong(types.maxFeatures());
        out.varLong(types.droppedFeatureValues());
        out.u8(typeCode(types.predictionType()));
        SortedMap<String, FeatureType> all = types.types();
        out.varLong(all.size());
        for (Map.Entry<String, FeatureType> e : all.entrySet()) {
            out.string(e.getKey());
            out.u8(typeCode(e.getValue()));
        }
        if (flags != 0) {
            out.u8(flags);
        }
        if (evidence) {
            out.varLong(types.eventsSinceRebalance());
            out.varLong(types.droppedSinceRebalance());
            SortedMap<String, FeatureTypes.Candidate> candidates = types.candidates();
            out.varLong(candidates.size());
            for (Map.Entry<String, FeatureTypes.Candidate> e : candidates.entrySet()) {
                out.string(e.getKey());
                out.u8(typeCode(e.getValue().type()));
                out.varLong(e.getValue().events());
            }
        }
        return out.toByteArray();
    }

    public static FeatureTypes readTypes(byte[] bytes) {
        BinaryReader in = new BinaryReader(bytes, FormatTag.FEATURE_TYPES);
        int version = FormatHeader.read(in, TYPES_VERSION_WITHOUT_FLAGS, TYPES_VERSION);
        long maxFeatures = in.varLong();
        if (maxFeatures > Integer.MAX_VALUE) {
            throw in.fault("feature limit " + maxFeatures + " exceeds " + Integer.MAX_VALUE);
        }
        long dropped = in.varLong();
        FeatureType predictionType = typeOf(in, in.u8(), true);
        int count = in.count(2);
        Map<String, FeatureType> types = new HashMap<>();
        for (int i = 0; i < count; i++) {
            String name = in.string();
            if (types.put(name, typeOf(in, in.u8(), false)) != null) {
                throw in.fault("feature '" + name + "' appears twice");
            }
        }
        int flags = version == TYPES_VERSION_WITHOUT_FLAGS ? 0 : in.u8();
        int known = version == TYPES_VERSION ? AUTHORITATIVE | EVIDENCE : AUTHORITATIVE;
        if ((flags & ~known) != 0) {
            throw in.fault("unknown feature-types flags " + Integer.toBinaryString(flags));
        }
        long events = 0;
        long droppedSince = 0;
        Map<String, FeatureTypes.Candidate> candidates = new HashMap<>();
        if ((flags & EVIDENCE) != 0) {
            events = in.varLong();
            droppedSince = in.varLong();
            int candidateCount = in.count(3);
            for (int i = 0; i < candidateCount; i++) {
                String name = in.string();
                FeatureTypes.Candidate candidate = new FeatureTypes.Candidate(typeOf(in, in.u8(), false), in.varLong());
                if (candidates.put(name, candidate) != null) {
                    throw in.fault("candidate '" + name + "' appears twice");
                }
            }
        }
        in.expectEnd();
        FeatureTypes read;
        try {
            read = FeatureTypes.of((int) maxFeatures, types, predictionType, dropped);
            if ((flags & AUTHORITATIVE) != 0) {
                read.makeAuthoritative();
            }
            read.restoreEvidence(events, droppedSince, candidates);
        } catch (IllegalArgumentException e) {
            throw in.fault(e.getMessage());
        }
        return read;
    }

    private static void writeSketch(BinaryWriter out, FeatureSketch sketch) {
        if (sketch instanceof NumericSketch numeric) {
            out.u8(NUMERIC);
            writeNumeric(out, numeric.state());
        } else {
            out.u8(CATEGORICAL);
            writeCategorical(out, (CategoricalSketch) sketch);
        }
    }

    private static void writeNumeric(BinaryWriter out, NumericSketch.State s) {
        out.varLong(s.count());
        out.varLong(s.missing());
        out.varLong(s.typeMismatches());
        if (s.count() > 0) {
            out.float64(s.min());
            out.float64(s.max());
            out.float64(s.mean());
            out.float64(s.m2());
        }
        if (s.exactValues() != null) {
            out.u8(EXACT_VALUES);
            for (double v : s.exactValues()) {
                out.float64(v);
            }
            return;
        }
        out.u8(COUNTED);
        out.varLong(s.massValues().length);
        for (int i = 0; i < s.massValues().length; i++) {
            out.float64(s.massValues()[i]);
            out.varLong(s.massCounts()[i]);
        }
        out.varLong(s.centroidMeans().length);
        for (int i = 0; i < s.centroidMeans().length; i++) {
            out.float64(s.centroidMeans()[i]);
            out.varLong(s.centroidWeights()[i]);
        }
        out.varLong(s.extremeValues().length);
        for (double v : s.extremeValues()) {
            out.float64(v);
        }
    }

    private static void writeCategorical(BinaryWriter out, CategoricalSketch sketch) {
        out.varLong(sketch.maxDistinct());
        out.varLong(sketch.missing());
        out.varLong(sketch.typeMismatches());
        out.varLong(sketch.otherCount());
        SortedMap<String, Long> counts = sketch.counts();
        out.varLong(counts.size());
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            out.string(e.getKey());
            out.varLong(e.getValue());
            out.varLong(sketch.uncounted(e.getKey()));
        }
        DistinctSample sample = sketch.otherCount() == 0 ? null : sketch.distinctSample();
        if (sample == null) {
            out.u8(NO_SAMPLE);
            return;
        }
        out.u8(SAMPLE);
        out.varLong(sample.capacity());
        out.varLong(sample.size());
        for (int i = 0; i < sample.size(); i++) {
            out.int64(sample.hash(i));
            out.varLong(sample.count(i));
        }
    }

    /** Reads a sketch of a profile of {@code version} after its tag byte, which was at {@code tagOffset}. */
    private static FeatureSketch readSketch(BinaryReader in, int version, int tag, int tagOffset, String what) {
        return switch (tag) {
            case NUMERIC -> readNumeric(in, version, what);
            case CATEGORICAL -> readCategorical(in, version, what);
            default -> throw in.fault("unknown sketch type " + tag + " for " + what + " at offset " + tagOffset);
        };
    }

    /** Rebuilds a sketch or sample from parts read, naming the feature if they break its invariants. */
    private static <S> S rebuild(BinaryReader in, String what, Supplier<S> rebuild) {
        try {
            return rebuild.get();
        } catch (IllegalArgumentException e) {
            throw in.fault(what + ": " + e.getMessage());
        }
    }

    private static NumericSketch readNumeric(BinaryReader in, int version, String what) {
        long count = in.varLong();
        long missing = in.varLong();
        long mismatches = in.varLong();
        double min = Double.NaN;
        double max = Double.NaN;
        double mean = Double.NaN;
        double m2 = 0;
        if (count > 0) {
            min = in.float64();
            max = in.float64();
            mean = in.float64();
            m2 = in.float64();
        }
        int form = in.u8();
        if (form == EXACT_VALUES) {
            if (count > in.remaining() / 8) {
                throw in.fault(count + " exact values cannot fit the " + in.remaining() + " bytes left");
            }
            double[] values = new double[(int) count];
            for (int i = 0; i < values.length; i++) {
                values[i] = in.float64();
            }
            NumericSketch.State state = new NumericSketch.State(count, missing, mismatches, min, max, mean, m2,
                    values, new double[0], new long[0], new double[0], new long[0]);
            return rebuild(in, what, () -> NumericSketch.of(state));
        }
        if (form != COUNTED) {
            throw in.fault("unknown numeric sketch form " + form + " at offset " + (in.position() - 1));
        }
        int masses = in.count(9);
        double[] massValues = new double[masses];
        long[] massCounts = new long[masses];
        for (int i = 0; i < masses; i++) {
            massValues[i] = in.float64();
            massCounts[i] = in.varLong();
        }
        int centroids = in.count(9);
        double[] means = new double[centroids];
        long[] weights = new long[centroids];
        for (int i = 0; i < centroids; i++) {
            means[i] = in.float64();
            weights[i] = in.varLong();
        }
        double[] extremes = new double[version == VERSION_WITHOUT_EXTREMES ? 0 : in.count(8)];
        for (int i = 0; i < extremes.length; i++) {
            extremes[i] = in.float64();
        }
        NumericSketch.State state = new NumericSketch.State(count, missing, mismatches, min, max, mean, m2,
                null, massValues, massCounts, means, weights, extremes);
        return rebuild(in, what, () -> NumericSketch.of(state));
    }

    private static CategoricalSketch readCategorical(BinaryReader in, int version, String what) {
        long maxDistinct = in.varLong();
        if (maxDistinct < 1 || maxDistinct > Integer.MAX_VALUE) {
            throw in.fault("category limit " + maxDistinct + " is out of range");
        }
        long missing = in.varLong();
        long mismatches = in.varLong();
        long other = in.varLong();
        int count = in.count(2);
        Map<String, Long> counts = new HashMap<>();
        Map<String, Long> uncounted = new HashMap<>();
        for (int i = 0; i < count; i++) {
            String name = in.string();
            if (counts.put(name, in.varLong()) != null) {
                throw in.fault("category '" + name + "' appears twice");
            }
            long before = version <= VERSION_WITHOUT_UNCOUNTED ? 0 : in.varLong();
            if (before > 0) {
                uncounted.put(name, before);
            }
        }
        DistinctSample sample = version <= VERSION_WITHOUT_SAMPLES ? null : readSample(in, what);
        return rebuild(in, what, () -> CategoricalSketch.of((int) maxDistinct, counts, uncounted, other, missing,
                mismatches, sample));
    }

    private static DistinctSample readSample(BinaryReader in, String what) {
        int form = in.u8();
        if (form == NO_SAMPLE) {
            return null;
        }
        if (form != SAMPLE) {
            throw in.fault("unknown distinct sample form " + form + " for " + what + " at offset " + (in.position() - 1));
        }
        long capacity = in.varLong();
        if (capacity < 1 || capacity > DistinctSample.CAPACITY) {
            throw in.fault("distinct sample capacity " + capacity + " of " + what + " is outside 1 to " + DistinctSample.CAPACITY);
        }
        int size = in.count(9);
        long[] hashes = new long[size];
        long[] counts = new long[size];
        for (int i = 0; i < size; i++) {
            hashes[i] = in.int64();
            counts[i] = in.varLong();
        }
        return rebuild(in, what, () -> DistinctSample.of((int) capacity, hashes, counts));
    }

    private static int typeCode(FeatureType type) {
        if (type == null) {
            return NONE;
        }
        return type == FeatureType.NUMERIC ? NUMERIC : CATEGORICAL;
    }

    private static FeatureType typeOf(BinaryReader in, int code, boolean noneAllowed) {
        return switch (code) {
            case NUMERIC -> FeatureType.NUMERIC;
            case CATEGORICAL -> FeatureType.CATEGORICAL;
            case NONE -> {
                if (noneAllowed) {
                    yield null;
                }
                throw in.fault("a feature without a type at offset " + (in.position() - 1));
            }
            default -> throw in.fault("unknown feature type code " + code + " at offset " + (in.position() - 1));
        };
    }
}
