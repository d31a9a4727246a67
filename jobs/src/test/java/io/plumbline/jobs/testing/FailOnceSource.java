package io.plumbline.jobs.testing;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.flink.api.common.watermark.WatermarkDeclaration;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A source that is another one, except that once a test {@link #arm arms} it, the first of its readers to be
 * polled that has seen a checkpoint complete throws, once: a task failure in the middle of a run, after a
 * checkpoint, as a killed TaskManager or a lost connection would cause. The job then restarts
 * from that checkpoint, if its restart strategy lets it. The MiniCluster runs in the test's JVM, so the arming
 * and the one failure are kept by name in this class, not in the (serialised) source.
 */
public final class FailOnceSource<T, SplitT extends SourceSplit, EnumChkT> implements Source<T, SplitT, EnumChkT> {

    private static final long serialVersionUID = 1L;
    private static final Set<String> ARMED = ConcurrentHashMap.newKeySet();
    private static final Set<String> FAILED = ConcurrentHashMap.newKeySet();

    private final Source<T, SplitT, EnumChkT> source;
    private final String name;

    public FailOnceSource(Source<T, SplitT, EnumChkT> source, String name) {
        this.source = Objects.requireNonNull(source, "source");
        this.name = Objects.requireNonNull(name, "name");
    }

    /** From now on, the source {@code name} fails once, at the next poll of a reader past a checkpoint. */
    public static void arm(String name) {
        ARMED.add(name);
    }

    /** Whether the source {@code name} has failed. */
    public static boolean hasFailed(String name) {
        return FAILED.contains(name);
    }

    @Override
    public Boundedness getBoundedness() {
        return source.getBoundedness();
    }

    @Override
    public SourceReader<T, SplitT> createReader(SourceReaderContext context) throws Exception {
        return new Reader(source.createReader(context));
    }

    @Override
    public SplitEnumerator<SplitT, EnumChkT> createEnumerator(SplitEnumeratorContext<SplitT> context)
            throws Exception {
        return source.createEnumerator(context);
    }

    @Override
    public SplitEnumerator<SplitT, EnumChkT> restoreEnumerator(SplitEnumeratorContext<SplitT> context,
                                                               EnumChkT checkpoint) throws Exception {
        return source.restoreEnumerator(context, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<SplitT> getSplitSerializer() {
        return source.getSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<EnumChkT> getEnumeratorCheckpointSerializer() {
        return source.getEnumeratorCheckpointSerializer();
    }

    @Override
    public Set<? extends WatermarkDeclaration> declareWatermarks() {
        return source.declareWatermarks();
    }

    private final class Reader implements SourceReader<T, SplitT> {

        private final SourceReader<T, SplitT> reader;
        private volatile boolean checkpointed;

        Reader(SourceReader<T, SplitT> reader) {
            this.reader = reader;
        }

        @Override
        public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
            if (checkpointed && ARMED.contains(name) && FAILED.add(name)) {
                throw new IllegalStateException("injected failure of source " + name + ", after a checkpoint");
            }
            return reader.pollNext(output);
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) throws Exception {
            checkpointed = true;
            reader.notifyCheckpointComplete(checkpointId);
        }

        @Override
        public void notifyCheckpointAborted(long checkpointId) throws Exception {
            reader.notifyCheckpointAborted(checkpointId);
        }

        @Override
        public void start() {
            reader.start();
        }

        @Override
        public List<SplitT> snapshotState(long checkpointId) {
            return reader.snapshotState(checkpointId);
        }

        @Override
        public CompletableFuture<Void> isAvailable() {
            return reader.isAvailable();
        }

        @Override
        public void addSplits(List<SplitT> splits) {
            reader.addSplits(splits);
        }

        @Override
        public void notifyNoMoreSplits() {
            reader.notifyNoMoreSplits();
        }

        @Override
        public void handleSourceEvents(SourceEvent event) {
            reader.handleSourceEvents(event);
        }

        @Override
        public void pauseOrResumeSplits(Collection<String> toPause, Collection<String> toResume) {
            reader.pauseOrResumeSplits(toPause, toResume);
        }

        @Override
        public void close() throws Exception {
            reader.close();
        }
    }
}
