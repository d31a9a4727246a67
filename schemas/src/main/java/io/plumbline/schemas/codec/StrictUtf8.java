package io.plumbline.schemas.codec;

/**
 * Well-formed UTF-8 as RFC 3629 and Unicode's table 3-7 define it. Jackson rejects most ill-formed
 * bytes, but takes overlong forms (C0 AF for '/') and encoded surrogates (ED A0 80) as characters: the
 * first let two byte strings stand for one id, the second make a Java string no UTF-8 can carry out.
 */
final class StrictUtf8 {

    /** The offset of the first byte that starts an ill-formed sequence, or -1 when all of {@code bytes} is UTF-8. */
    static int firstInvalid(byte[] bytes) {
        int i = 0;
        while (i < bytes.length) {
            if (bytes[i] >= 0) {
                i++;
                continue;
            }
            int length = sequenceLength(bytes, i);
            if (length == 0) {
                return i;
            }
            i += length;
        }
        return -1;
    }

    /** The length of the well-formed multi-byte sequence at {@code i}, or 0 when it is not one. */
    private static int sequenceLength(byte[] bytes, int i) {
        int lead = bytes[i] & 0xFF;
        int length;
        // the second byte's range; narrower after E0, ED, F0 and F4, which would otherwise allow overlong
        // forms, surrogates or code points beyond U+10FFFF
        int low = 0x80;
        int high = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            low = lead == 0xE0 ? 0xA0 : low;
            high = lead == 0xED ? 0x9F : high;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            low = lead == 0xF0 ? 0x90 : low;
            high = lead == 0xF4 ? 0x8F : high;
        } else {
            return 0;
        }
        if (i + length > bytes.length) {
            return 0;
        }
        int second = bytes[i + 1] & 0xFF;
        if (second < low || second > high) {
            return 0;
        }
        for (int k = 2; k < length; k++) {
            if ((bytes[i + k] & 0xC0) != 0x80) {
                return 0;
            }
        }
        return length;
    }

    private StrictUtf8() {
    }
}
