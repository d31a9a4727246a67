package io.plumbline.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.delivery.webhook.WebhookHeaders;
import io.plumbline.delivery.webhook.WebhookSecret;
import io.plumbline.delivery.webhook.WebhookSigner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class VerifyWebhookCommandTest {

    private static final String OLD = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String NEW = "a-new-plain-secret-after-rotation";
    private static final byte[] BODY = "{\"receiver\":\"on-call\",\"status\":\"firing\"}".getBytes(StandardCharsets.UTF_8);

    @TempDir Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void acceptsADeliverySignedWithAnyOfTheSecretsAndRefusesAnAlteredOne() throws Exception {
        WebhookHeaders headers = new WebhookSigner(List.of(WebhookSecret.parse(OLD)))
                .sign("msg_0123", Instant.now().getEpochSecond(), BODY);
        Path body = Files.write(dir.resolve("body.json"), BODY);

        assertThat(run(Map.of("PLUMBLINE_WEBHOOK_SECRET", NEW + " " + OLD), headers, body)).isZero();
        assertThat(out.toString()).isEqualTo("signature valid" + System.lineSeparator());

        Path altered = Files.writeString(dir.resolve("altered.json"), "{\"receiver\":\"on-call\",\"status\":\"resolved\"}");
        out.getBuffer().setLength(0);
        assertThat(run(Map.of("PLUMBLINE_WEBHOOK_SECRET", OLD), headers, altered)).isEqualTo(1);
        assertThat(out.toString()).startsWith("signature invalid: no v1 signature matches any secret");
    }

    @Test
    void saysWhichVariableToSetWhenTheSecretIsMissing() throws Exception {
        WebhookHeaders headers = new WebhookSigner(List.of(WebhookSecret.parse(OLD)))
                .sign("msg_0123", Instant.now().getEpochSecond(), BODY);

        assertThat(run(Map.of(), headers, Files.write(dir.resolve("body.json"), BODY))).isEqualTo(1);
        assertThat(err.toString()).startsWith("environment variable PLUMBLINE_WEBHOOK_SECRET is not set");
    }

    private int run(Map<String, String> environment, WebhookHeaders headers, Path body) {
        VerifyWebhookCommand command = new VerifyWebhookCommand();
        command.environment = environment::get;
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute("--id", headers.id(), "--timestamp", Long.toString(headers.timestamp()),
                "--signature", headers.signature(), "--body", body.toString());
    }
}
