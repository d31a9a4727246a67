package io.plumbline.schemas.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The files under src/test/resources/interop, written by src/test/python/write_avro_fixtures.py. */
final class InteropFixtures {

    static byte[] fixture(String name) {
        try (InputStream in = InteropFixtures.class.getResourceAsStream("/interop/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no fixture /interop/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private InteropFixtures() {
    }
}
