package io.plumbline.detectors.format;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Every format's magic: the four ASCII bytes that open its bytes, with the name errors give it. Kept in one
 * place so that two formats never share a magic, and bytes of one format handed to the reader of another are
 * named for what they are.
 */
public enum FormatTag {
    MODEL_PROFILE("PLMP", "a ", "model profile"),
    FEATURE_TYPES("PLMT", "", "feature types"),
    REFERENCE_BASELINE("PLRB", "a ", "reference baseline"),
    QUANTILE_SKETCH("PLQS", "a ", "quantile sketch"),
    CALL_PROFILE("PLCP", "a ", "call profile"),
    ROUTE_PROFILE("PLRP", "a ", "route profile"),
    LLM_RULE_STATE("PLLS", "an ", "LLM rule state"),
    LLM_BASELINES("PLBB", "", "LLM baselines"),
    ALERT_BOOK("PLAB", "an ", "alert book");

    private final byte[] magic;
    private final String article;
    private final String formatName;

    FormatTag(String magic, String article, String formatName) {
        this.magic = magic.getBytes(StandardCharsets.US_ASCII);
        this.article = article;
        this.formatName = formatName;
    }

    /** A copy of the four magic bytes. */
    public byte[] magic() {
        return magic.clone();
    }

    /** The magic as text, e.g. {@code PLMP}. */
    public String magicText() {
        return new String(magic, StandardCharsets.US_ASCII);
    }

    /** What the format holds, e.g. "model profile". */
    public String formatName() {
        return formatName;
    }

    /** The name with its article, e.g. "a model profile", "LLM baselines". */
    String withArticle() {
        return article + formatName;
    }

    /** The format whose magic opens {@code found}, if any. */
    static FormatTag ofMagic(byte[] found) {
        for (FormatTag tag : values()) {
            if (Arrays.equals(tag.magic, found)) {
                return tag;
            }
        }
        return null;
    }
}
