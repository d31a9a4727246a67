package io.plumbline.jobs.kafka;

import java.io.Serializable;
import java.util.Arrays;

import io.plumbline.monitor.config.PlumblineConfig.Limits;

/**
 * How large an input record may be ({@code limits.max-record-bytes}, key and value together), and how a dead
 * letter is cut to fit. The limit sits below the dead-letter producer's {@code max.request.size} with room
 * for the headers, so that every dead letter can be written: a record the producer refuses fails the sink,
 * and with it the job, on every replay of that record.
 *
 * <p>A record over the limit is not decoded at all (a flood of them costs no parsing) and is dead-lettered
 * as {@code too_large} with its first bytes: the key's first {@value #KEY_BYTES_KEPT}, the value's first
 * {@code maxRecordBytes} minus those; the header {@code plumbline.original-size} keeps its whole size.
 */
public final class RecordSizeLimit implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The most of a key a truncated dead letter keeps: keys are ids, which take at most this many bytes. */
    public static final int KEY_BYTES_KEPT = 256;

    private final int maxRecordBytes;

    public RecordSizeLimit(long maxRecordBytes) {
        if (maxRecordBytes < Limits.MIN_RECORD_BYTES || maxRecordBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("limits.max-record-bytes must be between " + Limits.MIN_RECORD_BYTES
                    + " and "
                    + Integer.MAX_VALUE + ", got " + maxRecordBytes);
        }
        this.maxRecordBytes = (int) maxRecordBytes;
    }

    public int maxRecordBytes() {
        return maxRecordBytes;
    }

    /** The bytes of a record's key and value together. */
    public static long size(byte[] key, byte[] value) {
        return (key == null ? 0L : key.length) + (value == null ? 0L : value.length);
    }

    public boolean exceededBy(byte[] key, byte[] value) {
        return size(key, value) > maxRecordBytes;
    }

    /** Why a record is refused, naming its size, the limit and the key that sets it; not what is kept of it. */
    public String tooLargeDetail(byte[] key, byte[] value) {
        return "the record is " + size(key, value) + " bytes (key " + (key == null ? 0 : key.length) + ", value "
                + (value == null ? 0 : value.length) + "), more than limits.max-record-bytes " + maxRecordBytes;
    }

    /** The key a dead letter keeps: all of it, or its first {@value #KEY_BYTES_KEPT} bytes when the record is too large. */
    public byte[] keptKey(byte[] key, byte[] value) {
        if (key == null || !exceededBy(key, value)) {
            return key;
        }
        return key.length <= KEY_BYTES_KEPT ? key : Arrays.copyOf(key, KEY_BYTES_KEPT);
    }

    /** The value a dead letter keeps: all of it, or as much as fits beside the kept key when the record is too large. */
    public byte[] keptValue(byte[] key, byte[] value) {
        if (value == null || !exceededBy(key, value)) {
            return value;
        }
        byte[] kept = keptKey(key, value);
        int room = maxRecordBytes - (kept == null ? 0 : kept.length);
        return value.length <= room ? value : Arrays.copyOf(value, room);
    }
}
