package io.plumbline.bench;

import io.plumbline.monitor.config.ConfigLoader;
import io.plumbline.monitor.config.PlumblineConfig;
import io.plumbline.jobs.kafka.KafkaIo;
import io.plumbline.jobs.llm.LlmJob;
import io.plumbline.jobs.llm.LlmJobIo;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * LlmJob at parallelism 1 on a local MiniCluster, reading the topic once to its end (a bounded source),
 * with its real exactly-once Kafka sinks. Args: bootstrap topic [mode]. Mode {@code startup} reads an
 * empty topic, which measures the fixed cost of a local run. Prints the calls its source read and the
 * records it committed to its output topics, for the plain loop's to be held against.
 */
public final class LlmJobBench {

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String topic = args[1];
        String mode = args.length > 2 ? args[2] : "llm-job";
        String run = "bench-" + System.currentTimeMillis();
        PlumblineConfig config = config(bootstrap, topic, Map.of(
                "topics.llm-stats", run + ".llm-stats",
                "topics.alerts", run + ".alerts",
                "topics.dead-letter", run + ".dead-letter",
                "llm.group-id", run,
                "llm.job-name", run,
                "checkpoint.directory", Files.createTempDirectory("plumbline-bench").toString()));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(
                SourceRecords.reportingTo(LlmJob.flinkConfiguration(config)));
        LlmJobIo kafka = LlmJobIo.kafka(config);
        LlmJob.define(env, config, new LlmJobIo(
                KafkaIo.llmCallsSource(config).setBounded(OffsetsInitializer.latest()).build(),
                kafka.deadLetters(), kafka.llmStats(), kafka.alerts()));
        Measurement measurement = Measurement.start(SourceRecords::count);
        env.execute(run);
        measurement.stop(mode, SourceRecords.count());
        // After the measurement: the check that the job did the plain loop's work, window for window.
        Measurement.printCounts(mode, CommittedRecords.count(bootstrap, run + ".llm-stats"),
                CommittedRecords.count(bootstrap, run + ".alerts"));
    }

    /** The LLM job's defaults for the benchmark's topic and window; the plain loop reads the same. */
    static PlumblineConfig config(String bootstrap, String topic, Map<String, String> more) throws Exception {
        Map<String, String> overrides = new HashMap<>(more);
        overrides.put("kafka.bootstrap-servers", bootstrap);
        overrides.put("topics.llm-calls", topic);
        overrides.put("llm.window.size", PublishLlmCalls.WINDOW.toMillis() + "ms");
        return ConfigLoader.load(null, overrides);
    }
}
