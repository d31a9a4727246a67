package io.plumbline.cli.command;

import io.plumbline.cli.demo.CallFormat;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a {@link CallFormat} by the name the option shows: mixed, json, ..., otlp-json. */
public final class CallFormatConverter implements ITypeConverter<CallFormat> {

    @Override
    public CallFormat convert(String value) {
        try {
            return CallFormat.of(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
