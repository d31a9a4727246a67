package io.plumbline.alerts.lifecycle;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The alerts firing for one key (one model version), by fingerprint: all the lifecycle state
 * that outlives a window.
 *
 * <p>No {@code for} and no hysteresis yet: an alert fires on the first window where its
 * condition holds and resolves on the first where it does not.
 */
public final class AlertBook {

    private static final int MAGIC = 0x504c4142; // "PLAB"
    private static final int FORMAT_VERSION = 1;

    private final Map<String, Long> firingSince = new HashMap<>();

    /**
     * Records one window's verdict for one alert.
     *
     * @param windowStart event time at which the window began; a firing alert starts there
     */
    public AlertChange observe(String fingerprint, boolean holds, long windowStart) {
        Long since = firingSince.get(fingerprint);
        if (holds && since == null) {
            firingSince.put(fingerprint, windowStart);
            return new AlertChange(AlertChange.Kind.FIRED, windowStart);
        }
        if (!holds && since != null) {
            firingSince.remove(fingerprint);
            return new AlertChange(AlertChange.Kind.RESOLVED, since);
        }
        return AlertChange.UNCHANGED;
    }

    public boolean isFiring(String fingerprint) {
        return firingSince.containsKey(fingerprint);
    }

    public int firingCount() {
        return firingSince.size();
    }

    /** Versioned binary form for Flink state: magic, format version, then (fingerprint, since) pairs. */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + firingSince.size() * 26);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeByte(FORMAT_VERSION);
            out.writeInt(firingSince.size());
            for (Map.Entry<String, Long> e : firingSince.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeLong(e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static AlertBook fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int magic = in.readInt();
            if (magic != MAGIC) {
                throw new IllegalArgumentException(String.format(
                        "not an alert book: magic 0x%08x, expected 0x%08x (\"PLAB\")", magic, MAGIC));
            }
            int version = in.readUnsignedByte();
            if (version != FORMAT_VERSION) {
                throw new IllegalArgumentException("alert book format version " + version
                        + " is not supported; this build reads version " + FORMAT_VERSION);
            }
            AlertBook book = new AlertBook();
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                book.firingSince.put(in.readUTF(), in.readLong());
            }
            return book;
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated alert book: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AlertBook other && firingSince.equals(other.firingSince);
    }

    @Override
    public int hashCode() {
        return firingSince.hashCode();
    }

    @Override
    public String toString() {
        return "AlertBook" + firingSince;
    }
}
