package io.plumbline.detectors.sketch;

/**
 * The 64-bit hash of a category that {@link DistinctSample} keeps. It is part of the profile format
 * (samples are stored as hashes), so it is defined over the category's UTF-8 bytes, independent of the
 * JVM, and must never change:
 *
 * <pre>
 * h = 0
 * for each 8-byte little-endian word w of the UTF-8 bytes (the last one zero-padded):
 *     k = rotl64(w * C1, 31) * C2;   h = rotl64(h ^ k, 27) * 5 + 0x52DCE729
 * h = fmix64(h ^ byteLength)
 * </pre>
 *
 * with MurmurHash3's x64 constants C1 = 0x87C37B91114253D5, C2 = 0x4CF5AD432745937F and its finalizer
 * fmix64 (x ^= x >>> 33; x *= 0xFF51AFD7ED558CCD; x ^= x >>> 33; x *= 0xC4CEB9FE1A85EC53; x ^= x >>> 33).
 * An unpaired surrogate encodes as '?', as {@link String#getBytes} does. The bytes are produced from the
 * characters on the fly, so hashing allocates nothing.
 */
final class CategoryHash {
    private static final long C1 = 0x87C37B91114253D5L;
    private static final long C2 = 0x4CF5AD432745937FL;

    private CategoryHash() {
    }

    static long of(String category) {
        long h = 0;
        long word = 0;
        int filled = 0;
        long length = 0;
        int n = category.length();
        for (int i = 0; i < n; i++) {
            char c = category.charAt(i);
            int utf8;
            int count;
            if (c < 0x80) {
                utf8 = c;
                count = 1;
            } else if (c < 0x800) {
                utf8 = (0xC0 | c >>> 6) | (0x80 | c & 0x3F) << 8;
                count = 2;
            } else if (!Character.isSurrogate(c)) {
                utf8 = (0xE0 | c >>> 12) | (0x80 | c >>> 6 & 0x3F) << 8 | (0x80 | c & 0x3F) << 16;
                count = 3;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(category.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, category.charAt(++i));
                utf8 = (0xF0 | cp >>> 18) | (0x80 | cp >>> 12 & 0x3F) << 8 | (0x80 | cp >>> 6 & 0x3F) << 16
                        | (0x80 | cp & 0x3F) << 24;
                count = 4;
            } else {
                utf8 = '?';
                count = 1;
            }
            long bytes = utf8 & 0xFFFFFFFFL;
            word |= bytes << (8 * filled);
            filled += count;
            length += count;
            if (filled >= 8) {
                h = mix(h, word);
                filled -= 8;
                // The bytes that did not fit start the next word.
                word = bytes >>> (8 * (count - filled));
            }
        }
        if (filled > 0) {
            h = mix(h, word);
        }
        return fmix64(h ^ length);
    }

    private static long mix(long h, long word) {
        long k = Long.rotateLeft(word * C1, 31) * C2;
        return Long.rotateLeft(h ^ k, 27) * 5 + 0x52DCE729;
    }

    private static long fmix64(long x) {
        x ^= x >>> 33;
        x *= 0xFF51AFD7ED558CCDL;
        x ^= x >>> 33;
        x *= 0xC4CEB9FE1A85EC53L;
        x ^= x >>> 33;
        return x;
    }
}
