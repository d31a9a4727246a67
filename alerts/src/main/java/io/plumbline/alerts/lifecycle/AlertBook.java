package io.plumbline.alerts.lifecycle;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The alerts firing for one key (one model version), by fingerprint, each with its labels: all the
 * lifecycle state that outlives a window. With the labels, whoever clears the key can resolve every
 * alert it has firing from the book alone ({@link #firingLabels}).
 *
 * <p>No {@code for} and no hysteresis yet: an alert fires on the first window where its
 * condition holds and resolves on the first where it does not.
 */
public final class AlertBook {

    private static final int MAGIC = 0x504c4142; // "PLAB"
    /** Version 1 kept no labels; an alert it holds has none ({@link Firing#labels} null). */
    private static final int FORMAT_VERSION = 2;
    private static final int UNLABELLED_VERSION = 1;

    /**
     * One firing alert.
     *
     * @param labels null for an alert read from a book of format version 1
     */
    private record Firing(long since, Map<String, String> labels) {
    }

    private final Map<String, Firing> firing = new HashMap<>();

    /**
     * Records one window's verdict for the alert of these labels.
     *
     * @param windowStart event time at which the window began; a firing alert starts there
     */
    public AlertChange observe(Map<String, String> labels, boolean holds, long windowStart) {
        String fingerprint = Fingerprint.of(labels);
        Firing since = firing.get(fingerprint);
        if (holds && since == null) {
            firing.put(fingerprint, new Firing(windowStart, copy(labels)));
            return new AlertChange(AlertChange.Kind.FIRED, windowStart);
        }
        if (!holds && since != null) {
            firing.remove(fingerprint);
            return new AlertChange(AlertChange.Kind.RESOLVED, since.since());
        }
        if (holds && since.labels() == null) {
            // Fired while the book kept no labels: it learns them the first time it is judged again.
            firing.put(fingerprint, new Firing(since.since(), copy(labels)));
        }
        return AlertChange.UNCHANGED;
    }

    private static Map<String, String> copy(Map<String, String> labels) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }

    public boolean isFiring(String fingerprint) {
        return firing.containsKey(fingerprint);
    }

    public int firingCount() {
        return firing.size();
    }

    /**
     * The labels of each alert firing, by fingerprint. An alert that fired while the book kept no labels
     * (read from format version 1) is not among them: only its fingerprint is known.
     */
    public List<Map<String, String>> firingLabels() {
        List<Map<String, String>> labels = new ArrayList<>(firing.size());
        for (Firing alert : new TreeMap<>(firing).values()) {
            if (alert.labels() != null) {
                labels.add(alert.labels());
            }
        }
        return labels;
    }

    /**
     * Versioned binary form for Flink state: magic, format version, then per alert, by fingerprint, the
     * time it fired since and its labels as (name, value) pairs; its fingerprint is theirs.
     */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + firing.size() * 128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeByte(FORMAT_VERSION);
            out.writeInt(firing.size());
            for (Map.Entry<String, Firing> e : new TreeMap<>(firing).entrySet()) {
                Map<String, String> labels = e.getValue().labels();
                out.writeLong(e.getValue().since());
                if (labels == null) {
                    // Read from version 1 and still firing: the fingerprint stands in for the labels.
                    out.writeInt(-1);
                    out.writeUTF(e.getKey());
                    continue;
                }
                out.writeInt(labels.size());
                for (Map.Entry<String, String> label : labels.entrySet()) {
                    out.writeUTF(label.getKey());
                    out.writeUTF(label.getValue());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Reads format versions 1 and 2; throws IllegalArgumentException, naming the fault, for other bytes. */
    public static AlertBook fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int magic = in.readInt();
            if (magic != MAGIC) {
                throw new IllegalArgumentException(String.format(
                        "not an alert book: magic 0x%08x, expected 0x%08x (\"PLAB\")", magic, MAGIC));
            }
            int version = in.readUnsignedByte();
            if (version != FORMAT_VERSION && version != UNLABELLED_VERSION) {
                throw new IllegalArgumentException("alert book format version " + version
                        + " is not supported; this build reads versions " + UNLABELLED_VERSION + " to "
                        + FORMAT_VERSION);
            }
            AlertBook book = new AlertBook();
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                if (version == UNLABELLED_VERSION) {
                    String fingerprint = in.readUTF();
                    book.firing.put(fingerprint, new Firing(in.readLong(), null));
                } else {
                    book.readLabelled(in);
                }
            }
            if (in.read() != -1) {
                throw new IllegalArgumentException("invalid alert book: bytes after its end");
            }
            return book;
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated alert book: " + e.getMessage(), e);
        }
    }

    private void readLabelled(DataInputStream in) throws IOException {
        long since = in.readLong();
        int count = in.readInt();
        if (count == -1) {
            firing.put(in.readUTF(), new Firing(since, null));
            return;
        }
        if (count < 0) {
            throw new IllegalArgumentException("invalid alert book: an alert of " + count + " labels");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            labels.put(in.readUTF(), in.readUTF());
        }
        firing.put(Fingerprint.of(labels), new Firing(since, copy(labels)));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AlertBook other && firing.equals(other.firing);
    }

    @Override
    public int hashCode() {
        return firing.hashCode();
    }

    @Override
    public String toString() {
        return "AlertBook" + new TreeMap<>(firing);
    }
}
