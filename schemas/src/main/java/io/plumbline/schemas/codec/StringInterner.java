package io.plumbline.schemas.codec;

import java.nio.charset.StandardCharsets;

/**
 * A bounded cache that makes equal feature names and categories usually one object, so that the
 * records crossing the shuffle and the sketches keyed by them do not hold a copy per event.
 *
 * <p>Direct-mapped: each string has one slot, and a newcomer evicts whatever held it. That keeps
 * memory fixed and needs neither entries nor eviction bookkeeping; two frequent strings that share
 * a slot merely stay separate objects. Not thread-safe: one per decoder or serializer instance, and
 * each of those belongs to one thread.
 */
public final class StringInterner {

    /** Longer strings are free text, not vocabulary: caching them would only pin memory. */
    public static final int MAX_CACHED_LENGTH = 128;

    private final String[] slots;
    private final int mask;

    public StringInterner(int slots) {
        if (Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two: " + slots);
        }
        this.slots = new String[slots];
        this.mask = slots - 1;
    }

    String intern(String s) {
        if (s.length() > MAX_CACHED_LENGTH) {
            return s;
        }
        int i = slot(s.hashCode());
        String cached = slots[i];
        if (s.equals(cached)) {
            return cached;
        }
        slots[i] = s;
        return s;
    }

    /** Looks the characters up without creating a String unless they are new. */
    String intern(char[] chars, int offset, int length) {
        if (length > MAX_CACHED_LENGTH) {
            return new String(chars, offset, length);
        }
        int hash = 0;
        for (int k = offset, end = offset + length; k < end; k++) {
            hash = 31 * hash + chars[k]; // String.hashCode's formula, so both lookups agree on the slot
        }
        int i = slot(hash);
        String cached = slots[i];
        if (cached != null && cached.hashCode() == hash && sameChars(cached, chars, offset, length)) {
            return cached;
        }
        String s = new String(chars, offset, length);
        slots[i] = s;
        return s;
    }

    /** Looks up ASCII bytes (each byte one char) without creating a String unless they are new. */
    public String internAscii(byte[] bytes, int offset, int length) {
        if (length > MAX_CACHED_LENGTH) {
            return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
        }
        int hash = 0;
        for (int k = offset, end = offset + length; k < end; k++) {
            hash = 31 * hash + bytes[k];
        }
        int i = slot(hash);
        String cached = slots[i];
        if (cached != null && cached.hashCode() == hash && sameAscii(cached, bytes, offset, length)) {
            return cached;
        }
        String s = new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
        slots[i] = s;
        return s;
    }

    private static boolean sameAscii(String s, byte[] bytes, int offset, int length) {
        if (s.length() != length) {
            return false;
        }
        for (int k = 0; k < length; k++) {
            if (s.charAt(k) != bytes[offset + k]) {
                return false;
            }
        }
        return true;
    }

    private int slot(int hash) {
        return (hash ^ (hash >>> 16)) & mask;
    }

    private static boolean sameChars(String s, char[] chars, int offset, int length) {
        if (s.length() != length) {
            return false;
        }
        for (int k = 0; k < length; k++) {
            if (s.charAt(k) != chars[offset + k]) {
                return false;
            }
        }
        return true;
    }
}
