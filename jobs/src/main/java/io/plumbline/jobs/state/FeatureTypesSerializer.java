package io.plumbline.jobs.state;

import io.plumbline.detectors.format.ProfileFormat;
import io.plumbline.detectors.sketch.FeatureTypes;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/** The fixed feature types of one (model, version) in keyed state, in detectors' ProfileFormat. */
public final class FeatureTypesSerializer extends FormatSerializer<FeatureTypes> {

    public static final FeatureTypesSerializer INSTANCE = new FeatureTypesSerializer();

    @Override
    byte[] write(FeatureTypes value) {
        return ProfileFormat.writeTypes(value);
    }

    @Override
    FeatureTypes read(byte[] bytes) {
        return ProfileFormat.readTypes(bytes);
    }

    @Override
    public FeatureTypes createInstance() {
        return new FeatureTypes();
    }

    @Override
    public TypeSerializerSnapshot<FeatureTypes> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The bytes carry their own format version, so the serializer itself needs none. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<FeatureTypes> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
