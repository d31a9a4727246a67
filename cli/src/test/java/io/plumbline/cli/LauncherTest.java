package io.plumbline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code plumbline} launcher script at the root of the checkout, run as a user runs it. */
class LauncherTest {

    /** The HotSpot exit code of -XX:+ExitOnOutOfMemoryError. */
    private static final int EXIT_ON_OUT_OF_MEMORY = 3;

    @TempDir Path checkout;

    @Test
    void itsJvmExitsOnOutOfMemoryInsteadOfLivingOnHalfDead() throws Exception {
        Path launcher = Files.copy(Path.of("..", "plumbline"), checkout.resolve("plumbline"));
        Files.copy(Path.of("..", "pom.xml"), checkout.resolve("pom.xml"));
        Path jar = probeJar(checkout.resolve("cli/target/plumbline.jar"));
        // Newer than every source, so the launcher runs the jar as it is instead of building one.
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plus(1, ChronoUnit.HOURS)));

        ProcessBuilder builder = new ProcessBuilder("bash", launcher.toString())
                .redirectErrorStream(true)
                .redirectOutput(checkout.resolve("output.log").toFile());
        builder.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":"
                + System.getenv("PATH"));
        builder.environment().put("PLUMBLINE_JAVA_OPTS", "-Xmx32m");
        Process process = builder.start();
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor();
        }
        String output = Files.readString(checkout.resolve("output.log"));

        assertThat(exited).as("the JVM exited on OutOfMemoryError; it said:%n%s", output).isTrue();
        assertThat(process.exitValue()).as(output).isEqualTo(EXIT_ON_OUT_OF_MEMORY);
        assertThat(output).contains("Terminating due to java.lang.OutOfMemoryError");
    }

    /** A jar in the launcher's place whose main class is {@link OutOfMemoryProbe}. */
    private static Path probeJar(Path jar) throws IOException {
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, OutOfMemoryProbe.class.getName());
        String entry = OutOfMemoryProbe.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file, manifest);
                InputStream probe = OutOfMemoryProbe.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            probe.transferTo(out);
            out.closeEntry();
        }
        return jar;
    }
}
