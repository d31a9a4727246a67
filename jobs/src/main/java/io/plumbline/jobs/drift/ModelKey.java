package io.plumbline.jobs.drift;

/**
 * The drift stage's key, (model_id, model_version) as one string: the length of the id, a colon,
 * the id, a slash, the version ("11:credit-risk/v3"). The length makes it unambiguous whatever
 * characters the id and version contain, so both can be read back when a window closes.
 */
public final class ModelKey {

    private ModelKey() {
    }

    public static String of(String modelId, String modelVersion) {
        return modelId.length() + ":" + modelId + "/" + modelVersion;
    }

    public static String modelId(String key) {
        int colon = key.indexOf(':');
        int length = Integer.parseInt(key, 0, colon, 10);
        return key.substring(colon + 1, colon + 1 + length);
    }

    public static String modelVersion(String key) {
        int colon = key.indexOf(':');
        int length = Integer.parseInt(key, 0, colon, 10);
        return key.substring(colon + 1 + length + 1);
    }
}
