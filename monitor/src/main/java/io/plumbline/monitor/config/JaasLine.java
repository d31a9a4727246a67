package io.plumbline.monitor.config;

import java.io.IOException;
import java.io.StreamTokenizer;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Set;

/**
 * Whether a {@code sasl.jaas.config} value reads as the one login line a Kafka client takes:
 * {@code <LoginModule class> <flag> [name=value ...];}, read as Kafka reads it (its {@code JaasConfig}: the
 * same tokenizer settings, a value a word or a quoted string, but not a bare number). Checked when the config
 * is loaded, because Kafka's own error about a line it cannot read quotes a piece of it: the word after an
 * unquoted password with a space in it, which is the rest of the password.
 */
final class JaasLine {

    static final String KEY = "sasl.jaas.config";
    static final String EXPECTED = "one login line such as org.apache.kafka.common.security.plain.PlainLoginModule"
            + " required username=\"...\" password=\"...\"; (each value in double quotes, the line ending in ';')";

    private static final Set<String> FLAGS = Set.of("REQUIRED", "REQUISITE", "SUFFICIENT", "OPTIONAL");

    private JaasLine() {
    }

    static boolean reads(String line) {
        StreamTokenizer tokens = new StreamTokenizer(new StringReader(line));
        tokens.slashSlashComments(true);
        tokens.slashStarComments(true);
        tokens.wordChars('-', '-');
        tokens.wordChars('_', '_');
        tokens.wordChars('$', '$');
        try {
            int modules = 0;
            while (tokens.nextToken() != StreamTokenizer.TT_EOF) {
                if (!module(tokens)) {
                    return false;
                }
                modules++;
            }
            return modules == 1;
        } catch (IOException e) {
            throw new UncheckedIOException("reading a string cannot fail", e);
        }
    }

    /** The module whose class name is the current token, up to and with its ';'. */
    private static boolean module(StreamTokenizer tokens) throws IOException {
        if (tokens.sval == null || tokens.sval.isEmpty() || tokens.nextToken() == StreamTokenizer.TT_EOF || tokens.sval == null
                || !FLAGS.contains(tokens.sval.toUpperCase(Locale.ROOT))) {
            return false;
        }
        while (tokens.nextToken() != StreamTokenizer.TT_EOF && tokens.ttype != ';') {
            if (tokens.nextToken() != '=' || tokens.nextToken() == StreamTokenizer.TT_EOF || tokens.sval == null) {
                return false;
            }
        }
        return tokens.ttype == ';';
    }
}
