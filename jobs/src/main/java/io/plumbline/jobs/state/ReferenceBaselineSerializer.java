package io.plumbline.jobs.state;

import io.plumbline.detectors.baseline.ReferenceBaseline;
import io.plumbline.detectors.format.ReferenceBaselineFormat;
import io.plumbline.detectors.sketch.FeatureTypes;
import io.plumbline.detectors.sketch.ModelProfile;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/** A reference baseline on its way to the drift stage, in detectors' ReferenceBaselineFormat (as on the topic). */
public final class ReferenceBaselineSerializer extends FormatSerializer<ReferenceBaseline> {

    public static final ReferenceBaselineSerializer INSTANCE = new ReferenceBaselineSerializer();

    @Override
    byte[] write(ReferenceBaseline value) {
        return ReferenceBaselineFormat.write(value);
    }

    @Override
    ReferenceBaseline read(byte[] bytes) {
        return ReferenceBaselineFormat.read(bytes);
    }

    @Override
    public ReferenceBaseline createInstance() {
        return new ReferenceBaseline("", "", 0, "", new ModelProfile(), new FeatureTypes());
    }

    @Override
    public TypeSerializerSnapshot<ReferenceBaseline> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The bytes carry their own format version, so the serializer itself needs none. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<ReferenceBaseline> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
