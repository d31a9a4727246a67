package io.plumbline.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.plumbline.jobs.testing.IntegrationClusters;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Proves the version stack before any logic: Flink 2.2's Kafka connector against a Kafka 4.2
 * broker, reading with a bounded source and writing through an exactly-once sink whose
 * transactions only a final checkpoint commits.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class KafkaPassThroughITCase {

    private static final int RECORDS = 2_000;

    @RegisterExtension
    static final MiniClusterExtension FLINK = IntegrationClusters.flink();

    @RegisterExtension
    static final IntegrationClusters.Kafka KAFKA = new IntegrationClusters.Kafka();

    @Test
    void boundedJobCommitsEveryRecordExactlyOnceOnItsFinalCheckpoint() throws Exception {
        List<String> expected = produceNumbered("bounded.in");
        KAFKA.cluster().createTopic("bounded.out", 1);

        StreamExecutionEnvironment env = environment();
        env.fromSource(source("bounded.in", true), WatermarkStrategy.noWatermarks(), "in").uid("in")
                .sinkTo(exactlyOnceSink("bounded.out", "bounded")).name("out").uid("out");
        env.execute("pass-through-bounded");

        // The job has finished: whatever its final checkpoint committed is all there will ever be,
        // so a duplicate or a lost record shows here.
        List<ConsumerRecord<byte[], byte[]>> out = KAFKA.cluster().consumeAllCommitted("bounded.out", Duration.ofSeconds(30));
        assertThat(out).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void runningJobCommitsOnItsPeriodicCheckpoints() throws Exception {
        List<String> expected = produceNumbered("running.in");
        KAFKA.cluster().createTopic("running.out", 1);

        StreamExecutionEnvironment env = environment();
        env.fromSource(source("running.in", false), WatermarkStrategy.noWatermarks(), "in").uid("in")
                .sinkTo(exactlyOnceSink("running.out", "running")).name("out").uid("out");
        JobClient job = env.executeAsync("pass-through-running");
        try {
            List<ConsumerRecord<byte[], byte[]>> out = KAFKA.cluster().consumeCommittedUntil(
                    "running.out", read -> read.size() >= RECORDS, Duration.ofSeconds(60));
            assertThat(out).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                    .containsExactlyInAnyOrderElementsOf(expected);
        } finally {
            job.cancel().get();
        }
    }

    private static List<String> produceNumbered(String topic) throws Exception {
        KAFKA.cluster().createTopic(topic, 2);
        List<ProducerRecord<byte[], byte[]>> input = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            String value = "record-" + i;
            values.add(value);
            input.add(new ProducerRecord<>(topic, bytes("k" + (i % 7)), bytes(value)));
        }
        KAFKA.cluster().produce(input);
        return values;
    }

    private static StreamExecutionEnvironment environment() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(IntegrationClusters.noRestarts());
        env.enableCheckpointing(500);
        env.setParallelism(2);
        return env;
    }

    private static KafkaSource<byte[]> source(String topic, boolean bounded) {
        KafkaSourceBuilder<byte[]> builder = KafkaSource.<byte[]>builder()
                .setBootstrapServers(KAFKA.cluster().bootstrapServers())
                .setTopics(topic)
                .setGroupId("pass-through")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(KafkaRecordDeserializationSchema.valueOnly(ByteArrayDeserializer.class));
        if (bounded) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    private static KafkaSink<byte[]> exactlyOnceSink(String topic, String transactionalIdPrefix) {
        return KafkaSink.<byte[]>builder()
                .setBootstrapServers(KAFKA.cluster().bootstrapServers())
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix)
                .setProperty("transaction.timeout.ms", "600000")
                .setRecordSerializer(KafkaRecordSerializationSchema.<byte[]>builder()
                        .setTopic(topic)
                        .setValueSerializationSchema(new RawBytes())
                        .build())
                .build();
    }

    /** A named class, not a lambda: the sink's lineage reflection cannot type a lambda. */
    private static final class RawBytes implements SerializationSchema<byte[]> {
        @Override
        public byte[] serialize(byte[] element) {
            return element;
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
