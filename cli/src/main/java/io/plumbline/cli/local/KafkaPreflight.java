package io.plumbline.cli.local;

import io.plumbline.monitor.config.PlumblineConfig;
import io.plumbline.monitor.config.PlumblineConfig.JobKind;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Checks, before Flink starts, that Kafka answers and the input topic of every enabled job exists:
 * the predictions for the drift job, the LLM calls for the LLM job. Without it a missing topic or an
 * unreachable broker shows up as a job failing over and over, each time with a long stack trace,
 * instead of one sentence that says what to do.
 */
public final class KafkaPreflight {

    private KafkaPreflight() {}

    public static void check(PlumblineConfig config, Duration timeout) throws InterruptedException {
        checkAndGetClusterId(config, timeout);
    }

    /**
     * {@link #check}s, then returns the id of the Kafka cluster that answered: the cluster a run's
     * checkpoints belong to ({@link CheckpointOrigin}).
     */
    public static String checkAndGetClusterId(PlumblineConfig config, Duration timeout) throws InterruptedException {
        // Each input topic, and what to do when it is missing.
        Map<String, String> inputs = new LinkedHashMap<>();
        if (config.job().runs(JobKind.DRIFT)) {
            String predictions = config.topics().predictions();
            inputs.put(predictions, "create it (e.g. plumbline produce --create-topic --topic " + predictions + " --file events.jsonl)");
        }
        if (config.job().runs(JobKind.LLM)) {
            inputs.put(config.llm().callsTopic(), "create it, or run the drift job alone (job.enabled: drift)");
        }
        return check(config, inputs, timeout);
    }

    /**
     * Checks that Kafka answers, and returns its cluster id: all serve needs, whose topics may well not exist
     * before the jobs first write them (it waits for them).
     */
    public static String clusterId(PlumblineConfig config, Duration timeout) throws InterruptedException {
        return check(config, Map.of(), timeout);
    }

    private static String check(PlumblineConfig config, Map<String, String> inputs, Duration timeout)
            throws InterruptedException {
        // Our own quick look, whatever timeouts the job's clients are given.
        try (Admin admin = Admin.create(adminProperties(config.kafka().clientProperties(), timeout))) {
            for (Map.Entry<String, String> input : inputs.entrySet()) {
                check(admin, input.getKey(), input.getValue(), config.kafka().bootstrapServers(), timeout);
            }
            return clusterId(admin, config.kafka().bootstrapServers(), timeout);
        }
    }

    private static String clusterId(Admin admin, String kafka, Duration timeout) throws InterruptedException {
        try {
            return admin.describeCluster().clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            // The admin client's own timeout may fire before ours: no broker answered either way.
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unreachable(kafka, timeout);
            }
            throw new IllegalStateException("Could not read the cluster id of Kafka at " + kafka, e.getCause());
        } catch (TimeoutException e) {
            throw unreachable(kafka, timeout);
        }
    }

    private static void check(Admin admin, String topic, String fix, String kafka, Duration timeout)
            throws InterruptedException {
        try {
            admin.describeTopics(List.of(topic)).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new IllegalStateException("Topic " + topic + " does not exist on " + kafka + ": " + fix);
            }
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) { // no broker answered
                throw unreachable(kafka, timeout);
            }
            throw new IllegalStateException("Could not read topic " + topic + " on " + kafka, e.getCause());
        } catch (TimeoutException e) {
            throw unreachable(kafka, timeout);
        }
    }

    /**
     * {@code client}'s properties for an admin client whose every call gives up after {@code timeout}: the API
     * timeout, and the request timeout with it, since the API timeout may not be below the request's.
     */
    public static Properties adminProperties(Properties client, Duration timeout) {
        Properties properties = new Properties();
        properties.putAll(client);
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        return properties;
    }

    /** What every command says of a Kafka that does not answer, so that they all say it alike. */
    public static IllegalStateException unreachable(String kafka, Duration timeout) {
        return new IllegalStateException("Kafka at " + kafka + " did not answer within " + timeout.toSeconds()
                + "s; is it running there?");
    }
}
