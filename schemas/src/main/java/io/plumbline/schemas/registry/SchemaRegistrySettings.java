package io.plumbline.schemas.registry;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where a schema registry answers and how to reach it: what a decoder needs to fetch the writer schemas of
 * records in Confluent's wire format. Serializable, so that a Flink source can carry it to its subtasks; its
 * {@link #toString()} leaves the password out.
 *
 * @param urls the registry's base URLs, tried in turn (Confluent's, or Apicurio's {@code .../apis/ccompat/v7})
 * @param username basic-auth user, or null for none
 * @param password basic-auth password; null exactly when {@code username} is
 * @param truststore a PKCS12 or JKS file of the certificates to trust for https, or null for the JVM's
 * @param truststorePassword its password, or null
 * @param keystore a PKCS12 or JKS file of this client's key and certificate for mutual TLS, or null
 * @param keystorePassword its password (also the key's), or null
 * @param requestTimeout how long one request may take
 * @param retryFor how long a registry that does not answer is asked again before the decoder gives up
 */
public record SchemaRegistrySettings(List<URI> urls, String username, String password, String truststore,
                                     String truststorePassword, String keystore, String keystorePassword,
                                     Duration requestTimeout, Duration retryFor) implements Serializable {

    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_RETRY_FOR = Duration.ofMinutes(1);

    public SchemaRegistrySettings {
        urls = List.copyOf(urls);
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("urls: give at least one schema registry URL");
        }
        for (URI url : urls) {
            if (!"http".equalsIgnoreCase(url.getScheme()) && !"https".equalsIgnoreCase(url.getScheme())) {
                throw new IllegalArgumentException("urls: " + url.getScheme() + " is not http or https");
            }
        }
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException("username and password: give both or neither");
        }
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(retryFor, "retryFor");
    }

    /** A registry at {@code url} without credentials or TLS settings of its own, and the default timeouts. */
    public static SchemaRegistrySettings of(URI url) {
        return new SchemaRegistrySettings(List.of(url), null, null, null, null, null, null, DEFAULT_REQUEST_TIMEOUT,
                DEFAULT_RETRY_FOR);
    }

    @Override
    public String toString() {
        return "SchemaRegistrySettings[urls=" + urls + (username == null ? "" : ", username=" + username)
                + (truststore == null ? "" : ", truststore=" + truststore)
                + (keystore == null ? "" : ", keystore=" + keystore) + ", requestTimeout=" + requestTimeout
                + ", retryFor=" + retryFor + "]";
    }
}
