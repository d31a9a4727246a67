package io.plumbline.schemas.codec;

import io.plumbline.schemas.validation.RejectedRecordException;
import java.util.function.LongSupplier;

/**
 * The JSON readers, which the schemas module keeps to itself, for {@code JsonDecodeBench}: each with its
 * fast path, as the decoders use them, and with Jackson alone, as before the fast paths.
 */
public final class JsonReadersForBench {

    /** One reader's decode of one payload. */
    public interface Reader {
        Object read(byte[] json) throws RejectedRecordException;
    }

    private JsonReadersForBench() {
    }

    public static Reader predictions(LongSupplier clock, boolean fastPath) {
        JsonPredictionReader reader = new JsonPredictionReader(new StringInterner(4096), new PlausibleTimestamps(clock));
        return fastPath ? reader::read : reader::readWithJackson;
    }

    public static Reader llmCalls(LongSupplier clock, boolean fastPath) {
        JsonLlmCallReader reader = new JsonLlmCallReader(new StringInterner(1024), new PlausibleTimestamps(clock),
                LlmCallLimits.DEFAULTS);
        return fastPath ? reader::read : reader::readWithJackson;
    }
}
