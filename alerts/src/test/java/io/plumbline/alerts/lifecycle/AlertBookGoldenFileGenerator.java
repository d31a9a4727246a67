package io.plumbline.alerts.lifecycle;

import java.io.IOException;

import io.plumbline.detectors.testing.GoldenFileWriter;

/**
 * Writes the golden file of the alert book's current format version if it does not exist yet, once, when
 * a version is introduced: {@code java -cp <test classpath>
 * io.plumbline.alerts.lifecycle.AlertBookGoldenFileGenerator src/test/resources/golden} from alerts/. Tests
 * only read it; a changed format is a new version with a new file next to the old one.
 */
public final class AlertBookGoldenFileGenerator {

    static final String FILE = "alert-book-v2.bin";

    private AlertBookGoldenFileGenerator() {
    }

    public static void main(String[] args) throws IOException {
        GoldenFileWriter.writeOnce(GoldenFileWriter.directory(args).resolve(FILE), SampleAlertBooks.golden().toBytes());
    }
}
