package io.plumbline.schemas.codec;

import io.plumbline.schemas.validation.RejectedRecordException;

/**
 * What an id or label of an event must be, in JSON and Avro alike: not empty, not only whitespace, and
 * at most {@link #MAX_BYTES} bytes in UTF-8. These strings key the jobs' state, metrics and alerts, so
 * an empty one would merge unrelated traffic under no name and a huge one would be copied into every
 * window, record and alert of its key. Feature names and categories are kept in the same state (a
 * sketch per feature, its categories by name), so they are held to the same length, but may be empty.
 * All must be Unicode text: JSON can escape half of a surrogate pair, which UTF-8 cannot carry, so
 * state written as UTF-8 would read back two such names, or one and a real '?', as one.
 */
final class Ids {

    /** Room for any real name, version or UUID with a prefix; far less than a payload could carry. */
    static final int MAX_BYTES = 256;
    /** Fewer chars cannot exceed {@link #MAX_BYTES}: a char is at most 3 bytes in UTF-8, a pair of them 4. */
    private static final int SURELY_SHORT_CHARS = MAX_BYTES / 3;
    private static final String EXPECTED = "; expected an id of 1 to " + MAX_BYTES + " bytes, not only whitespace";

    /** Returns {@code value}, a present id or label, when it is valid. */
    static String check(String field, String value) throws RejectedRecordException {
        String problem = problem(value);
        if (problem != null) {
            throw Rejections.invalidId(field, problem);
        }
        return value;
    }

    /** {@link #check} for the element at {@code index} of an array of labels. */
    static String checkElement(String arrayField, int index, String value) throws RejectedRecordException {
        String problem = problem(value);
        if (problem != null) {
            throw Rejections.invalidId(arrayField + "[" + index + "]", problem);
        }
        return value;
    }

    /** Returns {@code name}, the name of a prediction's feature, when it is no longer than an id. */
    static String checkFeatureName(String name) throws RejectedRecordException {
        String problem = tooLongOrNotText(name, "feature names");
        if (problem != null) {
            throw Rejections.invalidId(PredictionFields.entry(PredictionFields.FEATURES, name), problem);
        }
        return name;
    }

    /**
     * Returns {@code category}, the text value of {@code feature} or, when that is null, the predicted
     * class, when it is no longer than an id.
     */
    static String checkCategory(String feature, String category) throws RejectedRecordException {
        String problem = tooLongOrNotText(category, "categories");
        if (problem != null) {
            throw Rejections.invalidId(feature == null ? PredictionFields.PREDICTION
                    : PredictionFields.entry(PredictionFields.FEATURES, feature), problem);
        }
        return category;
    }

    /** Whether {@code value} is a valid id or label. */
    static boolean isValid(String value) {
        return problem(value) == null;
    }

    /** What is wrong with {@code value}, or null. */
    private static String problem(String value) {
        if (value.isEmpty()) {
            return "empty" + EXPECTED;
        }
        if (value.isBlank()) {
            return "only whitespace" + EXPECTED;
        }
        return tooLongOrNotText(value, "ids");
    }

    /** Why {@code value}, one of {@code kind}, is too long or not text, or null. */
    private static String tooLongOrNotText(String value, String kind) {
        if (value.length() > SURELY_SHORT_CHARS) {
            long bytes = utf8Length(value);
            if (bytes > MAX_BYTES) {
                return bytes + " bytes; " + kind + " are at most " + MAX_BYTES + " bytes";
            }
        }
        for (int i = 0, n = value.length(); i < n; i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return String.format("not Unicode text: an unpaired surrogate U+%04X at character %d", (int) c, i);
            }
        }
        return null;
    }

    /** The length in UTF-8, without encoding; a lone surrogate counts as the 3 bytes of a replacement char. */
    private static long utf8Length(String s) {
        long bytes = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private Ids() {
    }
}
