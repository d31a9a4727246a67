package io.plumbline.detectors.format;

import io.plumbline.detectors.baseline.ReferenceBaseline;

/**
 * The binary form of a {@link ReferenceBaseline}, as published on the baselines topic: magic "PLRB",
 * format version, model id, model version, build time, source, then the profile and the feature
 * types in their own versioned formats, each preceded by its length. Version 4 holds a version 4 profile
 * (categorical sketches that keep the heaviest categories past K), version 3 a version 3 profile
 * (categorical sketches with their distinct samples), version 2 a version 2 profile (sketches with their
 * extremes), version 1 a version 1 profile; all read the same way.
 */
public final class ReferenceBaselineFormat {
    public static final int VERSION = 4;
    private static final int OLDEST_VERSION = 1;

    private ReferenceBaselineFormat() {
    }

    public static byte[] write(ReferenceBaseline baseline) {
        byte[] profile = ProfileFormat.write(baseline.profile());
        byte[] types = ProfileFormat.writeTypes(baseline.types(), false);
        BinaryWriter out = FormatHeader.writer(FormatTag.REFERENCE_BASELINE, VERSION);
        out.string(baseline.modelId());
        out.string(baseline.modelVersion());
        out.varLong(baseline.builtAtMillis());
        out.string(baseline.source());
        out.varLong(profile.length);
        out.bytes(profile);
        out.varLong(types.length);
        out.bytes(types);
        return out.toByteArray();
    }

    public static ReferenceBaseline read(byte[] bytes) {
        BinaryReader in = new BinaryReader(bytes, FormatTag.REFERENCE_BASELINE);
        FormatHeader.read(in, OLDEST_VERSION, VERSION);
        String modelId = in.string();
        String modelVersion = in.string();
        long builtAt = in.varLong();
        String source = in.string();
        byte[] profile = in.bytes(in.count(1));
        byte[] types = in.bytes(in.count(1));
        in.expectEnd();
        return new ReferenceBaseline(modelId, modelVersion, builtAt, source, ProfileFormat.read(profile),
                ProfileFormat.readTypes(types));
    }
}
