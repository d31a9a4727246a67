package io.plumbline.schemas.registry;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The part of a schema registry's REST API that Confluent's serializers use, as Confluent's registry and
 * Apicurio's compatibility API both speak it: a schema by its id, a subject's version (for references), and
 * registering a schema under a subject.
 *
 * <p>A registry that does not answer, or answers 5xx, 408 or 429, is asked again, with backoff and each URL in
 * turn, for {@link SchemaRegistrySettings#retryFor()}; then, and at once for a refusal of the credentials or an
 * answer that is no registry's, a {@link RegistryUnavailableException}. A schema the registry says it does not
 * have is a {@link NotFoundException}: a fact about the record that names it.
 *
 * <p>Blocking, and safe to share between threads.
 */
public final class SchemaRegistryClient {

    /** Confluent's error codes for a subject, a version and a schema the registry does not have. */
    private static final Set<Integer> NOT_FOUND_CODES = Set.of(40401, 40402, 40403);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration LAST_BACKOFF = Duration.ofSeconds(5);
    private static final String ACCEPT = "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json,"
            + " application/json";
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A schema as the registry holds it. {@code type} is AVRO when the registry leaves it out, as Confluent's does. */
    public record RegisteredSchema(String schema, String type, List<Reference> references) {
    }

    /** Another subject's schema version that a schema names types of. */
    public record Reference(String name, String subject, int version) {
    }

    /** The registry answered that it has no such schema, subject or version. */
    public static final class NotFoundException extends Exception {
        NotFoundException(String message) {
            super(message, null, false, false);
        }
    }

    private final SchemaRegistrySettings settings;
    private final HttpClient http;
    private final String authorization;

    public SchemaRegistryClient(SchemaRegistrySettings settings) {
        this.settings = settings;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(settings.requestTimeout());
        SSLContext tls = tlsContext(settings);
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.http = builder.build();
        this.authorization = settings.username() == null ? null : "Basic " + Base64.getEncoder().encodeToString(
                (settings.username() + ":" + settings.password()).getBytes(StandardCharsets.UTF_8));
    }

    /** The schema registered under {@code id}: {@code GET /schemas/ids/{id}}. */
    public RegisteredSchema schemaById(int id) throws NotFoundException {
        return registeredSchema(send("/schemas/ids/" + id, null), "schema id " + id);
    }

    /** Version {@code version} of {@code subject}: {@code GET /subjects/{subject}/versions/{version}}. */
    public RegisteredSchema schemaOf(String subject, int version) throws NotFoundException {
        return registeredSchema(send("/subjects/" + pathSegment(subject) + "/versions/" + version, null),
                "subject " + subject + " version " + version);
    }

    /**
     * Registers the Avro schema {@code schema} under {@code subject}, or finds it registered there already:
     * {@code POST /subjects/{subject}/versions}; its id.
     */
    public int register(String subject, String schema) {
        ObjectNode body = JSON.createObjectNode().put("schema", schema).put("schemaType", "AVRO");
        try {
            JsonNode id = send("/subjects/" + pathSegment(subject) + "/versions", body.toString()).path("id");
            if (!id.canConvertToInt()) {
                throw new RegistryUnavailableException("the schema registry at " + settings.urls()
                        + " registered the schema under " + subject + " without saying its id", null);
            }
            return id.intValue();
        } catch (NotFoundException e) {
            throw new RegistryUnavailableException("the schema registry refused to register under " + subject + ": "
                    + e.getMessage(), null);
        }
    }

    private JsonNode send(String path, String postBody) throws NotFoundException {
        long deadline = System.nanoTime() + settings.retryFor().toNanos();
        Duration backoff = FIRST_BACKOFF;
        String problem;
        for (int attempt = 0; ; attempt++) {
            URI base = settings.urls().get(attempt % settings.urls().size());
            URI uri = URI.create(stripSlash(base.toString()) + path);
            String call = (postBody == null ? "GET " : "POST ") + uri;
            try {
                HttpResponse<String> response = http.send(request(uri, postBody), HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return parse(response.body(), call);
                }
                problem = call + " answered HTTP " + status + body(response.body());
                if (status == 401 || status == 403) {
                    throw new RegistryUnavailableException(problem + "; the registry refused these credentials: check"
                            + " schema-registry.username and schema-registry.password", null);
                }
                if (status == 404) {
                    Integer code = errorCode(response.body());
                    if (code != null && NOT_FOUND_CODES.contains(code)) {
                        throw new NotFoundException(problem);
                    }
                    throw new RegistryUnavailableException(problem + ", without a schema registry's error code: is"
                            + " schema-registry.url the registry's base URL (for Apicurio, .../apis/ccompat/v7)?", null);
                }
                if (status < 500 && status != 408 && status != 429) {
                    throw new RegistryUnavailableException(problem, null);
                }
            } catch (IOException e) {
                problem = call + " failed: " + e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryUnavailableException(call + " was interrupted", e);
            }
            if (System.nanoTime() + backoff.toNanos() > deadline) {
                throw new RegistryUnavailableException("the schema registry did not answer within "
                        + settings.retryFor() + " (schema-registry.retry-for), asked " + (attempt + 1) + " times; last: "
                        + problem + ". Records need their writer schema, so they are not dead-lettered meanwhile:"
                        + " check schema-registry.url and that the registry runs", null);
            }
            sleep(backoff);
            backoff = backoff.multipliedBy(2).compareTo(LAST_BACKOFF) > 0 ? LAST_BACKOFF : backoff.multipliedBy(2);
        }
    }

    private HttpRequest request(URI uri, String postBody) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(settings.requestTimeout())
                .header("Accept", ACCEPT);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (postBody == null) {
            return request.GET().build();
        }
        return request.header("Content-Type", CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(postBody, StandardCharsets.UTF_8)).build();
    }

    private static RegisteredSchema registeredSchema(JsonNode answer, String what) throws NotFoundException {
        JsonNode schema = answer.path("schema");
        if (!schema.isTextual()) {
            throw new RegistryUnavailableException("the schema registry answered for " + what
                    + " without a 'schema' text: " + body(answer.toString()), null);
        }
        List<Reference> references = new ArrayList<>();
        for (JsonNode reference : answer.path("references")) {
            references.add(new Reference(reference.path("name").asText(), reference.path("subject").asText(),
                    reference.path("version").asInt()));
        }
        return new RegisteredSchema(schema.asText(), answer.path("schemaType").asText("AVRO"), references);
    }

    private static JsonNode parse(String body, String call) {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new RegistryUnavailableException(call + " answered with no JSON" + body(body)
                    + ": is schema-registry.url a schema registry?", null);
        }
    }

    private static Integer errorCode(String body) {
        try {
            JsonNode code = JSON.readTree(body).path("error_code");
            return code.canConvertToInt() ? code.intValue() : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** A registry's answer, shortened for a message. */
    private static String body(String body) {
        String oneLine = body == null ? "" : body.strip().replaceAll("\\s+", " ");
        if (oneLine.isEmpty()) {
            return "";
        }
        return ": " + (oneLine.length() > 300 ? oneLine.substring(0, 300) + "…" : oneLine);
    }

    private static String pathSegment(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static void sleep(Duration backoff) {
        try {
            Thread.sleep(backoff.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnavailableException("interrupted while waiting to ask the schema registry again", e);
        }
    }

    /**
     * The TLS context of the settings' trust and key stores, or null for the JVM's default.
     *
     * @throws IllegalArgumentException naming the file that cannot be read
     */
    public static SSLContext tlsContext(SchemaRegistrySettings settings) {
        if (settings.truststore() == null && settings.keystore() == null) {
            return null;
        }
        try {
            TrustManagerFactory trust = null;
            if (settings.truststore() != null) {
                trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(load(settings.truststore(), settings.truststorePassword(), "truststore"));
            }
            KeyManagerFactory keys = null;
            if (settings.keystore() != null) {
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(load(settings.keystore(), settings.keystorePassword(), "keystore"),
                        chars(settings.keystorePassword()));
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(),
                    null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the schema registry's TLS settings cannot be used: " + e.getMessage(), e);
        }
    }

    private static KeyStore load(String file, String password, String which) {
        try {
            return KeyStore.getInstance(new File(file), chars(password));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(which + " " + file + " cannot be read as PKCS12 or JKS"
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "; check the file and its password", e);
        }
    }

    private static char[] chars(String password) {
        return password == null ? null : password.toCharArray();
    }
}
