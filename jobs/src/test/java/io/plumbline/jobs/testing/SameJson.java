package io.plumbline.jobs.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Iterator;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Records a keyed stage published from partials against those it published from the same events one by one,
 * or in another run whose partials were cut elsewhere: the same fields and values, numbers equal to within
 * 1e-9 of their size, as sums and moments merged in another order may differ in their last digits.
 */
public final class SameJson {

    private static final double RELATIVE = 1e-9;

    private SameJson() {
    }

    public static void assertSameJson(List<JsonNode> actual, List<JsonNode> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertSameJson(actual.get(i), expected.get(i), "record " + i);
        }
    }

    public static void assertSameJson(JsonNode actual, JsonNode expected, String what) {
        assertThat(firstDifference(actual, expected, what)).as("%s: %s instead of %s", what, actual, expected).isNull();
    }

    public static boolean same(JsonNode actual, JsonNode expected) {
        return firstDifference(actual, expected, "") == null;
    }

    /** The path of the first value that differs; null if none does. */
    private static String firstDifference(JsonNode actual, JsonNode expected, String path) {
        if (actual == null || expected == null) {
            return actual == expected ? null : path;
        }
        if (expected.isNumber() && actual.isNumber()) {
            double tolerance = RELATIVE * Math.max(1, Math.abs(expected.asDouble()));
            return Math.abs(actual.asDouble() - expected.asDouble()) <= tolerance ? null : path;
        }
        if (!expected.isContainerNode()) {
            return actual.equals(expected) ? null : path;
        }
        if (actual.getNodeType() != expected.getNodeType() || actual.size() != expected.size()) {
            return path;
        }
        if (expected.isArray()) {
            for (int i = 0; i < expected.size(); i++) {
                String differs = firstDifference(actual.get(i), expected.get(i), path + "[" + i + "]");
                if (differs != null) {
                    return differs;
                }
            }
            return null;
        }
        for (Iterator<String> names = expected.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            String differs = firstDifference(actual.get(name), expected.get(name), path + "." + name);
            if (differs != null) {
                return differs;
            }
        }
        return null;
    }
}
