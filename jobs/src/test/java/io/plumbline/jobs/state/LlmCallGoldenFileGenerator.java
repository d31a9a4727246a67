package io.plumbline.jobs.state;

import java.io.IOException;

import io.plumbline.detectors.testing.GoldenFileWriter;

import io.plumbline.schemas.event.LlmCallRecord;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Writes the golden file of the LLM call's current serialized form if it does not exist yet, once,
 * when a version is introduced: {@code java -cp <test classpath>
 * io.plumbline.jobs.state.LlmCallGoldenFileGenerator src/test/resources/golden} from jobs/. Tests
 * only read it; a changed form is a new snapshot version with a new file next to the old one.
 */
public final class LlmCallGoldenFileGenerator {

    static final String FILE = "llm-call-record-v1.bin";

    private LlmCallGoldenFileGenerator() {
    }

    public static void main(String[] args) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        for (LlmCallRecord call : LlmCallSamples.golden()) {
            LlmCallRecordSerializer.INSTANCE.serialize(call, out);
        }
        GoldenFileWriter.writeOnce(GoldenFileWriter.directory(args).resolve(FILE), out.getCopyOfBuffer());
    }
}
