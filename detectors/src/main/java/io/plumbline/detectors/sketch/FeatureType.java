package io.plumbline.detectors.sketch;

/** The fixed type of a feature (or prediction) of one model version: decides which sketch holds its values. */
public enum FeatureType {
    NUMERIC("numeric"),
    CATEGORICAL("categorical");

    private final String wireName;

    FeatureType(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in drift records, alerts and configuration. */
    public String wireName() {
        return wireName;
    }

    /** The type with this wire name; throws IllegalArgumentException for any other name. */
    public static FeatureType fromWireName(String wireName) {
        for (FeatureType type : values()) {
            if (type.wireName.equals(wireName)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown feature type '" + wireName + "' (expected numeric or categorical)");
    }
}
