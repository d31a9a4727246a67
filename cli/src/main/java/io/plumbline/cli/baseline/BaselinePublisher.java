package io.plumbline.cli.baseline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.cli.local.KafkaPreflight;
import io.plumbline.detectors.baseline.ReferenceBaseline;
import io.plumbline.detectors.format.ReferenceBaselineFormat;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes reference baselines to the compacted baselines topic, keyed by (model_id,
 * model_version) as a JSON object: compaction keeps the newest baseline of each model version, and
 * the key reads back unambiguously whatever characters the id holds.
 */
public final class BaselinePublisher {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BaselinePublisher() {
    }

    public static byte[] key(String modelId, String modelVersion) {
        ObjectNode key = JSON.createObjectNode().put("model_id", modelId).put("model_version", modelVersion);
        return key.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Creates the topic (compacted) when it does not exist, then publishes; returns where it landed.
     *
     * @param client Kafka client properties with {@code bootstrap.servers}: security settings pass through
     */
    public static RecordMetadata publish(Properties client, String topic, ReferenceBaseline baseline,
                                         Duration timeout) throws ExecutionException, InterruptedException, TimeoutException {
        try (Admin admin = Admin.create(KafkaPreflight.adminProperties(client, timeout))) {
            NewTopic compacted = new NewTopic(topic, 1, (short) -1)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            admin.createTopics(List.of(compacted)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        Properties producerProperties = new Properties();
        producerProperties.putAll(client);
        producerProperties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) timeout.toMillis());
        producerProperties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        // Kafka wants delivery.timeout.ms >= linger.ms + request.timeout.ms.
        producerProperties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1_000, timeout.toMillis() / 2));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties,
                new ByteArraySerializer(), new ByteArraySerializer())) {
            return producer.send(new ProducerRecord<>(topic,
                            key(baseline.modelId(), baseline.modelVersion()), ReferenceBaselineFormat.write(baseline)))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
