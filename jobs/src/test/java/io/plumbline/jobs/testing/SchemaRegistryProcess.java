package io.plumbline.jobs.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real schema registry for a test class: Apicurio Registry, from its distribution on Maven Central (unpacked by
 * the build into {@code target/apicurio-registry}), run as a process of its own with in-memory storage, and
 * spoken to through its Confluent-compatible API. It needs a Java 21+ runtime: this JVM's, or one found beside it.
 */
public final class SchemaRegistryProcess implements BeforeAllCallback, AfterAllCallback {

    private static final Path DISTRIBUTION = Path.of("target", "apicurio-registry");
    private static final String COMPATIBLE_API = "/apis/ccompat/v7";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final int MIN_JAVA = 21;

    private Process process;
    private URI url;

    /** The registry's Confluent-compatible API, what {@code schema-registry.url} names. */
    public URI url() {
        return url;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Path runner = DISTRIBUTION.resolve("quarkus-run.jar");
        if (!Files.exists(runner)) {
            throw new IllegalStateException(runner + " is missing: the build unpacks Apicurio Registry there in"
                    + " pre-integration-test; run the ITCases with mvn verify");
        }
        int port = freePort();
        Path log = Path.of("target", "apicurio-registry-" + port + ".log");
        List<String> command = new ArrayList<>(List.of(java().toString(), "-Xmx512m", "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port, "-Dquarkus.management.enabled=false",
                "-jar", runner.getFileName().toString()));
        process = new ProcessBuilder(command).directory(DISTRIBUTION.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        url = URI.create("http://127.0.0.1:" + port + COMPATIBLE_API);
        awaitUp(log);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private void awaitUp(Path log) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest types = HttpRequest.newBuilder(URI.create(url + "/schemas/types")).timeout(Duration.ofSeconds(5))
                .build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Apicurio Registry exited (" + process.exitValue() + "); its log: "
                        + Files.readString(log));
            }
            try {
                if (http.send(types, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notUpYet) {
                // asked again
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("Apicurio Registry did not answer within " + START_TIMEOUT + "; its log: " + log);
    }

    /** This JVM if it is new enough, else the newest Java 21+ installed beside it. */
    private static Path java() throws IOException {
        Path own = Path.of(System.getProperty("java.home"), "bin", "java");
        if (Runtime.version().feature() >= MIN_JAVA) {
            return own;
        }
        Path installed = Path.of(System.getProperty("java.home")).toRealPath().getParent();
        try (Stream<Path> homes = Files.list(installed)) {
            Optional<Path> found = homes.filter(home -> feature(home) >= MIN_JAVA)
                    .max((a, b) -> Integer.compare(feature(a), feature(b)))
                    .map(home -> home.resolve("bin").resolve("java"));
            return found.orElseThrow(() -> new IllegalStateException("Apicurio Registry needs a Java " + MIN_JAVA
                    + " or newer runtime, and none is installed in " + installed + " beside this Java "
                    + Runtime.version().feature() + ": install one there (such as Temurin 21 or 25)"));
        }
    }

    /** A Java home's feature version, from its {@code release} file; 0 if it is none. */
    private static int feature(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release) || !Files.isExecutable(home.resolve("bin").resolve("java"))) {
            return 0;
        }
        Properties properties = new Properties();
        try (var in = Files.newInputStream(release)) {
            properties.load(in);
        } catch (IOException e) {
            return 0;
        }
        String version = properties.getProperty("JAVA_VERSION", "\"0\"").replace("\"", "");
        try {
            return Integer.parseInt(version.split("[.+-]")[0]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
