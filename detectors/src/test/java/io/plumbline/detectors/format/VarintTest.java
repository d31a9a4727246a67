package io.plumbline.detectors.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class VarintTest {

    private static byte[] written(long v) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Varint.write(v, new DataOutputStream(bytes));
        return bytes.toByteArray();
    }

    private static DataInputStream input(byte[] bytes) {
        return new DataInputStream(new ByteArrayInputStream(bytes));
    }

    @Test
    void writesSevenBitsAByteLowBitsFirst() throws IOException {
        assertThat(written(0)).containsExactly(0);
        assertThat(written(127)).containsExactly(0x7F);
        assertThat(written(300)).containsExactly(0xAC, 0x02);
        assertThat(written(-1)).hasSize(Varint.MAX_BYTES).endsWith(0x01);
    }

    @Test
    void streamsAndTheBinaryWriterWriteTheSameBytes() throws IOException {
        for (long v : new long[] {0, 1, 127, 128, 300, 1L << 35, Long.MAX_VALUE}) {
            BinaryWriter out = new BinaryWriter();
            out.varLong(v);
            assertThat(out.toByteArray()).as("%d", v).isEqualTo(written(v));
            assertThat(new BinaryReader(written(v), FormatTag.MODEL_PROFILE).varLong()).isEqualTo(v);
        }
    }

    @Test
    void readsBackEveryUnsignedAndSignedNumber() throws IOException {
        for (long v : new long[] {0, 1, 127, 128, 16_383, 16_384, Long.MAX_VALUE, Long.MIN_VALUE, -1}) {
            assertThat(Varint.read(input(written(v)))).isEqualTo(v);
            ByteArrayOutputStream signed = new ByteArrayOutputStream();
            Varint.writeSigned(v, new DataOutputStream(signed));
            assertThat(Varint.readSigned(input(signed.toByteArray()))).isEqualTo(v);
        }
    }

    @Test
    void aSmallNegativeNumberTakesOneByteSigned() throws IOException {
        ByteArrayOutputStream signed = new ByteArrayOutputStream();
        Varint.writeSigned(-1, new DataOutputStream(signed));

        assertThat(signed.toByteArray()).containsExactly(0x01);
    }

    @Test
    void refusesANumberLongerThanTenBytes() {
        byte[] eleven = {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 1};

        assertThatThrownBy(() -> Varint.read(input(eleven))).isInstanceOf(IOException.class)
                .hasMessage("corrupt variable-length number: more than 10 bytes");
    }
}
