package io.plumbline.schemas.event;

/** What a decoded feature (or prediction) value is, after JSON or Avro decoding. */
public enum ValueKind {
    /** Absent or null: both count as missing. */
    MISSING,
    /** A finite double (JSON numbers of any form, Avro double). */
    NUMBER,
    /** A string or a boolean ("true"/"false"): a category. */
    CATEGORY,
    /** A value of no supported type (a JSON array or object): counted as a type mismatch. */
    UNSUPPORTED;

    private static final ValueKind[] BY_ORDINAL = values();

    static ValueKind ofOrdinal(int ordinal) {
        return BY_ORDINAL[ordinal];
    }
}
