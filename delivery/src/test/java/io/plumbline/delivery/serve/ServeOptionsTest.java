package io.plumbline.delivery.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ServeOptionsTest {

    /** Options get printed (a debugger, an exception, a log line): the Kafka properties hold the passwords. */
    @Test
    void showsTheNamesOfTheKafkaPropertiesButNotTheirValues() {
        Properties kafka = new Properties();
        kafka.setProperty("bootstrap.servers", "broker-1:9092");
        kafka.setProperty("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required"
                + " username=\"svc\" password=\"hunter2\";");
        ServeOptions options = new ServeOptions(kafka, "plumbline-serve",
                new StatsTopics("drift-stats", "llm-stats", "alerts"), "dead-letter", "127.0.0.1", 0,
                Duration.ofMinutes(2), Duration.ofMinutes(3), 50_000, List.of(), Duration.ofMinutes(1), List.of(), null);

        assertThat(options.toString()).contains("sasl.jaas.config").contains("plumbline-serve")
                .doesNotContain("hunter2");
        assertThat(options.kafka().getProperty("sasl.jaas.config")).contains("hunter2");
    }
}
