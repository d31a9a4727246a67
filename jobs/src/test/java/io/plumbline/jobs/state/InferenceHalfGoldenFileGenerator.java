package io.plumbline.jobs.state;

import java.io.IOException;

import io.plumbline.detectors.testing.GoldenFileWriter;
import io.plumbline.schemas.event.InferenceHalf;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Writes the golden file of an inference half's current serialized form if it does not exist yet, once, when a
 * version is introduced: {@code java -cp <test classpath> io.plumbline.jobs.state.InferenceHalfGoldenFileGenerator
 * src/test/resources/golden} from jobs/. Tests only read it; a changed form is a new snapshot version with a new
 * file next to the old one.
 */
public final class InferenceHalfGoldenFileGenerator {

    static final String FILE = "inference-half-v1.bin";

    private InferenceHalfGoldenFileGenerator() {
    }

    public static void main(String[] args) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        InferenceHalfSerializer serializer = new InferenceHalfSerializer();
        for (InferenceHalf half : InferenceHalfSamples.golden()) {
            serializer.serialize(half, out);
        }
        GoldenFileWriter.writeOnce(GoldenFileWriter.directory(args).resolve(FILE), out.getCopyOfBuffer());
    }
}
