package io.plumbline.monitor.config;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.plumbline.schemas.codec.PayloadFormat;
import io.plumbline.schemas.registry.SchemaRegistryClient;
import io.plumbline.schemas.registry.SchemaRegistrySettings;

/**
 * Reads the {@code schema-registry} section: where the writer schemas of records in Confluent's wire format
 * are fetched, and how to log in.
 *
 * <pre>
 * schema-registry:
 *   url: https://schema-registry:8081
 *   username: plumbline
 *   password: "${SCHEMA_REGISTRY_PASSWORD}"
 *   truststore: /etc/plumbline/registry-ca.p12
 * </pre>
 *
 * A topic read as {@code confluent-avro} needs the URL; under {@code auto} without one, such records are
 * dead-lettered saying so. The stores are read here, so that a bad path or password is refused when the
 * config is checked, not when the first record arrives.
 */
final class SchemaRegistrySection {

    static final String PREFIX = "schema-registry.";

    private SchemaRegistrySection() {
    }

    /** Null when no URL is set; every problem goes to {@code s}. */
    static SchemaRegistrySettings read(Settings s, Map<String, PayloadFormat> formats) {
        List<URI> urls = ConfigKeys.REGISTRY_URLS.read(s);
        String username = ConfigKeys.REGISTRY_USERNAME.read(s);
        String password = ConfigKeys.REGISTRY_PASSWORD.read(s);
        Path truststore = ConfigKeys.REGISTRY_TRUSTSTORE.read(s);
        String truststorePassword = ConfigKeys.REGISTRY_TRUSTSTORE_PASSWORD.read(s);
        Path keystore = ConfigKeys.REGISTRY_KEYSTORE.read(s);
        String keystorePassword = ConfigKeys.REGISTRY_KEYSTORE_PASSWORD.read(s);
        var requestTimeout = ConfigKeys.REGISTRY_REQUEST_TIMEOUT.read(s);
        var retryFor = ConfigKeys.REGISTRY_RETRY_FOR.read(s);
        if (s.isRefused(ConfigKeys.REGISTRY_URLS.key())) {
            return null;
        }
        if (urls.isEmpty()) {
            formats.forEach((key, format) -> {
                if (format == PayloadFormat.CONFLUENT_AVRO) {
                    s.problem(key + ": confluent-avro reads each record's writer schema from a schema registry: set"
                            + " schema-registry.url, such as http://schema-registry:8081");
                }
            });
            for (String key : s.keysUnder(PREFIX)) {
                s.problem(PREFIX + key + ": applies only with schema-registry.url; set it, or remove this key");
            }
            return null;
        }
        boolean usable = pair(s, ConfigKeys.REGISTRY_USERNAME.key(), username, ConfigKeys.REGISTRY_PASSWORD.key(),
                password)
                & needs(s, ConfigKeys.REGISTRY_TRUSTSTORE_PASSWORD.key(), truststorePassword,
                        ConfigKeys.REGISTRY_TRUSTSTORE.key(), truststore)
                & needs(s, ConfigKeys.REGISTRY_KEYSTORE_PASSWORD.key(), keystorePassword,
                        ConfigKeys.REGISTRY_KEYSTORE.key(), keystore)
                & exists(s, ConfigKeys.REGISTRY_TRUSTSTORE.key(), truststore)
                & exists(s, ConfigKeys.REGISTRY_KEYSTORE.key(), keystore);
        if (!usable) {
            return null;
        }
        SchemaRegistrySettings settings = new SchemaRegistrySettings(urls, username, password, string(truststore),
                truststorePassword, string(keystore), keystorePassword, requestTimeout, retryFor);
        try {
            SchemaRegistryClient.tlsContext(settings);
        } catch (IllegalArgumentException e) {
            s.problem(PREFIX + (e.getMessage().startsWith("keystore") ? "keystore" : "truststore") + ": "
                    + e.getMessage());
        }
        return settings;
    }

    /** Whether a user and a password are given both or neither; a problem when not. */
    private static boolean pair(Settings s, String userKey, String user, String passwordKey, String password) {
        if (user != null && password == null) {
            s.problem(userKey + ": set " + passwordKey + " too, or remove it");
            return false;
        }
        if (user == null && password != null) {
            s.problem(passwordKey + ": set " + userKey + " too, or remove it");
            return false;
        }
        return true;
    }

    /** Whether a store's password comes with its store; a problem when not. */
    private static boolean needs(Settings s, String key, String value, String storeKey, Path store) {
        if (value != null && store == null) {
            s.problem(key + ": applies only with " + storeKey + "; set it, or remove this key");
            return false;
        }
        return true;
    }

    private static boolean exists(Settings s, String key, Path file) {
        if (file != null && !Files.isReadable(file)) {
            s.problem(key + ": " + file + " is not a readable file; give the path of a PKCS12 or JKS file");
            return false;
        }
        return true;
    }

    private static String string(Path path) {
        return path == null ? null : path.toAbsolutePath().toString();
    }
}
