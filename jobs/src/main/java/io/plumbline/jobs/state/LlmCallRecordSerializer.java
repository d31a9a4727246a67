package io.plumbline.jobs.state;

import java.io.IOException;
import java.util.List;

import io.plumbline.detectors.format.Varint;
import io.plumbline.schemas.event.LlmCallRecord;
import io.plumbline.schemas.event.SourcePosition;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The LLM call that crosses the LlmJob's keyBy, written compactly: a two-byte mask of which optional
 * values are present, the required strings, the start time and the duration (a few bytes rather
 * than a second epoch), then only the optional values the mask names. An absent value costs one
 * bit; a response model equal to the requested one (the usual case) is not written again, nor an
 * empty prompt name or version; token counts take a byte or two each. No field names, no boxing,
 * no Kryo.
 */
public final class LlmCallRecordSerializer extends InterningRecordSerializer<LlmCallRecord> {

    /** The prototype {@link PlumblineTypes} hands out duplicates of. */
    public static final LlmCallRecordSerializer INSTANCE = new LlmCallRecordSerializer();

    private static final int RESPONSE_MODEL = 1;
    private static final int PROMPT_NAME = 1 << 1;
    private static final int PROMPT_VERSION = 1 << 2;
    private static final int INPUT_TOKENS = 1 << 3;
    private static final int OUTPUT_TOKENS = 1 << 4;
    private static final int CACHE_READ_TOKENS = 1 << 5;
    private static final int REASONING_TOKENS = 1 << 6;
    private static final int FINISH_REASONS = 1 << 7;
    private static final int TTFT = 1 << 8;
    private static final int ERROR_TYPE = 1 << 9;
    private static final int REFUSAL = 1 << 10;
    private static final int COST = 1 << 11;
    private static final int EVAL_SCORE = 1 << 12;
    private static final int TENANT = 1 << 13;
    /** Where the call was read; a call without one (built by hand, as the golden file's are) takes no bytes. */
    private static final int SOURCE_POSITION = 1 << 14;
    private static final int KNOWN = (1 << 15) - 1;

    @Override
    public TypeSerializer<LlmCallRecord> duplicate() {
        return new LlmCallRecordSerializer();
    }

    /** The record is immutable: a copy may be the record itself. */
    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public LlmCallRecord createInstance() {
        return null;
    }

    @Override
    public LlmCallRecord copy(LlmCallRecord from) {
        return from;
    }

    @Override
    public LlmCallRecord copy(LlmCallRecord from, LlmCallRecord reuse) {
        return from;
    }

    @Override
    public void serialize(LlmCallRecord r, DataOutputView out) throws IOException {
        out.writeShort(presence(r));
        strings.write(r.eventId(), out);
        strings.write(r.service(), out);
        strings.write(r.operation(), out);
        strings.write(r.provider(), out);
        strings.write(r.requestModel(), out);
        out.writeLong(r.startTimeNanos());
        Varint.writeSigned(r.endTimeNanos() - r.startTimeNanos(), out);
        if (!r.responseModel().equals(r.requestModel())) {
            strings.write(r.responseModel(), out);
        }
        if (!r.promptName().isEmpty()) {
            strings.write(r.promptName(), out);
        }
        if (!r.promptVersion().isEmpty()) {
            strings.write(r.promptVersion(), out);
        }
        writeCount(r.inputTokens(), out);
        writeCount(r.outputTokens(), out);
        writeCount(r.cacheReadTokens(), out);
        writeCount(r.reasoningTokens(), out);
        if (!r.finishReasons().isEmpty()) {
            Varint.write(r.finishReasons().size(), out);
            for (String reason : r.finishReasons()) {
                strings.write(reason, out);
            }
        }
        writeDouble(r.ttftSeconds(), out);
        if (r.errorType() != null) {
            strings.write(r.errorType(), out);
        }
        writeDouble(r.costUsd(), out);
        writeDouble(r.evalScore(), out);
        if (r.tenant() != null) {
            strings.write(r.tenant(), out);
        }
        if (r.sourcePartition() != SourcePosition.UNKNOWN) {
            Varint.write(r.sourcePartition(), out);
            Varint.write(r.sourceOffset(), out);
        }
    }

