package io.plumbline.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.cli.Plumbline;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class BrokerCommandTest {

    private static final Pattern READY = Pattern.compile("bootstrap servers (127\\.0\\.0\\.1:\\d+)");

    @Test
    void servesTheDefaultTopicsUntilStopped() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = Plumbline.commandLine();
        cli.setOut(new PrintWriter(out, true));
        AtomicInteger exit = new AtomicInteger(-1);
        Thread broker = new Thread(() -> exit.set(cli.execute("broker", "--port", "0")));
        broker.start();

        Matcher ready = READY.matcher("");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!ready.reset(out.toString()).find() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(ready.find(0)).as(out.toString()).isTrue();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, ready.group(1)))) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains(
                    "plumbline.predictions", "plumbline.drift-stats", "plumbline.alerts", "plumbline.dead-letter",
                    "plumbline.llm-calls", "plumbline.llm-stats");
        }

        // In-process, an interrupt is what Ctrl-C is to the command line.
        broker.interrupt();
        broker.join(TimeUnit.SECONDS.toMillis(60));
        assertThat(broker.isAlive()).isFalse();
        assertThat(exit.get()).isZero();
        assertThat(out.toString()).contains("Stopping the broker...");
    }
}
