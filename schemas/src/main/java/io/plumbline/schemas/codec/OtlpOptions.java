package io.plumbline.schemas.codec;

import java.io.Serializable;

/**
 * Where an OTLP span names its prompt, besides {@code gen_ai.prompt.name} and {@code gen_ai.prompt.version}:
 * instrumentations that predate those keep the prompt under their own attributes (a Langfuse or Traceloop
 * prompt name, an application's own key).
 *
 * @param promptNameAttribute the span or resource attribute holding the prompt name, or null for none
 * @param promptVersionAttribute the one holding its version, or null for none
 */
public record OtlpOptions(String promptNameAttribute, String promptVersionAttribute) implements Serializable {

    public static final OtlpOptions DEFAULTS = new OtlpOptions(null, null);
}
