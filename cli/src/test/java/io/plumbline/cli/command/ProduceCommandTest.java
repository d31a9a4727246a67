package io.plumbline.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.cli.Plumbline;
import io.plumbline.cli.demo.EmbeddedBroker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ProduceCommandTest {

    @TempDir Path dir;
    private final StringWriter err = new StringWriter();

    @Test
    void publishesEachNonBlankLineAsItIs() throws Exception {
        Path file = Files.writeString(dir.resolve("events.jsonl"), "{\"a\":1}\n\n  \n{\"b\":\"é\"}\nnot json\n");
        try (EmbeddedBroker broker = EmbeddedBroker.start(0, null)) {
            int exit = execute("produce", "--bootstrap-servers", broker.bootstrapServers(), "--topic", "events", "--file", file.toString());

            assertThat(exit).isZero();
            List<ConsumerRecord<String, String>> records = read(broker, "events", 3);
            assertThat(records).extracting(ConsumerRecord::value).containsExactly("{\"a\":1}", "{\"b\":\"é\"}", "not json");
            assertThat(records).extracting(ConsumerRecord::key).containsOnlyNulls();
        }
    }

    @Test
    void failsClearlyOnAMissingFile() {
        int exit = execute("produce", "--bootstrap-servers", "127.0.0.1:1", "--topic", "t", "--file", dir.resolve("absent.jsonl").toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("absent.jsonl").contains("no such file");
    }

    @Test
    void failsWithinTheTimeoutWhenKafkaIsUnreachable() throws Exception {
        Path file = Files.writeString(dir.resolve("events.jsonl"), "{}\n");
        long start = System.nanoTime();

        int exit = execute("produce", "--bootstrap-servers", "127.0.0.1:1", "--topic", "t", "--file", file.toString(), "--timeout", "2s");

        assertThat(exit).isEqualTo(1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        assertThat(err.toString()).contains("Could not publish to t at 127.0.0.1:1");
    }

    private int execute(String... args) {
        CommandLine cli = Plumbline.commandLine();
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private static List<ConsumerRecord<String, String>> read(EmbeddedBroker broker, String topic, int expected) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        }
        return records;
    }
}
