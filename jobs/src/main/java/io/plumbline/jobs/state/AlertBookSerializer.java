package io.plumbline.jobs.state;

import io.plumbline.alerts.lifecycle.AlertBook;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/** The firing alerts of one (model, version) in keyed state, in alerts' own binary format. */
public final class AlertBookSerializer extends FormatSerializer<AlertBook> {

    public static final AlertBookSerializer INSTANCE = new AlertBookSerializer();

    @Override
    byte[] write(AlertBook value) {
        return value.toBytes();
    }

    @Override
    AlertBook read(byte[] bytes) {
        return AlertBook.fromBytes(bytes);
    }

    @Override
    public AlertBook createInstance() {
        return new AlertBook();
    }

    @Override
    public TypeSerializerSnapshot<AlertBook> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The bytes carry their own format version, so the serializer itself needs none. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<AlertBook> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
