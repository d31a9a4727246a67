package io.plumbline.jobs.llm;

import io.plumbline.monitor.config.ConfigLoader;
import io.plumbline.monitor.config.PlumblineConfig;
import io.plumbline.jobs.kafka.KafkaIo;
import io.plumbline.jobs.testing.IntegrationClusters;
import io.plumbline.testing.kafka.KafkaTestCluster;
import io.plumbline.schemas.LlmCallEvent;
import io.plumbline.schemas.codec.LlmCallEncoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The LLM job as the integration tests run it: its topics named after one prefix on the test broker,
 * 10-second windows, checkpoints every second, parallelism 2, and a calls source bounded at given
 * offsets, so that the job ends, closes its last windows and commits them on its final checkpoint.
 */
final class BoundedLlmRun {

    /** How long a run may take, start-up included. */
    private static final long TIMEOUT_SECONDS = 120;

    private BoundedLlmRun() {
    }

    /**
     * The config of a run whose topics are {@code prefix.llm-calls}, {@code prefix.llm-stats},
     * {@code prefix.alerts} and {@code prefix.dead-letter}, with {@code extra} settings on top; its topics
     * are created, the calls with {@code partitions} partitions.
     */
    static PlumblineConfig configure(KafkaTestCluster kafka, String prefix, int partitions, Path checkpoints,
                                     Map<String, String> extra) throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put("kafka.bootstrap-servers", kafka.bootstrapServers());
        for (String topic : List.of("llm-calls", "llm-stats", "alerts", "dead-letter")) {
            settings.put("topics." + topic, prefix + "." + topic);
        }
        settings.put("llm.window.size", "10s");
        settings.put("checkpoint.interval", "1s");
        settings.put("checkpoint.directory", checkpoints.toString());
        settings.put("llm.job-name", prefix.replace('.', '-'));
        settings.put("job.parallelism", "2");
        settings.putAll(extra);
        PlumblineConfig config = ConfigLoader.load(null, settings, Map.of());
        kafka.createTopic(config.llm().callsTopic(), partitions);
        for (String topic : List.of(config.llm().statsTopic(), config.topics().alerts(),
                config.topics().deadLetter())) {
            kafka.createTopic(topic, 1);
        }
        return config;
    }

    /**
     * The calls as JSON records of the calls topic, in order of end time and dealt over {@code partitions}
     * in turn, so that each partition is in order too and no call is late.
     */
    static List<ProducerRecord<byte[], byte[]>> inEndTimeOrder(PlumblineConfig config, List<LlmCallEvent> calls,
                                                               int partitions) {
        List<LlmCallEvent> sorted = new ArrayList<>(calls);
        sorted.sort(Comparator.comparingLong(LlmCallEvent::getEndTimeUnixNano));
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(sorted.size());
        for (int i = 0; i < sorted.size(); i++) {
            records.add(new ProducerRecord<>(config.llm().callsTopic(), i % partitions, null,
                    LlmCallEncoder.json(sorted.get(i))));
        }
        return records;
    }

    /** Starts the job, reading the calls up to {@code stopping}; no restarts (a failure fails the test). */
    static JobClient start(PlumblineConfig config, OffsetsInitializer stopping) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                IntegrationClusters.withNoRestarts(LlmJob.flinkConfiguration(config)));
        LlmJob.define(env, config, new LlmJobIo(KafkaIo.llmCallsSource(config).setBounded(stopping).build(),
                KafkaIo.llmDeadLetterSink(config), KafkaIo.llmStatsSink(config), KafkaIo.llmAlertsSink(config)));
        return env.executeAsync(config.llm().jobName());
    }

    /** Runs the job over what the calls topic holds now, to its end. */
    static void run(PlumblineConfig config) throws Exception {
        awaitEnd(start(config, OffsetsInitializer.latest()));
    }

    static void awaitEnd(JobClient job) throws Exception {
        job.getJobExecutionResult().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
}
