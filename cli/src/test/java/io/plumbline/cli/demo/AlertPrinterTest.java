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
    void printsCommittedAlertsOnlyAndSummarisesEachJobApart() throws Exception {
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
                    producer.send(new ProducerRecord<>("alerts", LlmAlertRecords.LATENCY_P95_FIRING));
                    producer.send(new ProducerRecord<>("alerts", LlmAlertRecords.COST_SPIKE_FIRING));
                    producer.send(deadLetter("{broken", "undecodable", "predictions"));
                    producer.commitTransaction();
                    // A job that fails before its checkpoint aborts: a read_committed reader never sees this.
                    producer.beginTransaction();
                    producer.send(new ProducerRecord<>("alerts", AlertLineTest.FIRING));
                    producer.abortTransaction();
                    producer.beginTransaction();
                    producer.send(new ProducerRecord<>("alerts", AlertLineTest.RESOLVED));
                    producer.send(new ProducerRecord<>("alerts", LlmAlertRecords.COST_SPIKE_RESOLVED));
                    producer.send(new ProducerRecord<>("alerts", LlmAlertRecords.VERSION_CHANGE));
                    producer.send(deadLetter("{}", "missing_field", "llm-calls"));
                    producer.send(deadLetter("{\"service.name\":null}", "missing_field", "llm-calls"));
                    producer.send(new ProducerRecord<>("dead-letter", "no reason given"));
                    producer.commitTransaction();
                }
                // The last records of both topics are read once these counts are reached: the aborted record, before
                // them in the log, has been passed over by then.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!(printer.summary().deadLetters() >= 4
                        && printer.summary().drift().equals(new AlertPrinter.Counts(1, 1, 1, 0))
                        && printer.summary().llm().equals(new AlertPrinter.Counts(2, 1, 1, 1)))
                        && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }

                AlertPrinter.Summary summary = printer.summary();
                assertThat(summary.drift()).isEqualTo(new AlertPrinter.Counts(1, 1, 1, 0));
                // The latency alert still fires, the cost spike resolved; the release is a notice, not an alert.
                assertThat(summary.llm()).isEqualTo(new AlertPrinter.Counts(2, 1, 1, 1));
                assertThat(summary.deadLetters()).isEqualTo(4);
                assertThat(summary.deadLettersByReason()).containsOnly(Map.entry("undecodable", 1L), Map.entry("missing_field", 2L));
                assertThat(summary.deadLettersBySource()).containsOnly(Map.entry("predictions", 1L), Map.entry("llm-calls", 2L));
                assertThat(summary.deadLettersFrom("llm-calls")).isEqualTo(2);
                assertThat(summary.deadLettersFrom("elsewhere")).isZero();
                assertThat(summary.firstAlertAt()).contains(clock.instant());
                assertThat(summary.describe()).isEqualTo("Drift alerts: 1 fired, 1 resolved, 1 still firing."
                        + " LLM alerts: 2 fired, 1 resolved, 1 still firing, 1 notice."
                        + " Dead-letter topic: 4 records {missing_field=2, undecodable=1},"
                        + " by source topic {llm-calls=2, predictions=1}.");
            }
        }
        assertThat(printed.toString().lines().toList())
                .satisfiesExactly(
                        // Each at the alert's own (event) time, not when it was printed (14:07:02).
                        line -> assertThat(line).startsWith("14:03:00  FIRING   ks ").contains(" credit-risk v3 feature=income "),
                        line -> assertThat(line).startsWith("14:02:50  FIRING   llm_latency_p95 ")
                                .contains(" support-bot / answer / chat "),
                        line -> assertThat(line).startsWith("14:02:50  FIRING   llm_cost_spike ")
                                .contains(" search-api / rerank / chat "),
                        line -> assertThat(line).startsWith("14:04:10  RESOLVED psi ").contains(" credit-risk v3 prediction "),
                        line -> assertThat(line).startsWith("14:03:10  RESOLVED llm_cost_spike ")
                                .contains(" search-api / rerank / chat "),
                        line -> assertThat(line).startsWith("14:02:50  NOTICE   llm_version_change ")
                                .contains(" support-bot / answer / chat "));
    }

    private static ProducerRecord<String, String> deadLetter(String value, String reason, String sourceTopic) {
        return new ProducerRecord<>("dead-letter", null, null, null, value,
                List.of(new RecordHeader("plumbline.reason", reason.getBytes(StandardCharsets.UTF_8)),
                        new RecordHeader("plumbline.source.topic", sourceTopic.getBytes(StandardCharsets.UTF_8))));
    }
}