    private static int presence(LlmCallRecord r) {
        return (r.responseModel().equals(r.requestModel()) ? 0 : RESPONSE_MODEL)
                | (r.promptName().isEmpty() ? 0 : PROMPT_NAME)
                | (r.promptVersion().isEmpty() ? 0 : PROMPT_VERSION)
                | (r.inputTokens() == LlmCallRecord.NO_COUNT ? 0 : INPUT_TOKENS)
                | (r.outputTokens() == LlmCallRecord.NO_COUNT ? 0 : OUTPUT_TOKENS)
                | (r.cacheReadTokens() == LlmCallRecord.NO_COUNT ? 0 : CACHE_READ_TOKENS)
                | (r.reasoningTokens() == LlmCallRecord.NO_COUNT ? 0 : REASONING_TOKENS)
                | (r.finishReasons().isEmpty() ? 0 : FINISH_REASONS)
                | (Double.isNaN(r.ttftSeconds()) ? 0 : TTFT)
                | (r.errorType() == null ? 0 : ERROR_TYPE)
                | (r.refusal() ? REFUSAL : 0)
                | (Double.isNaN(r.costUsd()) ? 0 : COST)
                | (Double.isNaN(r.evalScore()) ? 0 : EVAL_SCORE)
                | (r.tenant() == null ? 0 : TENANT)
                | (r.sourcePartition() == SourcePosition.UNKNOWN ? 0 : SOURCE_POSITION);
    }

    /** An absent count is not written: its bit in the mask says so. */
    private static void writeCount(long count, DataOutputView out) throws IOException {
        if (count != LlmCallRecord.NO_COUNT) {
            Varint.write(count, out);
        }
    }

    private static void writeDouble(double v, DataOutputView out) throws IOException {
        if (!Double.isNaN(v)) {
            out.writeDouble(v);
        }
    }

    @Override
    public LlmCallRecord deserialize(DataInputView in) throws IOException {
        int present = in.readUnsignedShort();
        if ((present & ~KNOWN) != 0) {
            throw new IOException("corrupt LLM call: unknown presence bits " + Integer.toBinaryString(present));
        }
        LlmCallRecord.Builder b = LlmCallRecord.builder()
                .eventId(strings.readOnce(in))
                .service(strings.readInterned(in))
                .operation(strings.readInterned(in))
                .provider(strings.readInterned(in))
                .requestModel(strings.readInterned(in));
        long start = in.readLong();
        b.startTimeNanos(start).endTimeNanos(start + Varint.readSigned(in));
        if ((present & RESPONSE_MODEL) != 0) {
            b.responseModel(strings.readInterned(in));
        }
        if ((present & PROMPT_NAME) != 0) {
            b.promptName(strings.readInterned(in));
        }
        if ((present & PROMPT_VERSION) != 0) {
            b.promptVersion(strings.readInterned(in));
        }
        b.inputTokens(readCount(present, INPUT_TOKENS, in))
                .outputTokens(readCount(present, OUTPUT_TOKENS, in))
                .cacheReadTokens(readCount(present, CACHE_READ_TOKENS, in))
                .reasoningTokens(readCount(present, REASONING_TOKENS, in));
        if ((present & FINISH_REASONS) != 0) {
            b.finishReasons(readStrings(in));
        }
        b.ttftSeconds(readDouble(present, TTFT, in));
        if ((present & ERROR_TYPE) != 0) {
            b.errorType(strings.readInterned(in));
        }
        b.refusal((present & REFUSAL) != 0)
                .costUsd(readDouble(present, COST, in))
                .evalScore(readDouble(present, EVAL_SCORE, in));
        if ((present & TENANT) != 0) {
            b.tenant(strings.readInterned(in));
        }
        LlmCallRecord call;
        try {
            call = b.build();
        } catch (RuntimeException e) {
            throw new IOException("corrupt LLM call: " + e.getMessage(), e);
        }
        if ((present & SOURCE_POSITION) != 0) {
            long partition = Varint.read(in);
            if (partition > Integer.MAX_VALUE) {
                throw new IOException("corrupt LLM call: source partition " + partition);
            }
            call.locate((int) partition, Varint.read(in));
        }
        return call;
    }

    private static long readCount(int present, int bit, DataInputView in) throws IOException {
        return (present & bit) != 0 ? Varint.read(in) : LlmCallRecord.NO_COUNT;
    }

    private static double readDouble(int present, int bit, DataInputView in) throws IOException {
        return (present & bit) != 0 ? in.readDouble() : Double.NaN;
    }

    private List<String> readStrings(DataInputView in) throws IOException {
        long n = Varint.read(in);
        if (n < 1 || n > Integer.MAX_VALUE) {
            throw new IOException("corrupt LLM call: " + n + " finish reasons");
        }
        String[] reasons = new String[(int) n];
        for (int i = 0; i < reasons.length; i++) {
            reasons[i] = strings.readInterned(in);
        }
        return List.of(reasons);
    }

    @Override
    public TypeSerializerSnapshot<LlmCallRecord> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The format has one version so far; a new one gets its own snapshot version. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<LlmCallRecord> {
        public Snapshot() {
            super(LlmCallRecordSerializer::new);
        }
    }
}
