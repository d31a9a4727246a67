package io.plumbline.cli.command;

import io.plumbline.alerts.text.Spelling;
import io.plumbline.cli.local.KafkaPreflight;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The topics of a Kafka, asked with the admin client before a command creates a consumer or a
 * producer: their metadata requests make a broker that auto-creates topics create a misspelt one,
 * and wait a minute for a broker that does not answer. This answers within the timeout, or says in
 * one sentence that Kafka did not.
 */
final class KafkaTopics implements AutoCloseable {

    private static final String PLUMBLINE_PREFIX = "plumbline.";

    private final String bootstrapServers;
    private final Duration timeout;
    private final Admin admin;
    private Set<String> names;

    private KafkaTopics(Properties client, Duration timeout) {
        this.bootstrapServers = client.getProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        this.timeout = timeout;
        this.admin = Admin.create(KafkaPreflight.adminProperties(client, timeout));
    }

    /** @param client Kafka client properties with {@code bootstrap.servers}: security settings pass through */
    static KafkaTopics connect(Properties client, Duration timeout) {
        return new KafkaTopics(client, timeout);
    }

    boolean exists(String topic) throws InterruptedException {
        return names().contains(topic);
    }

    /**
     * Fails unless {@code topic} exists, naming it, the topic it most likely meant or else the
     * plumbline topics there are, and {@code fix}.
     */
    void require(String topic, String fix) throws InterruptedException {
        if (!exists(topic)) {
            throw new IllegalStateException("Topic " + topic + " does not exist on " + bootstrapServers + "; "
                    + lookalikes(topic) + " " + fix);
        }
    }

    /** Creates {@code topic} with the broker's default partitions and replication; says what it got. */
    String create(String topic) throws InterruptedException {
        CreateTopicsResult created = admin.createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty())));
        try {
            return "Created topic " + topic + " on " + bootstrapServers + " with the broker's defaults: "
                    + plural(await(created.numPartitions(topic)), "partition") + ", replication factor "
                    + await(created.replicationFactor(topic)) + ".";
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return "Topic " + topic + " was created on " + bootstrapServers + " meanwhile.";
            }
            throw new IllegalStateException("Could not create topic " + topic + " on " + bootstrapServers, e.getCause());
        }
    }

    private String lookalikes(String topic) throws InterruptedException {
        String meant = Spelling.closest(topic, names());
        if (meant != null) {
            return "did you mean " + meant + "?";
        }
        Set<String> plumbline = new TreeSet<>();
        for (String name : names()) {
            if (name.startsWith(PLUMBLINE_PREFIX)) {
                plumbline.add(name);
            }
        }
        return plumbline.isEmpty() ? "it has no plumbline topics." : "its plumbline topics are " + String.join(", ", plumbline) + ".";
    }

    private Set<String> names() throws InterruptedException {
        if (names == null) {
            try {
                names = await(admin.listTopics().names());
            } catch (ExecutionException e) {
                throw new IllegalStateException("Could not list the topics on " + bootstrapServers, e.getCause());
            }
        }
        return names;
    }

    /** The future's value; a timeout, Kafka's own or ours, means no broker answered. */
    private <T> T await(KafkaFuture<T> future) throws InterruptedException, ExecutionException {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw unreachable();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unreachable();
            }
            throw e;
        }
    }

    private IllegalStateException unreachable() {
        return KafkaPreflight.unreachable(bootstrapServers, timeout);
    }

    private static String plural(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    /** Every call was awaited to its end or given up on: a call still pending has no one waiting for it. */
    @Override
    public void close() {
        admin.close(Duration.ZERO);
    }
}
