package io.plumbline.jobs.state;

import java.io.IOException;
import java.util.Objects;

import io.plumbline.jobs.kafka.DecodedRecord;
import io.plumbline.jobs.kafka.RawRecord;
import org.apache.flink.api.common.typeutils.CompositeTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A source's output, for any kind of event: the raw record, then the event (by the event's own
 * serializer) and its time, or the rejection. The source is chained to the dead-letter router,
 * which it reaches uncopied with object reuse on; the serializer exists so that the stream has one
 * that is not Kryo.
 *
 * @param <E> the decoded event
 */
public final class DecodedRecordSerializer<E> extends TypeSerializer<DecodedRecord<E>> {

    private static final long serialVersionUID = 1L;

    private static final byte ACCEPTED = 0;
    private static final byte REJECTED = 1;

    private final TypeSerializer<E> events;

    public DecodedRecordSerializer(TypeSerializer<E> events) {
        this.events = Objects.requireNonNull(events, "events");
    }

    @Override
    public boolean isImmutableType() {
        return false; // the event inside may be mutable
    }

    @Override
    public TypeSerializer<DecodedRecord<E>> duplicate() {
        TypeSerializer<E> duplicate = events.duplicate();
        return duplicate == events ? this : new DecodedRecordSerializer<>(duplicate);
    }

    @Override
    public DecodedRecord<E> createInstance() {
        return null;
    }

    @Override
    public DecodedRecord<E> copy(DecodedRecord<E> from) {
        return from.isAccepted()
                ? DecodedRecord.accepted(from.raw(), events.copy(from.event()), from.eventTimeMillis())
                : from;
    }

    @Override
    public DecodedRecord<E> copy(DecodedRecord<E> from, DecodedRecord<E> reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(DecodedRecord<E> r, DataOutputView out) throws IOException {
        RawRecordFormat.write(r.raw(), out);
        if (r.isAccepted()) {
            out.writeByte(ACCEPTED);
            out.writeLong(r.eventTimeMillis());
            events.serialize(r.event(), out);
        } else {
            out.writeByte(REJECTED);
            RawRecordFormat.writeReason(r.rejection().reason(), out);
            Wire.writeString(r.rejection().detail(), out);
        }
    }

    @Override
    public DecodedRecord<E> deserialize(DataInputView in) throws IOException {
        RawRecord raw = RawRecordFormat.read(in);
        byte tag = in.readByte();
        return switch (tag) {
            case ACCEPTED -> {
                long eventTime = in.readLong();
                yield DecodedRecord.accepted(raw, events.deserialize(in), eventTime);
            }
            case REJECTED -> DecodedRecord.rejected(raw, RawRecordFormat.readReason(in), Wire.readString(in));
            default -> throw new IOException("corrupt decoded record tag " + tag);
        };
    }

    @Override
    public DecodedRecord<E> deserialize(DecodedRecord<E> reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DecodedRecordSerializer<?> other && events.equals(other.events);
    }

    @Override
    public int hashCode() {
        return DecodedRecordSerializer.class.hashCode() * 31 + events.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<DecodedRecord<E>> snapshotConfiguration() {
        return new Snapshot<>(this);
    }

    /**
     * Version 1: the event's serializer is nested, so a change of the event's format is resolved by
     * the event's own snapshot.
     */
    public static final class Snapshot<E>
            extends CompositeTypeSerializerSnapshot<DecodedRecord<E>, DecodedRecordSerializer<E>> {

        private static final int VERSION = 1;

        /** For reading a snapshot back. */
        public Snapshot() {
        }

        Snapshot(DecodedRecordSerializer<E> serializer) {
            super(serializer);
        }

        @Override
        protected int getCurrentOuterSnapshotVersion() {
            return VERSION;
        }

        @Override
        protected TypeSerializer<?>[] getNestedSerializers(DecodedRecordSerializer<E> outer) {
            return new TypeSerializer<?>[] {outer.events};
        }

        @Override
        @SuppressWarnings("unchecked")
        protected DecodedRecordSerializer<E> createOuterSerializerWithNestedSerializers(TypeSerializer<?>[] nested) {
            return new DecodedRecordSerializer<>((TypeSerializer<E>) nested[0]);
        }
    }
}
