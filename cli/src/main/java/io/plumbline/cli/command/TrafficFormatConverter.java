package io.plumbline.cli.command;

import io.plumbline.cli.demo.TrafficFormat;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a {@link TrafficFormat} by the name the option shows: mixed, json, ..., otlp-json. */
public final class TrafficFormatConverter implements ITypeConverter<TrafficFormat> {

    @Override
    public TrafficFormat convert(String value) {
        try {
            return TrafficFormat.of(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
