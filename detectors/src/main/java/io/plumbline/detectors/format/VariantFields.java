package io.plumbline.detectors.format;

import io.plumbline.detectors.llm.CallVariant;

/**
 * A call variant inside the LLM keyed-state formats ({@link FormatTag#LLM_RULE_STATE},
 * {@link FormatTag#LLM_BASELINES}): provider, model and prompt version as {@link BinaryWriter#javaUtf} strings,
 * the form those formats were first written in with java.io data streams.
 */
public final class VariantFields {
    private VariantFields() {
    }

    public static void write(BinaryWriter out, CallVariant variant) {
        out.javaUtf(variant.provider());
        out.javaUtf(variant.model());
        out.javaUtf(variant.promptVersion());
    }

    public static CallVariant read(BinaryReader in) {
        return new CallVariant(in.javaUtf(), in.javaUtf(), in.javaUtf());
    }
}
