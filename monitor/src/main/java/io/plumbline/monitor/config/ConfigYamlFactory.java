package io.plumbline.monitor.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.events.ScalarEvent;

/**
 * Parses a config file, reading a float that is no finite number — YAML's {@code .nan}, {@code .inf} and
 * {@code -.inf}, a base-60 {@code 12:34:56.7}, a {@code 1e999} — as the words it is written with. Jackson's
 * YAML parser would fail the whole file as "not valid YAML", showing the value, which may be a password; as
 * words, it reaches its key, which refuses it by name or, if it takes words, keeps it as written.
 */
final class ConfigYamlFactory extends YAMLFactory {

    private static final long serialVersionUID = 1L;

    @Override
    protected YAMLParser _createParser(InputStream in, IOContext ctxt) throws IOException {
        return _createParser(_createReader(in, null, ctxt), ctxt);
    }

    @Override
    protected YAMLParser _createParser(Reader r, IOContext ctxt) {
        return new NoFiniteNumberAsWords(ctxt, _parserFeatures, _yamlParserFeatures, _loaderOptions, _objectCodec, r);
    }

    private static final class NoFiniteNumberAsWords extends YAMLParser {

        NoFiniteNumberAsWords(IOContext ctxt, int parserFeatures, int formatFeatures, LoaderOptions loaderOptions,
                              ObjectCodec codec, Reader reader) {
            super(ctxt, parserFeatures, formatFeatures, loaderOptions, codec, reader);
        }

        @Override
        protected JsonToken _decodeScalar(ScalarEvent scalar) throws IOException {
            JsonToken token = super._decodeScalar(scalar);
            return token == JsonToken.VALUE_NUMBER_FLOAT && !isFinite(scalar.getValue()) ? JsonToken.VALUE_STRING
                    : token;
        }

        private static boolean isFinite(String yamlFloat) {
            try {
                return Double.isFinite(Double.parseDouble(yamlFloat.replace("_", "")));
            } catch (NumberFormatException e) {
                return false;
            }
        }
    }
}
