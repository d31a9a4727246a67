package io.plumbline.cli.command;

import io.plumbline.cli.local.LocalJobRunner;
import java.net.InetAddress;
import java.net.URI;
import picocli.CommandLine.Option;

/** Where the local Flink of {@code run} and {@code demo} listens: this machine only, unless told otherwise. */
final class BindAddressOption {

    @Option(names = "--bind-address", paramLabel = "ADDRESS", defaultValue = LocalJobRunner.DEFAULT_BIND_ADDRESS,
            description = {
                "Address the local Flink's web UI and REST API (and its BLOB server) listen on. Default:"
                        + " ${DEFAULT-VALUE}, this machine only. 0.0.0.0 (or one of this machine's addresses) opens the web UI to"
                        + " the network, and with it the REST API, which lets whoever reaches it cancel the jobs:"
                        + " open it on a trusted network only.",
            })
    InetAddress address;

    String hostAddress() {
        return address.getHostAddress();
    }

    /** Where the web UI answers, and to whom. */
    String describe(URI webUi) {
        return address.isLoopbackAddress()
                ? "Flink's web UI: " + webUi + " (this machine only; --bind-address opens it)."
                : "Flink's web UI: " + webUi + ", listening on " + hostAddress()
                        + ": whoever reaches it can cancel the jobs.";
    }
}
