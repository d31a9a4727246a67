package io.plumbline.delivery.serve;

import io.plumbline.delivery.webhook.DeliveryResult;
import io.plumbline.delivery.webhook.WebhookHeaders;
import io.plumbline.delivery.webhook.WebhookMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes the webhook messages given up to the dead-letter topic, in the jobs' dead-letter shape: reason
 * {@code webhook_undeliverable}, a detail with the receiver's last answer, and the alert record's coordinates.
 * The value is the message body as it was signed, the key its {@code webhook-id}, so it can be sent again by
 * hand and the receiver still dedupes it.
 */
public final class WebhookDeadLetters implements AutoCloseable {

    public static final String REASON = "webhook_undeliverable";

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;

    /** @param kafka producer properties with {@code bootstrap.servers} */
    public WebhookDeadLetters(Properties kafka, String topic) {
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
    }

    /** Returns once the broker has the record: the alert's offset may be committed after it. */
    public void write(ConsumerRecord<byte[], byte[]> alert, String webhook, WebhookMessage message,
            DeliveryResult.GaveUp gaveUp) {
        List<Header> headers = List.of(
                header("plumbline.reason", REASON),
                header("plumbline.detail", detail(webhook, gaveUp)),
                header("plumbline.source.topic", alert.topic()),
                header("plumbline.source.partition", Integer.toString(alert.partition())),
                header("plumbline.source.offset", Long.toString(alert.offset())),
                header("plumbline.webhook", webhook),
                header(WebhookHeaders.ID, message.id()));
        try {
            producer.send(new ProducerRecord<>(topic, null, null, message.id().getBytes(StandardCharsets.UTF_8),
                    message.body(), headers)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering webhook message " + message.id(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot dead-letter webhook message " + message.id() + " to " + topic
                    + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    static String detail(String webhook, DeliveryResult.GaveUp gaveUp) {
        String answer = gaveUp.lastStatus() == 0 ? "no answer: " + gaveUp.lastError()
                : "HTTP " + gaveUp.lastStatus() + (gaveUp.responseBody().isEmpty() ? "" : " " + gaveUp.responseBody());
        return "webhook " + webhook + " gave up after " + gaveUp.attempts() + " attempt"
                + (gaveUp.attempts() == 1 ? "" : "s") + " (" + gaveUp.reason() + "); last answer: " + answer;
    }

    private static Header header(String key, String value) {
        return new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        producer.close();
    }
}
