package io.plumbline.jobs.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.events.ScalarEvent;

/**
 * Parses a config file, reading YAML's {@code .nan}, {@code .inf} and {@code -.inf} as the words they are
 * written with. Jackson's YAML parser takes them for floats it then cannot parse, and fails the whole file
 * as "not valid YAML"; as words, they reach the key they were given to, which refuses them by name.
 */
final class ConfigYamlFactory extends YAMLFactory {

    private static final long serialVersionUID = 1L;

    @Override
    protected YAMLParser _createParser(InputStream in, IOContext ctxt) throws IOException {
        return _createParser(_createReader(in, null, ctxt), ctxt);
    }

    @Override
    protected YAMLParser _createParser(Reader r, IOContext ctxt) {
        return new NonFiniteAsWords(ctxt, _parserFeatures, _yamlParserFeatures, _loaderOptions, _objectCodec, r);
    }

    private static final class NonFiniteAsWords extends YAMLParser {

        /** YAML 1.1's spellings of the floats that are no finite number. */
        private static final Pattern NON_FINITE = Pattern.compile("[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)");

        NonFiniteAsWords(IOContext ctxt, int parserFeatures, int formatFeatures, LoaderOptions loaderOptions,
                         ObjectCodec codec, Reader reader) {
            super(ctxt, parserFeatures, formatFeatures, loaderOptions, codec, reader);
        }

        @Override
        protected JsonToken _decodeScalar(ScalarEvent scalar) throws IOException {
            JsonToken token = super._decodeScalar(scalar);
            return token == JsonToken.VALUE_NUMBER_FLOAT && NON_FINITE.matcher(scalar.getValue()).matches()
                    ? JsonToken.VALUE_STRING
                    : token;
        }
    }
}
