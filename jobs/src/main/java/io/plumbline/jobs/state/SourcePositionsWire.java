package io.plumbline.jobs.state;

import java.io.IOException;

import io.plumbline.detectors.format.Varint;
import io.plumbline.jobs.window.SourcePositions;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A partial's source positions on the wire, a few bytes per event: the count, then per event the partition,
 * the offset as a signed delta from the event before, and the time as a signed delta from the pane start.
 */
final class SourcePositionsWire {

    private SourcePositionsWire() {
    }

    static void write(SourcePositions positions, long paneStart, DataOutputView out) throws IOException {
        int events = positions.size();
        Varint.write(events, out);
        long offset = 0;
        for (int i = 0; i < events; i++) {
            Varint.writeSigned(positions.partition(i), out);
            Varint.writeSigned(positions.offset(i) - offset, out);
            Varint.writeSigned(positions.time(i) - paneStart, out);
            offset = positions.offset(i);
        }
    }

    static SourcePositions read(long paneStart, DataInputView in) throws IOException {
        long events = Varint.read(in);
        if (events > Integer.MAX_VALUE) {
            throw new IOException("unreadable source positions: " + events + " events");
        }
        // Sized as the events come, not by the count read: a corrupt count must not allocate gigabytes.
        SourcePositions positions = new SourcePositions((int) Math.min(events, 1024));
        long offset = 0;
        for (long i = 0; i < events; i++) {
            int partition = (int) Varint.readSigned(in);
            offset += Varint.readSigned(in);
            positions.add(partition, offset, paneStart + Varint.readSigned(in));
        }
        return positions;
    }
}
