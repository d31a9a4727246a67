package io.plumbline.detectors.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How every golden-file generator writes: once, when a format version is introduced. A file that exists is
 * kept as it is, since tests hold the code to it; a changed format is a new version with a new file.
 */
public final class GoldenFileWriter {

    private GoldenFileWriter() {
    }

    /** The directory a generator writes into: its first argument, else the module's golden resources. */
    public static Path directory(String[] args) {
        return Path.of(args.length > 0 ? args[0] : "src/test/resources/golden");
    }

    /** Writes {@code bytes} to {@code file} unless it exists, and says which it did. */
    public static void writeOnce(Path file, byte[] bytes) throws IOException {
        if (Files.exists(file)) {
            System.out.println(file + " exists: kept as it is");
            return;
        }
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        System.out.println(file + " written");
    }
}
