package io.plumbline.monitor.pricing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plumbline.monitor.config.ConfigException;

/** Opening and parsing price files, with the failures worded for the operator who set the config key. */
final class SourceFiles {

    /** Turns one price file into its entries. */
    interface Parser<T> {
        T read(String name, InputStream in) throws ConfigException;
    }

    private SourceFiles() {
    }

    static <T> T read(Path file, String configKey, Parser<T> parser) throws ConfigException {
        try (InputStream in = Files.newInputStream(file)) {
            return parser.read(file.toString(), in);
        } catch (NoSuchFileException e) {
            throw new ConfigException(List.of(configKey + ": " + file + ": no such file; give the path of the price file"));
        } catch (IOException e) {
            throw new ConfigException(List.of(configKey + ": " + file + ": cannot be read: " + e));
        }
    }

    /** The document's tree; an empty document reads as a missing node. */
    static JsonNode tree(ObjectMapper mapper, String format, String name, InputStream in) throws ConfigException {
        try {
            JsonNode root = mapper.readTree(in);
            return root == null ? mapper.missingNode() : root;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new ConfigException(List.of(name + where + ": not valid " + format + ": "
                    + e.getOriginalMessage().lines().findFirst().orElse("")));
        } catch (IOException e) {
            throw new ConfigException(List.of(name + ": cannot be read: " + e));
        }
    }

    /** A node's kind in words, for "expected ..., got a list". */
    static String kind(JsonNode node) {
        if (node.isArray()) {
            return "a list";
        }
        if (node.isObject()) {
            return "a map of keys";
        }
        return "'" + node.asText() + "'";
    }
}
