package io.plumbline.jobs.state;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import io.plumbline.detectors.format.ProfileFormat;
import io.plumbline.detectors.format.Varint;
import io.plumbline.jobs.drift.PanePartial;
import io.plumbline.monitor.drift.PartialProfile;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A pane partial crossing the shuffle to the drift stage; never kept in state, as the combiner that makes
 * them sends every one before a checkpoint barrier. The sketches go in detectors' ProfileFormat, the
 * events' positions as {@link SourcePositionsWire} writes them.
 */
public final class PanePartialSerializer extends ShuffledSerializer<PanePartial> {

    public static final PanePartialSerializer INSTANCE = new PanePartialSerializer();

    @Override
    public void serialize(PanePartial partial, DataOutputView out) throws IOException {
        Wire.writeString(partial.key(), out);
        out.writeLong(partial.paneStart());
        PartialProfile profile = partial.profile();
        Wire.writeBytes(ProfileFormat.write(profile.numbers()), out);
        Wire.writeBytes(ProfileFormat.write(profile.categories()), out);
        Wire.writeBytes(ProfileFormat.writeTypes(profile.firstKinds()), out);
        writeCounts(profile.missing(), out);
        writeCounts(profile.unsupported(), out);
        Varint.write(profile.missingPredictions(), out);
        Varint.write(profile.unsupportedPredictions(), out);
        Varint.write(profile.maxCategories(), out);
        SourcePositionsWire.write(partial.positions(), partial.paneStart(), out);
    }

    @Override
    public PanePartial deserialize(DataInputView in) throws IOException {
        String key = Wire.readString(in);
        long paneStart = in.readLong();
        PartialProfile profile;
        try {
            profile = PartialProfile.of(ProfileFormat.read(Wire.readBytes(in)), ProfileFormat.read(Wire.readBytes(in)),
                    ProfileFormat.readTypes(Wire.readBytes(in)), readCounts(in), readCounts(in), Varint.read(in),
                    Varint.read(in), (int) Varint.read(in));
        } catch (IllegalArgumentException e) {
            throw new IOException("unreadable pane partial of " + key + ": " + e.getMessage(), e);
        }
        return new PanePartial(key, paneStart, profile, SourcePositionsWire.read(paneStart, in));
    }

    private static void writeCounts(Map<String, Long> counts, DataOutputView out) throws IOException {
        Varint.write(counts.size(), out);
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            Wire.writeString(e.getKey(), out);
            Varint.write(e.getValue(), out);
        }
    }

    private static Map<String, Long> readCounts(DataInputView in) throws IOException {
        int n = (int) Varint.read(in);
        Map<String, Long> counts = new HashMap<>();
        for (int i = 0; i < n; i++) {
            counts.put(Wire.readString(in), Varint.read(in));
        }
        return counts;
    }

    @Override
    public TypeSerializerSnapshot<PanePartial> snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<PanePartial> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
