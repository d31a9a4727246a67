package io.plumbline.jobs.state;

import io.plumbline.detectors.format.LlmProfileFormat;
import io.plumbline.detectors.llm.RouteProfile;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/** An LLM route's window profile in keyed state, in detectors' LlmProfileFormat. */
public final class RouteProfileSerializer extends FormatSerializer<RouteProfile> {

    public static final RouteProfileSerializer INSTANCE = new RouteProfileSerializer();

    @Override
    byte[] write(RouteProfile value) {
        return LlmProfileFormat.write(value);
    }

    @Override
    RouteProfile read(byte[] bytes) {
        return LlmProfileFormat.readRouteProfile(bytes);
    }

    @Override
    public RouteProfile createInstance() {
        return new RouteProfile();
    }

    @Override
    public TypeSerializerSnapshot<RouteProfile> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The bytes carry their own format version, so the serializer itself needs none. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<RouteProfile> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
