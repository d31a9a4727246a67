package io.plumbline.detectors.llm;

import java.util.Comparator;
import java.util.Objects;

/**
 * What distinguishes calls of one route that must not be summarised together: the provider, the model
 * that answered, and the prompt version. A release is a new variant next to the one it replaces, so its
 * first windows can be compared with the previous version's. An absent value is the empty string, not null.
 */
public record CallVariant(String provider, String model, String promptVersion) implements Comparable<CallVariant> {
    /** OpenTelemetry's name for a value outside the known set. */
    static final String OTHER = "_OTHER";
    /** Where the calls of variants past a route's limit are summarised. */
    public static final CallVariant OVERFLOW = new CallVariant(OTHER, OTHER, OTHER);

    private static final Comparator<CallVariant> ORDER = Comparator.comparing(CallVariant::provider)
            .thenComparing(CallVariant::model).thenComparing(CallVariant::promptVersion);

    public CallVariant {
        Objects.requireNonNull(provider, "provider is null: pass \"\" when the call names none");
        Objects.requireNonNull(model, "model is null: pass \"\" when the call names none");
        Objects.requireNonNull(promptVersion, "promptVersion is null: pass \"\" when the call names none");
    }

    public boolean isOverflow() {
        return equals(OVERFLOW);
    }

    @Override
    public int compareTo(CallVariant other) {
        return ORDER.compare(this, other);
    }
}
