package io.plumbline.bench;

import io.plumbline.cli.demo.GeneratedRecord;
import io.plumbline.cli.demo.LlmCallGenerator;
import io.plumbline.cli.demo.TrafficSchedule;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Fills a one-partition topic with the demo's LLM traffic (five keys, five models, two prompt versions
 * side by side, 1% failed calls, 30% Avro and 70% JSON), seeded so that every mode reads the same
 * bytes. Only valid calls: the generator's deliberately malformed records (one in
 * {@value LlmCallGenerator#MALFORMED_EVERY}) are skipped, so that the job and the plain loop do the
 * same work per record and neither pays for a dead-letter path the other lacks.
 * Args: bootstrap topic calls.
 */
public final class PublishLlmCalls {

    /** The LLM job's default window; at the demo's 300 calls per second, 18,000 calls per window. */
    static final Duration WINDOW = Duration.ofMinutes(1);
    private static final long START_MILLIS = 1_767_225_600_000L; // 2026-01-01T00:00Z, a window boundary

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String topic = args[1];
        long calls = Long.parseLong(args[2]);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 1 << 20);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // Event time runs from a fixed past day, so the shift (windows 30 to 59: one slower prompt version
        // and one dearer key) fires and resolves alerts as it does in the demo.
        TrafficSchedule schedule = new TrafficSchedule(START_MILLIS, START_MILLIS, WINDOW.toMillis(), 2, 30, 60);
        LlmCallGenerator source = new LlmCallGenerator(11, schedule, LlmCallGenerator.DEFAULT_CALLS_PER_SECOND);
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (long sent = 0; sent < calls; ) {
                GeneratedRecord r = source.next();
                if (!r.malformed()) {
                    // Kafka timestamps of now, not the calls' months-old event time, which the broker's
                    // time-based retention would delete while the benchmark reads.
                    producer.send(new ProducerRecord<>(topic, r.key(), r.payload()));
                    sent++;
                }
            }
            producer.flush();
        }
        System.out.println("published " + calls + " LLM calls to " + topic);
    }
}
