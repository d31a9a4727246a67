package io.plumbline.detectors.sketch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CategoryHashTest {

    @Test
    void hashesTheUtf8BytesAsSpecifiedWhateverTheCharacters() {
        Random random = new Random(3);
        // One, two, three and four UTF-8 bytes a character, and lengths across several 8-byte words.
        int[][] ranges = {{0x20, 0x7F}, {0x80, 0x800}, {0x800, 0xD800}, {0xE000, 0x10000}, {0x10000, 0x110000}};
        for (int repetition = 0; repetition < 2_000; repetition++) {
            StringBuilder s = new StringBuilder();
            int length = random.nextInt(30);
            for (int i = 0; i < length; i++) {
                int[] range = ranges[random.nextInt(repetition % 2 == 0 ? 1 : ranges.length)];
                s.appendCodePoint(range[0] + random.nextInt(range[1] - range[0]));
            }
            String category = s.toString();

            assertThat(CategoryHash.of(category)).as("'%s'", category).isEqualTo(specified(category));
        }
    }

    @Test
    void anUnpairedSurrogateHashesAsTheQuestionMarkItEncodesTo() {
        assertThat(CategoryHash.of("a\uD800b")).isEqualTo(CategoryHash.of("a?b")).isEqualTo(specified("a\uD800b"));
        assertThat(CategoryHash.of("\uDC00")).isEqualTo(CategoryHash.of("?"));
        assertThat(CategoryHash.of("\uD83D\uDE00")).isNotEqualTo(CategoryHash.of("??"));
    }

    @Test
    void theHashOfACategoryNeverChanges() {
        // Samples are stored as hashes: a different function would make every stored sample unreadable.
        assertThat(CategoryHash.of("")).isEqualTo(0L);
        assertThat(CategoryHash.of("NL")).isEqualTo(0x3EFFA1DA47FFC5F4L);
        assertThat(CategoryHash.of("merchant-12345")).isEqualTo(0xEE165A554B2D996AL);
        assertThat(CategoryHash.of("Zürich")).isEqualTo(0x953C131A09E497C5L);
    }

    @Test
    void theSmallestHashesOfSimilarNamesAreSpreadAsIfAtRandom() {
        // The k-th smallest of n uniform hashes sits near k/n of the range: its estimate of n is within
        // a few 1/√k of the truth for names as alike as "c0" .. "c99999".
        int n = 100_000;
        long[] hashes = new long[n];
        for (int i = 0; i < n; i++) {
            hashes[i] = CategoryHash.of("c" + i);
        }
        Arrays.sort(hashes);
        assertThat(Arrays.stream(hashes).distinct().count()).isEqualTo(n);
        for (int k : new int[] {64, 512, 4_096}) {
            double kth = (hashes[k - 1] - (double) Long.MIN_VALUE) / 0x1p64;
            double estimate = (k - 1) / kth;
            assertThat(estimate / n).as("k = %d", k).isBetween(1 - 4 / Math.sqrt(k), 1 + 4 / Math.sqrt(k));
        }
    }

    /** The definition in the class comment, over {@link String#getBytes}, written independently. */
    private static long specified(String category) {
        byte[] utf8 = category.getBytes(StandardCharsets.UTF_8);
        ByteBuffer words = ByteBuffer.wrap(Arrays.copyOf(utf8, (utf8.length + 7) / 8 * 8)).order(ByteOrder.LITTLE_ENDIAN);
        long h = 0;
        while (words.hasRemaining()) {
            long k = Long.rotateLeft(words.getLong() * 0x87C37B91114253D5L, 31) * 0x4CF5AD432745937FL;
            h = Long.rotateLeft(h ^ k, 27) * 5 + 0x52DCE729;
        }
        h ^= utf8.length;
        h = (h ^ (h >>> 33)) * 0xFF51AFD7ED558CCDL;
        h = (h ^ (h >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return h ^ (h >>> 33);
    }
}
