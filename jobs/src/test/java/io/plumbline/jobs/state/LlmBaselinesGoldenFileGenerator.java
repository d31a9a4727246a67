package io.plumbline.jobs.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
        Path file = Path.of(args.length > 0 ? args[0] : "src/test/resources/golden").resolve(FILE);
        if (Files.exists(file)) {
            System.out.println(file + " exists: kept as it is");
            return;
        }
        Files.createDirectories(file.getParent());
        Files.write(file, LlmStateSerializersTest.golden().toBytes());
        System.out.println(file + " written");
    }
}
