package io.plumbline.schemas.codec;

/** The headers of the record being decoded, so that the codecs need not know Kafka's types. */
@FunctionalInterface
public interface HeaderLookup {

    /** A record without headers. */
    HeaderLookup NONE = name -> null;

    /** The last value of header {@code name} as UTF-8 text, or null when the record has no such header. */
    String value(String name);
}
