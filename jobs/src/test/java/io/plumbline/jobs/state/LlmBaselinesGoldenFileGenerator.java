package io.plumbline.jobs.state;

import java.io.IOException;

import io.plumbline.detectors.testing.GoldenFileWriter;

/**
 * Writes the golden file of the LLM baselines' current binary form if it does not exist yet, once, when
 * a version is introduced: {@code java -cp <test classpath>
 * io.plumbline.jobs.state.LlmBaselinesGoldenFileGenerator src/test/resources/golden} from jobs/. Tests
 * only read it; a changed form is a new format version with a new file next to the old one.
 */
public final class LlmBaselinesGoldenFileGenerator {

    static final String FILE = "llm-baselines-v1.bin";

    private LlmBaselinesGoldenFileGenerator() {
    }

    public static void main(String[] args) throws IOException {
        GoldenFileWriter.writeOnce(GoldenFileWriter.directory(args).resolve(FILE), LlmStateSerializersTest.golden().toBytes());
    }
}
