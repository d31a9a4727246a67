package io.plumbline.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.plumbline.schemas.registry.SchemaRegistryClient.NotFoundException;
import io.plumbline.schemas.registry.SchemaRegistryClient.RegisteredSchema;
import io.plumbline.testing.registry.LocalRegistry;
import io.plumbline.testing.registry.LocalRegistry.Answer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against a local HTTP server that answers as a schema registry does. */
class SchemaRegistryClientTest {

    private static final String SCHEMA = "{\"type\":\"record\",\"name\":\"P\",\"fields\":[{\"name\":\"a\",\"type\":\"long\"}]}";
    private static final Answer FOUND = new Answer(200, "{\"schema\":" + quoted(SCHEMA) + "}");
    private static final Answer NOT_FOUND = new Answer(404, "{\"error_code\":40403,\"message\":\"Schema 9 not found\"}");
    private static final Duration SHORT_RETRY = Duration.ofMillis(600);

    @TempDir
    static Path keys;
    private static String keystore;

    @BeforeAll
    static void selfSignedKeyForLocalhost() throws Exception {
        keystore = keys.resolve("registry.p12").toString();
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "registry", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keystore, "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
    }

    @Test
    void fetchesASchemaByIdUnderTheBasePathWithBasicAuth() throws Exception {
        try (LocalRegistry registry = LocalRegistry.http().on("/apis/ccompat/v7/schemas/ids/7", FOUND)) {
            SchemaRegistrySettings settings = new SchemaRegistrySettings(List.of(registry.url("/apis/ccompat/v7/")),
                    "plumbline", "s3cret", null, null, null, null, Duration.ofSeconds(5), SHORT_RETRY);

            RegisteredSchema schema = new SchemaRegistryClient(settings).schemaById(7);

            assertThat(schema.schema()).isEqualTo(SCHEMA);
            assertThat(schema.type()).isEqualTo("AVRO");
            assertThat(schema.references()).isEmpty();
            LocalRegistry.Request request = registry.requests().get(0);
            assertThat(request.method()).isEqualTo("GET");
            assertThat(request.accept()).contains("application/vnd.schemaregistry.v1+json");
            assertThat(request.authorization()).isEqualTo("Basic " + Base64.getEncoder()
                    .encodeToString("plumbline:s3cret".getBytes(StandardCharsets.UTF_8)));
            assertThat(settings.toString()).contains("plumbline").doesNotContain("s3cret");
        }
    }

    @Test
    void aSchemaTheRegistryDoesNotHaveIsNotFound() throws Exception {
        try (LocalRegistry registry = LocalRegistry.http().on("/schemas/ids/9", NOT_FOUND)) {
            SchemaRegistryClient client = new SchemaRegistryClient(settings(registry.url("")));

            assertThatThrownBy(() -> client.schemaById(9)).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("answered HTTP 404").hasMessageContaining("Schema 9 not found");
        }
    }

    @Test
    void aNotFoundWithoutARegistrysErrorCodeMeansAWrongUrlAndStopsAtOnce() throws Exception {
        try (LocalRegistry registry = LocalRegistry.http()) {
            SchemaRegistryClient client = new SchemaRegistryClient(settings(registry.url("/wrong")));

            assertThatThrownBy(() -> client.schemaById(9)).isInstanceOf(RegistryUnavailableException.class)
                    .hasMessageContaining("is schema-registry.url the registry's base URL");
            assertThat(registry.requests()).hasSize(1);
        }
    }

    @Test
    void refusedCredentialsStopAtOnceNamingTheKeys() throws Exception {
        try (LocalRegistry registry = LocalRegistry.http().on("/schemas/ids/1",
                new Answer(401, "{\"error_code\":401,\"message\":\"Unauthorized\"}"))) {
            SchemaRegistryClient client = new SchemaRegistryClient(settings(registry.url("")));

            assertThatThrownBy(() -> client.schemaById(1)).isInstanceOf(RegistryUnavailableException.class)
                    .hasMessageContaining("HTTP 401").hasMessageContaining("schema-registry.username");
            assertThat(registry.requests()).hasSize(1);
        }
    }

    @Test
    void aRegistryThatFailsForAWhileIsAskedAgain() throws Exception {
        Answer unavailable = new Answer(503, "{\"error_code\":50003,\"message\":\"starting\"}");
        try (LocalRegistry registry = LocalRegistry.http().on("/schemas/ids/7", unavailable, unavailable, FOUND)) {
            SchemaRegistrySettings settings = new SchemaRegistrySettings(List.of(registry.url("")), null, null, null,
                    null, null, null, Duration.ofSeconds(5), Duration.ofSeconds(30));

            assertThat(new SchemaRegistryClient(settings).schemaById(7).schema()).isEqualTo(SCHEMA);
            assertThat(registry.requests()).hasSize(3);
        }
    }

