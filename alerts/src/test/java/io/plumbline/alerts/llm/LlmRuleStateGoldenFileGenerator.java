package io.plumbline.alerts.llm;

import java.io.IOException;

import io.plumbline.detectors.testing.GoldenFileWriter;

/**
 * Writes the golden file of the LLM rule state's current format version if it does not exist yet, once,
 * when a version is introduced: {@code java -cp <test classpath>
 * io.plumbline.alerts.llm.LlmRuleStateGoldenFileGenerator src/test/resources/golden} from alerts/. Tests
 * only read it; a changed format is a new version with a new file next to the old one.
 */
public final class LlmRuleStateGoldenFileGenerator {

    static final String FILE = "llm-rule-state-v1.bin";

    private LlmRuleStateGoldenFileGenerator() {
    }

    public static void main(String[] args) throws IOException {
        GoldenFileWriter.writeOnce(GoldenFileWriter.directory(args).resolve(FILE), SampleRuleStates.golden().toBytes());
    }
}
