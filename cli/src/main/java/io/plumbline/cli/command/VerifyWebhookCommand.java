package io.plumbline.cli.command;

import io.plumbline.delivery.webhook.Verification;
import io.plumbline.delivery.webhook.WebhookSecret;
import io.plumbline.delivery.webhook.WebhookVerifier;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "verify-webhook",
        description = {
            "Checks one webhook delivery as a receiver must: the webhook-signature header holds a v1 HMAC-SHA256 of"
                    + " <webhook-id>.<webhook-timestamp>.<body> under one of the secrets, and the timestamp is recent.",
            "The secrets come from an environment variable (never the command line, which lands in shell history"
                    + " and process lists); several separated by spaces, as while one is rotated out.",
            "Exit status 0 and 'signature valid', or 1 and why not.",
        })
public final class VerifyWebhookCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--id", required = true, paramLabel = "ID", description = "The webhook-id header.")
    String id;

    @Option(names = "--timestamp", required = true, paramLabel = "SECONDS",
            description = "The webhook-timestamp header (unix seconds).")
    String timestamp;

    @Option(names = "--signature", required = true, paramLabel = "SIGNATURES",
            description = "The webhook-signature header, e.g. 'v1,K5oZ...='.")
    String signature;

    @Option(names = "--body", paramLabel = "FILE",
            description = "The request body exactly as received; '-' (the default) reads it from stdin.")
    String body = "-";

    @Option(names = "--secret-env", paramLabel = "NAME", defaultValue = "PLUMBLINE_WEBHOOK_SECRET",
            description = "The environment variable that holds the secret. Default: ${DEFAULT-VALUE}.")
    String secretEnv;

    @Option(names = "--tolerance", paramLabel = "DURATION", defaultValue = "5m", converter = DurationConverter.class,
            description = "How far the timestamp may be from this machine's clock. Default: ${DEFAULT-VALUE}.")
    Duration tolerance;

    /** Where the secret is read from: the process environment, or a test's. */
    Function<String, String> environment = System::getenv;

    @Override
    public Integer call() throws Exception {
        String secrets = environment.apply(secretEnv);
        if (secrets == null || secrets.isBlank()) {
            spec.commandLine().getErr().println("environment variable " + secretEnv + " is not set: export the"
                    + " webhook's secret in it (the serve.webhooks[].secret value), or name another with --secret-env");
            return 1;
        }
        byte[] bytes;
        if (body.equals("-")) {
            try (InputStream in = System.in) {
                bytes = in.readAllBytes();
            }
        } else {
            bytes = Files.readAllBytes(Path.of(body));
        }
        List<WebhookSecret> keys = Arrays.stream(secrets.trim().split("\\s+")).map(WebhookSecret::parse).toList();
        Verification verification = new WebhookVerifier(keys, tolerance, Clock.systemUTC())
                .verify(id, timestamp, signature, bytes);
        if (verification.valid()) {
            spec.commandLine().getOut().println("signature valid");
            return 0;
        }
        spec.commandLine().getOut().println("signature invalid: " + verification.reason());
        return 1;
    }
}
