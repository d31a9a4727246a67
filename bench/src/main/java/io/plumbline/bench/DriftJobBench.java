package io.plumbline.bench;

import io.plumbline.monitor.config.ConfigLoader;
import io.plumbline.monitor.config.PlumblineConfig;
import io.plumbline.jobs.drift.DriftJob;
import io.plumbline.jobs.drift.DriftJobIo;
import io.plumbline.jobs.kafka.KafkaIo;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * DriftJob on a local MiniCluster, reading the topic once to its end (a bounded source), with its real
 * exactly-once Kafka sinks. Args: bootstrap topic [mode [parallelism [key=value ...]]], by default mode
 * {@code drift-job} at parallelism 1; each key=value sets a config key besides the benchmark's own. The mode
 * names the result lines; over an empty topic ({@code startup}) it measures the fixed cost of a local run.
 * Prints the events its sources read, its checkpoints ({@link CheckpointStats}) and the records it committed
 * to its output topics, for another mode's to be held against.
 */
public final class DriftJobBench {

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String topic = args[1];
        String mode = args.length > 2 ? args[2] : "drift-job";
        String parallelism = args.length > 3 ? args[3] : "1";
        String run = "bench-" + System.currentTimeMillis();
        Map<String, String> settings = new HashMap<>(Map.of(
                "kafka.bootstrap-servers", bootstrap,
                "kafka.group-id", run,
                "topics.predictions", topic,
                "topics.drift-stats", run + ".drift-stats",
                "topics.alerts", run + ".alerts",
                "topics.dead-letter", run + ".dead-letter",
                "window.size", "10s",
                "job.parallelism", parallelism,
                "checkpoint.directory", Files.createTempDirectory("plumbline-bench").toString(),
                "job.name", run));
        for (int i = 4; i < args.length; i++) {
            String[] setting = args[i].split("=", 2);
            if (setting.length != 2) {
                throw new IllegalArgumentException("a config setting is key=value, got " + args[i]);
            }
            settings.put(setting[0], setting[1]);
        }
        PlumblineConfig config = ConfigLoader.load(null, settings);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(
                SourceRecords.reportingTo(DriftJob.flinkConfiguration(config)));
        DriftJobIo kafka = DriftJobIo.kafka(config);
        DriftJob.define(env, config, new DriftJobIo(
                KafkaIo.predictionsSource(config).setBounded(OffsetsInitializer.latest()).build(),
                kafka.deadLetters(), kafka.driftStats(), kafka.alerts()));
        Measurement measurement = Measurement.start(SourceRecords::count);
        CheckpointStats.watch();
        env.execute(run);
        measurement.stop(mode, SourceRecords.count());
        CheckpointStats.print(mode);
        // After the measurement: what the job wrote, for the plain loop's counts to be held against.
        Measurement.printCounts(mode, CommittedRecords.count(bootstrap, run + ".drift-stats"),
                CommittedRecords.count(bootstrap, run + ".alerts"));
    }
}
