package io.plumbline.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class AlertPrinterTest {

    @Test
    void printsCommittedAlertsOnlyAndSummarises() throws Exception {
        StringWriter printed = new StringWriter();
        Clock clock = Clock.fixed(Instant.parse("2026-11-23T14:07:02Z"), ZoneOffset.UTC);
        try (EmbeddedBroker broker = EmbeddedBroker.start(0, null)) {
            broker.createTopics(List.of("alerts", "dead-letter"));
            try (AlertPrinter printer = AlertPrinter.start(broker.bootstrapServers(), "alerts", "dead-letter",
                    new PrintWriter(printed, true), clock)) {
                try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                        ProducerConfig.TRANSACTIONAL_ID_CONFIG, "job",
                        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
                    producer.initTransactions();
                    producer.beginTransaction();
                    producer.send(new ProducerRecord<>("alerts", AlertLineTest.FIRING));
                    producer.send(deadLetter("{broken", "undecodable"));
                    producer.commitTransaction();
                    // A job that fails before its checkpoint aborts: a read_committed reader never sees this.
                    producer.beginTransaction();
                    producer.send(new ProducerRecord<>("alerts", AlertLineTest.FIRING));
                    producer.abortTransaction();
                    producer.beginTransaction();
                    producer.send(new ProducerRecord<>("alerts", AlertLineTest.RESOLVED));
                    producer.send(deadLetter("{}", "missing_field"));
                    producer.send(new ProducerRecord<>("dead-letter", "no reason given"));
                    producer.commitTransaction();
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (printer.summary().deadLetters() < 3 && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                Thread.sleep(500);

                AlertPrinter.Summary summary = printer.summary();
                assertThat(summary.fired()).isEqualTo(1);
                assertThat(summary.resolved()).isEqualTo(1);
                assertThat(summary.stillFiring()).isEqualTo(1);
                assertThat(summary.deadLetters()).isEqualTo(3);
                assertThat(summary.deadLettersByReason()).containsOnly(Map.entry("undecodable", 1L), Map.entry("missing_field", 1L));
                assertThat(summary.firstAlertAt()).contains(clock.instant());
                assertThat(summary.describe()).startsWith("Alerts: 1 fired, 1 resolved, 1 still firing. Dead-letter topic: 3 records");
            }
        }
        assertThat(printed.toString().lines().toList())
                .hasSize(2)
                .satisfiesExactly(
                        first -> assertThat(first).startsWith("14:07:02  FIRING   credit-risk v3  feature=income"),
                        second -> assertThat(second).startsWith("14:07:02  RESOLVED credit-risk v3  prediction"));
    }

    private static ProducerRecord<String, String> deadLetter(String value, String reason) {
        return new ProducerRecord<>("dead-letter", null, null, null, value,
                List.of(new RecordHeader("plumbline.reason", reason.getBytes(StandardCharsets.UTF_8))));
    }
}