    @Test
    void aRegistryThatDoesNotAnswerFailsLoudlyAfterRetryFor() throws Exception {
        URI nobody = URI.create("http://127.0.0.1:" + freePort());

        assertThatThrownBy(() -> new SchemaRegistryClient(settings(nobody)).schemaById(7))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining("did not answer within PT0.6S (schema-registry.retry-for)")
                .hasMessageContaining("GET " + nobody + "/schemas/ids/7 failed")
                .hasMessageContaining("they are not dead-lettered meanwhile");
    }

    @Test
    void theNextUrlIsTriedWhenOneDoesNotAnswer() throws Exception {
        try (LocalRegistry registry = LocalRegistry.http().on("/schemas/ids/7", FOUND)) {
            URI nobody = URI.create("http://127.0.0.1:" + freePort());
            SchemaRegistrySettings settings = new SchemaRegistrySettings(List.of(nobody, registry.url("")), null, null,
                    null, null, null, null, Duration.ofSeconds(5), Duration.ofSeconds(30));

            assertThat(new SchemaRegistryClient(settings).schemaById(7).schema()).isEqualTo(SCHEMA);
        }
    }

    @Test
    void referencesAndTypesAreRead() throws Exception {
        String answer = "{\"schema\":" + quoted(SCHEMA) + ",\"schemaType\":\"AVRO\",\"references\":[{\"name\":"
                + "\"com.acme.Money\",\"subject\":\"money value\",\"version\":2}]}";
        try (LocalRegistry registry = LocalRegistry.http().on("/schemas/ids/5", new Answer(200, answer))
                .on("/subjects/money%20value/versions/2", FOUND)) {
            SchemaRegistryClient client = new SchemaRegistryClient(settings(registry.url("")));

            assertThat(client.schemaById(5).references())
                    .containsExactly(new SchemaRegistryClient.Reference("com.acme.Money", "money value", 2));
            assertThat(client.schemaOf("money value", 2).schema()).isEqualTo(SCHEMA);
        }
    }

    @Test
    void registersASchemaUnderASubject() throws Exception {
        try (LocalRegistry registry = LocalRegistry.http().on("/subjects/p-value/versions",
                new Answer(200, "{\"id\":31}"))) {
            assertThat(new SchemaRegistryClient(settings(registry.url(""))).register("p-value", SCHEMA)).isEqualTo(31);
            assertThat(registry.requests().get(0).method()).isEqualTo("POST");
            assertThat(registry.requests().get(0).body()).contains("\"schema\":" + quoted(SCHEMA));
        }
    }

    @Test
    void httpsWithATruststoreAndAClientCertificate() throws Exception {
        SchemaRegistrySettings mutual = new SchemaRegistrySettings(List.of(URI.create("https://localhost")), null, null,
                keystore, "changeit", keystore, "changeit", Duration.ofSeconds(5), SHORT_RETRY);
        try (LocalRegistry registry = LocalRegistry.https(SchemaRegistryClient.tlsContext(mutual), true)
                .on("/schemas/ids/7", FOUND)) {
            SchemaRegistrySettings settings = new SchemaRegistrySettings(List.of(registry.url("")), null, null,
                    keystore, "changeit", keystore, "changeit", Duration.ofSeconds(5), SHORT_RETRY);

            assertThat(new SchemaRegistryClient(settings).schemaById(7).schema()).isEqualTo(SCHEMA);

            SchemaRegistrySettings untrusting = new SchemaRegistrySettings(List.of(registry.url("")), null, null, null,
                    null, null, null, Duration.ofSeconds(5), SHORT_RETRY);
            assertThatThrownBy(() -> new SchemaRegistryClient(untrusting).schemaById(7))
                    .isInstanceOf(RegistryUnavailableException.class)
                    .hasMessageContaining("SSLHandshakeException");
        }
    }

    @Test
    void anUnreadableTruststoreIsNamed() {
        SchemaRegistrySettings wrongPassword = new SchemaRegistrySettings(List.of(URI.create("https://localhost")),
                null, null, keystore, "not-it", null, null, Duration.ofSeconds(5), SHORT_RETRY);

        assertThatThrownBy(() -> SchemaRegistryClient.tlsContext(wrongPassword))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("truststore " + keystore + " cannot be read as PKCS12 or JKS");
    }

    private static SchemaRegistrySettings settings(URI url) {
        return new SchemaRegistrySettings(List.of(url), null, null, null, null, null, null, Duration.ofSeconds(5),
                SHORT_RETRY);
    }

    private static String quoted(String json) {
        return "\"" + json.replace("\"", "\\\"") + "\"";
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
