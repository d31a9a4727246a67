package io.plumbline.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.plumbline.cli.demo.EmbeddedBroker;
import io.plumbline.monitor.config.ConfigLoader;
import io.plumbline.monitor.config.PlumblineConfig;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The local Flink of {@code run} and {@code demo}: what it opens to the network, and when it gives up. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LocalJobRunnerITCase {

    private static EmbeddedBroker broker;

    @TempDir Path checkpoints;

    @BeforeAll
    static void startBroker() throws IOException {
        broker = EmbeddedBroker.start(0, null);
        broker.createTopics(List.of("plumbline.predictions", "plumbline.llm-calls"));
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void listensOnLoopbackOnlyByDefault() throws Exception {
        Set<InetSocketAddress> before = ListeningSockets.ofThisProcess();
        try (LocalJobRunner runner = LocalJobRunner.start(config(), LocalJobRunner.DEFAULT_BIND_ADDRESS)) {
            Set<InetSocketAddress> opened = opened(before);
            int rest = runner.restAddress().getPort();

            // Flink's Prometheus reporter has no address setting: it serves its read-only metrics everywhere
            assertThat(opened).filteredOn(LocalJobRunnerITCase::isFlinkMetrics).as("Flink's metrics reporter")
                    .singleElement().matches(socket -> socket.getAddress().isAnyLocalAddress());
            assertThat(opened).filteredOn(socket -> !isFlinkMetrics(socket))
                    .as("the REST and the BLOB server at least").hasSizeGreaterThanOrEqualTo(2)
                    .allMatch(socket -> socket.getAddress().isLoopbackAddress());
            assertThat(opened).extracting(InetSocketAddress::getPort).contains(rest);
            assertThat(accepts(InetAddress.getLoopbackAddress(), rest)).isTrue();
            Optional<InetAddress> network = networkAddress();
            if (network.isPresent()) {
                assertThat(accepts(network.get(), rest)).as("REST on %s", network.get()).isFalse();
            }
        }
    }

    @Test
    void theBindAddressOpensThemToTheNetwork() throws Exception {
        Set<InetSocketAddress> before = ListeningSockets.ofThisProcess();
        try (LocalJobRunner runner = LocalJobRunner.start(config(), "0.0.0.0")) {
            int rest = runner.restAddress().getPort();

            assertThat(opened(before)).filteredOn(socket -> socket.getPort() == rest)
                    .singleElement().matches(socket -> socket.getAddress().isAnyLocalAddress());
            Optional<InetAddress> network = networkAddress();
            if (network.isPresent()) {
                assertThat(accepts(network.get(), rest)).as("REST on %s", network.get()).isTrue();
            }
        }
    }

    @Test
    void endsTheRunWhenNoTaskManagerIsLeft() throws Exception {
        try (LocalJobRunner runner = LocalJobRunner.start(config(), LocalJobRunner.DEFAULT_BIND_ADDRESS,
                Duration.ofSeconds(2))) {
            runner.ensureRunning();
            // What a fatal error in the TaskManager leaves behind: the jobs, and nowhere to run them.
            runner.cluster().terminateTaskManager(0).get(30, TimeUnit.SECONDS);

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                try {
                    runner.ensureRunning();
                } catch (LocalRunFailure e) {
                    assertThat(e).hasMessageContaining("job 'runner-itcase")
                            .hasMessageContaining("no TaskManager for 2s")
                            .hasMessageContaining("resumes from the last checkpoint");
                    return;
                }
                if (System.nanoTime() > deadline) {
                    fail("the run went on without a TaskManager");
                }
                Thread.sleep(200);
            }
        }
    }

    private PlumblineConfig config() throws Exception {
        return ConfigLoader.load(null, Map.of(
                "kafka.bootstrap-servers", broker.bootstrapServers(),
                "checkpoint.directory", checkpoints.toUri().toString(),
                "job.name", "runner-itcase",
                "llm.job-name", "runner-itcase-llm"));
    }

    /** Whether the socket is Flink's Prometheus reporter's. */
    private static boolean isFlinkMetrics(InetSocketAddress socket) {
        String[] range = LocalJobRunner.FLINK_METRICS_PORTS.split("-");
        return socket.getPort() >= Integer.parseInt(range[0]) && socket.getPort() <= Integer.parseInt(range[1]);
    }

    private static Set<InetSocketAddress> opened(Set<InetSocketAddress> before) throws IOException {
        Set<InetSocketAddress> opened = new HashSet<>(ListeningSockets.ofThisProcess());
        opened.removeAll(before);
        return opened;
    }

    private static boolean accepts(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2_000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    /** An IPv4 address of this machine other than loopback, if it has one. */
    private static Optional<InetAddress> networkAddress() throws IOException {
        return NetworkInterface.networkInterfaces()
                .filter(nic -> {
                    try {
                        return nic.isUp() && !nic.isLoopback();
                    } catch (IOException e) {
                        return false;
                    }
                })
                .flatMap(NetworkInterface::inetAddresses)
                .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
                .findFirst();
    }
}
