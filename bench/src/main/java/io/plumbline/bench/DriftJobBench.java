package io.plumbline.bench;

import io.plumbline.monitor.config.ConfigLoader;
import io.plumbline.monitor.config.PlumblineConfig;
import io.plumbline.jobs.drift.DriftJob;
import io.plumbline.jobs.drift.DriftJobIo;
import io.plumbline.jobs.kafka.KafkaIo;
import java.nio.file.Files;
import java.util.Map;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * DriftJob at parallelism 1 on a local MiniCluster, reading the topic once to its end (a bounded
 * source), with its real exactly-once Kafka sinks. Args: bootstrap topic events [mode].
 * Mode {@code startup} reads an empty topic, which measures the fixed cost of a local run.
 */
public final class DriftJobBench {

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String topic = args[1];
        long events = Long.parseLong(args[2]);
        String mode = args.length > 3 ? args[3] : "drift-job";
        String run = "bench-" + System.currentTimeMillis();
        PlumblineConfig config = ConfigLoader.load(null, Map.of(
                "kafka.bootstrap-servers", bootstrap,
                "kafka.group-id", run,
                "topics.predictions", topic,
                "topics.drift-stats", run + ".drift-stats",
                "topics.alerts", run + ".alerts",
                "topics.dead-letter", run + ".dead-letter",
                "window.size", "10s",
                "checkpoint.directory", Files.createTempDirectory("plumbline-bench").toString(),
                "job.name", run));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(
                DriftJob.flinkConfiguration(config));
        DriftJobIo kafka = DriftJobIo.kafka(config);
        DriftJob.define(env, config, new DriftJobIo(
                KafkaIo.predictionsSource(config).setBounded(OffsetsInitializer.latest()).build(),
                kafka.deadLetters(), kafka.driftStats(), kafka.alerts()));
        Measurement measurement = Measurement.start();
        env.execute(run);
        measurement.stop(mode, events);
    }
}
