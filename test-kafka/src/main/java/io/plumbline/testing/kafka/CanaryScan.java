package io.plumbline.testing.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Looks for a canary, a string made up for one test and put where a secret or a user's text goes, in
 * everything a run left behind: texts, Kafka records (key, value and headers) and files. A test asserts at
 * the end that it was seen nowhere, and that the scan covered what it meant to.
 */
public final class CanaryScan {

    private final String canary;
    private final byte[] canaryBytes;
    private final List<String> sightings = new ArrayList<>();
    private final List<String> scanned = new ArrayList<>();

    /** A canary of {@code prefix} and 16 random hex digits: letters and digits only, which no format escapes. */
    public static CanaryScan of(String prefix) {
        return new CanaryScan(prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 16));
    }

    public CanaryScan(String canary) {
        this.canary = canary;
        this.canaryBytes = canary.getBytes(StandardCharsets.UTF_8);
    }

    public String canary() {
        return canary;
    }

    public void text(String where, String text) {
        scanned.add(where);
        if (text.contains(canary)) {
            sightings.add(where + ": " + around(text, text.indexOf(canary)));
        }
    }

    public void bytes(String where, byte[] bytes) {
        scanned.add(where);
        int at = bytes == null ? -1 : indexOf(bytes);
        if (at >= 0) {
            // one char per byte, so that the index holds and no byte is refused
            sightings.add(where + ": " + around(new String(bytes, StandardCharsets.ISO_8859_1), at));
        }
    }

    /** Every record's key, value and headers. */
    public void records(String topic, List<ConsumerRecord<byte[], byte[]>> records) {
        for (ConsumerRecord<byte[], byte[]> r : records) {
            String where = topic + "-" + r.partition() + "@" + r.offset();
            bytes(where + " key", r.key());
            bytes(where + " value", r.value());
            for (Header h : r.headers()) {
                bytes(where + " header " + h.key(), h.value());
            }
        }
    }

    /** Every regular file under {@code root}, names and bytes. */
    public void files(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.toList()) {
                text("file name " + path, path.toString());
                if (Files.isRegularFile(path)) {
                    bytes("file " + path, Files.readAllBytes(path));
                }
            }
        }
    }

    /** What was looked at, for a test to check that its scan covered something. */
    public List<String> scanned() {
        return List.copyOf(scanned);
    }

    /** Fails, naming every place it was seen with what was around it, unless the canary was seen nowhere. */
    public void assertNotSeen() {
        assertThat(sightings).as("places that show the canary %s", canary).isEmpty();
    }

    private int indexOf(byte[] bytes) {
        outer:
        for (int i = 0; i + canaryBytes.length <= bytes.length; i++) {
            for (int j = 0; j < canaryBytes.length; j++) {
                if (bytes[i + j] != canaryBytes[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String around(String text, int at) {
        int from = Math.max(0, at - 120);
        int to = Math.min(text.length(), at + 120);
        return "…" + text.substring(from, to).replace('\n', ' ') + "…";
    }
}
