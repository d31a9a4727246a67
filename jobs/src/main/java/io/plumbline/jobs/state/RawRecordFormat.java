package io.plumbline.jobs.state;

import java.io.IOException;

import io.plumbline.jobs.kafka.RawRecord;
import io.plumbline.schemas.validation.RejectReason;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** The parts of {@link RawRecord} and rejections that several serializers write. */
final class RawRecordFormat {

    private static final RejectReason[] REASONS = RejectReason.values();

    private RawRecordFormat() {
    }

    static void write(RawRecord r, DataOutputView out) throws IOException {
        Wire.writeString(r.topic(), out);
        out.writeInt(r.partition());
        out.writeLong(r.offset());
        Wire.writeBytes(r.key(), out);
        Wire.writeBytes(r.value(), out);
    }

    static RawRecord read(DataInputView in) throws IOException {
        return new RawRecord(Wire.readString(in), in.readInt(), in.readLong(), Wire.readBytes(in),
                Wire.readBytes(in));
    }

    /** By code, not ordinal: a reason added to the enum must not change what old bytes mean. */
    static void writeReason(RejectReason reason, DataOutputView out) throws IOException {
        Wire.writeString(reason.code(), out);
    }

    static RejectReason readReason(DataInputView in) throws IOException {
        String code = Wire.readString(in);
        for (RejectReason r : REASONS) {
            if (r.code().equals(code)) {
                return r;
            }
        }
        throw new IOException("unknown reject reason '" + code + "'");
    }
}
