package io.plumbline.jobs.drift;

import io.plumbline.monitor.config.ConfigLoader;
import io.plumbline.monitor.config.PlumblineConfig;
import io.plumbline.jobs.kafka.KafkaIo;
import io.plumbline.jobs.testing.IntegrationClusters;
import io.plumbline.testing.kafka.KafkaTestCluster;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.common.TopicPartition;

/**
 * The drift job as the integration tests run it: its topics named after one prefix on the test broker,
 * 10-second windows, checkpoints every second, and a predictions source bounded at given offsets, so
 * that the job ends, closes its last windows and commits them on its final checkpoint.
 */
public final class BoundedDriftRun {
    private BoundedDriftRun() {
    }

    /**
     * The config of a run whose topics are {@code prefix.predictions}, {@code prefix.drift-stats},
     * {@code prefix.alerts} and {@code prefix.dead-letter}, with {@code extra} settings on top; its topics
     * are created, the predictions with {@code partitions} partitions.
     */
    public static PlumblineConfig configure(KafkaTestCluster kafka, String prefix, int partitions, Path checkpoints,
                                     Map<String, String> extra) throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put("kafka.bootstrap-servers", kafka.bootstrapServers());
        for (String topic : List.of("predictions", "drift-stats", "alerts", "dead-letter")) {
            settings.put("topics." + topic, prefix + "." + topic);
        }
        settings.put("window.size", "10s");
        settings.put("checkpoint.interval", "1s");
        settings.put("checkpoint.directory", checkpoints.toString());
        settings.put("job.name", prefix.replace('.', '-'));
        settings.putAll(extra);
        PlumblineConfig config = ConfigLoader.load(null, settings, Map.of());
        kafka.createTopic(config.topics().predictions(), partitions);
        for (String topic : List.of(config.topics().driftStats(), config.topics().alerts(), config.topics().deadLetter())) {
            kafka.createTopic(topic, 1);
        }
        return config;
    }

    /** The stopping offsets of the predictions topic: partition p ends at {@code endOffsets[p]}. */
    static Map<TopicPartition, Long> stoppingOffsets(PlumblineConfig config, long[] endOffsets) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (int p = 0; p < endOffsets.length; p++) {
            offsets.put(new TopicPartition(config.topics().predictions(), p), endOffsets[p]);
        }
        return offsets;
    }

    /** The environment the job runs in: its own Flink settings, no restarts (a failure fails the test). */
    static StreamExecutionEnvironment environment(PlumblineConfig config) {
        return StreamExecutionEnvironment.getExecutionEnvironment(
                IntegrationClusters.withNoRestarts(DriftJob.flinkConfiguration(config)));
    }

    /** Starts the job without reference baselines, reading the predictions up to {@code endOffsets}. */
    public static JobClient start(PlumblineConfig config, long[] endOffsets) throws Exception {
        StreamExecutionEnvironment env = environment(config);
        PredictionInput predictions = PredictionInput.kafka(config,
                OffsetsInitializer.offsets(stoppingOffsets(config, endOffsets)));
        DriftJob.define(env, config, new DriftJobIo(predictions, KafkaIo.deadLetterSink(config),
                KafkaIo.driftStatsSink(config), KafkaIo.alertsSink(config), Optional.empty()));
        return env.executeAsync(config.job().name());
    }
}
