package io.plumbline.detectors.sketch;

/**
 * Shallow heap sizes on a 64-bit HotSpot JVM with compressed oops (the default below 32 GiB heaps):
 * 12-byte object headers, 16-byte array headers, 4-byte references, 8-byte alignment. Estimates, for
 * checking memory budgets without java.lang.instrument.
 */
final class HeapSizes {
    static final long REFERENCE = 4;

    private HeapSizes() {
    }

    static long object(long fieldBytes) {
        return align(12 + fieldBytes);
    }

    static long doubleArray(int length) {
        return align(16 + 8L * length);
    }

    static long longArray(int length) {
        return align(16 + 8L * length);
    }

    static long intArray(int length) {
        return align(16 + 4L * length);
    }

    static long referenceArray(int length) {
        return align(16 + REFERENCE * length);
    }

    /** A compact string: one byte a character while every character is Latin-1, else two. */
    static long string(String s) {
        boolean latin1 = s.chars().allMatch(c -> c <= 0xFF);
        return object(REFERENCE + 4 + 2) + align(16 + (latin1 ? 1L : 2L) * s.length());
    }

    private static long align(long bytes) {
        return (bytes + 7) & ~7L;
    }
}
