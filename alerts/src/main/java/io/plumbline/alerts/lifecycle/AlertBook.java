package io.plumbline.alerts.lifecycle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.plumbline.detectors.format.BinaryReader;
import io.plumbline.detectors.format.BinaryWriter;
import io.plumbline.detectors.format.FormatHeader;
import io.plumbline.detectors.format.FormatTag;

/**
 * The alerts firing for one key (one model version), by fingerprint, each with its labels: all the
 * lifecycle state that outlives a window. With the labels, whoever clears the key can resolve every
 * alert it has firing from the book alone ({@link #firingLabels}).
 *
 * <p>No {@code for} and no hysteresis yet: an alert fires on the first window where its
 * condition holds and resolves on the first where it does not.
 */
public final class AlertBook {

    /** Version 1 kept no labels; an alert it holds has none ({@link Firing#labels} null). */
    private static final int FORMAT_VERSION = 2;
    private static final int UNLABELLED_VERSION = 1;
    /** The label count of an alert kept by its fingerprint alone, as read from version 1. */
    private static final int UNLABELLED = -1;

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
     * Versioned binary form for Flink state: the {@link FormatTag#ALERT_BOOK} header, then per alert, by
     * fingerprint, the time it fired since and its labels as (name, value) pairs; its fingerprint is theirs.
     */
    public byte[] toBytes() {
        BinaryWriter out = FormatHeader.writer(FormatTag.ALERT_BOOK, FORMAT_VERSION);
        out.int32(firing.size());
        for (Map.Entry<String, Firing> e : new TreeMap<>(firing).entrySet()) {
            Map<String, String> labels = e.getValue().labels();
            out.int64(e.getValue().since());
            if (labels == null) {
                // Read from version 1 and still firing: the fingerprint stands in for the labels.
                out.int32(UNLABELLED);
                out.javaUtf(e.getKey());
                continue;
            }
            out.int32(labels.size());
            for (Map.Entry<String, String> label : labels.entrySet()) {
                out.javaUtf(label.getKey());
                out.javaUtf(label.getValue());
            }
        }
        return out.toByteArray();
    }

    /** Reads format versions 1 and 2; throws IllegalArgumentException, naming the fault, for other bytes. */
    public static AlertBook fromBytes(byte[] bytes) {
        BinaryReader in = new BinaryReader(bytes, FormatTag.ALERT_BOOK);
        int version = FormatHeader.read(in, UNLABELLED_VERSION, FORMAT_VERSION);
        AlertBook book = new AlertBook();
        // A version 1 alert is a fingerprint (2 bytes or more) and a time (8); a version 2 one a time and a count.
        int n = in.fixedCount(10);
        for (int i = 0; i < n; i++) {
            if (version == UNLABELLED_VERSION) {
                String fingerprint = in.javaUtf();
                book.firing.put(fingerprint, new Firing(in.int64(), null));
            } else {
                book.readLabelled(in);
            }
        }
        in.expectEnd();
        return book;
    }

    private void readLabelled(BinaryReader in) {
        long since = in.int64();
        int count = in.int32();
        if (count == UNLABELLED) {
            firing.put(in.javaUtf(), new Firing(since, null));
            return;
        }
        if (count < 0 || count > in.remaining() / 4) {
            throw in.fault("an alert of " + count + " labels, in " + in.remaining() + " bytes left");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            labels.put(in.javaUtf(), in.javaUtf());
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
