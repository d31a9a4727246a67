package io.plumbline.jobs.state;

import io.plumbline.detectors.format.ProfileFormat;
import io.plumbline.detectors.sketch.ModelProfile;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/** A window's or a baseline's profile in keyed state, in detectors' ProfileFormat. */
public final class ModelProfileSerializer extends FormatSerializer<ModelProfile> {

    public static final ModelProfileSerializer INSTANCE = new ModelProfileSerializer();

    @Override
    byte[] write(ModelProfile value) {
        return ProfileFormat.write(value);
    }

    @Override
    ModelProfile read(byte[] bytes) {
        return ProfileFormat.read(bytes);
    }

    @Override
    public ModelProfile createInstance() {
        return new ModelProfile();
    }

    @Override
    public TypeSerializerSnapshot<ModelProfile> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The bytes carry their own format version, so the serializer itself needs none. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<ModelProfile> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
