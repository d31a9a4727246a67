package io.plumbline.jobs.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.plumbline.jobs.kafka.KafkaIo;
import io.plumbline.jobs.testing.IntegrationClusters;
import io.plumbline.jobs.testing.RescaledRun;
import io.plumbline.monitor.config.PlumblineConfig;
import io.plumbline.schemas.LlmCallEvent;
import io.plumbline.testing.kafka.CommittedOutputs;

/**
 * The LLM job stopped with a savepoint at parallelism 1, resumed from it at parallelism 2, stopped again and
 * resumed at parallelism 1, each time mid-window, on calls where one route has nine in ten (a hot key): its route
 * profiles, baselines, rule state, alert book and budget spend move between subtasks with their keys, and a
 * {@code read_committed} reader sees record for record what a run at parallelism 1 without a stop published.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LlmRescaleITCase {

    private static final long T0 = Instant.parse("2025-08-01T00:00:00Z").toEpochMilli();
    private static final long WINDOW = 10_000;
    private static final int WINDOWS = 7;
    private static final int PARTITIONS = 2;
    private static final long SEED = 20250801L;

    @RegisterExtension
    static final MiniClusterExtension FLINK = IntegrationClusters.flink(2);

    @RegisterExtension
    static final IntegrationClusters.Kafka KAFKA = new IntegrationClusters.Kafka();

    @TempDir
    Path state;

    @Test
    void savepointsTakenAtOneAndTwoSubtasksResumeAtTheOtherWithoutChangingTheOutputs() throws Exception {
        CommittedOutputs expected = new Run("it.llm-rescale.reference").runUninterrupted();
        CommittedOutputs rescaled = new Run("it.llm-rescale.rescaled").runRescaled();

        assertThat(expected.alerts()).as("the traffic fires and resolves alerts").isNotEmpty();
        assertThat(expected.stats()).as("budget spend is among the stats")
                .anyMatch(line -> line.contains("\"scope\":\"service\""));
        assertThat(expected.deadLetters()).as("the malformed calls are dead-lettered").hasSize(PARTITIONS);
        rescaled.assertSameAs(expected);
        System.out.printf("LlmRescaleITCase: the LLM job stopped with savepoints and resumed at parallelism 1, 2, 1"
                + " (one route 90 %% of the calls): %d output records compared, 0 missing, 0 twice%n",
                expected.size());
    }

    private final class Run extends RescaledRun {

        private final PlumblineConfig config;
        private final List<List<ProducerRecord<byte[], byte[]>>> parts;

        /**
         * Windows 0-2 and half of window 3; a malformed call in each partition, the rest of window 3, window 4 and
         * half of window 5; the rest of window 5 to the end.
         */
        Run(String prefix) throws Exception {
            super(KAFKA.cluster(), state.resolve("savepoints"));
            config = BoundedLlmRun.configure(KAFKA.cluster(), prefix, PARTITIONS, state.resolve(prefix),
                    Map.of("checkpoint.interval", "500ms",
                            "llm.budgets[0].service", "billing", "llm.budgets[0].window-usd", "0.5"));
            List<LlmCallEvent> calls = new LlmIncidents(T0, WINDOW, SEED).withHotSupportBot(0.9).windows(WINDOWS);
            List<ProducerRecord<byte[], byte[]>> records = BoundedLlmRun.inEndTimeOrder(config, calls, PARTITIONS);
            int firstStop = endingBefore(calls, T0 + 3 * WINDOW + WINDOW / 2);
            int secondStop = endingBefore(calls, T0 + 5 * WINDOW + WINDOW / 2);
            List<ProducerRecord<byte[], byte[]>> second = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                second.add(new ProducerRecord<>(config.llm().callsTopic(), p, null,
                        "{\"event_id\": \"cut off".getBytes(StandardCharsets.UTF_8)));
            }
            second.addAll(records.subList(firstStop, secondStop));
            parts = List.of(records.subList(0, firstStop), second, records.subList(secondStop, records.size()));
        }

        /** How many calls end before {@code millis}: in end-time order, the index of the first that does not. */
        private static int endingBefore(List<LlmCallEvent> calls, long millis) {
            return (int) calls.stream().filter(call -> call.getEndTimeUnixNano() / 1_000_000 < millis).count();
        }

        @Override
        protected List<List<ProducerRecord<byte[], byte[]>>> parts() {
            return parts;
        }

        @Override
        protected String statsTopic() {
            return config.llm().statsTopic();
        }

        @Override
        protected Configuration flinkConfiguration() {
            return LlmJob.flinkConfiguration(config);
        }

        @Override
        protected String define(StreamExecutionEnvironment env) {
            LlmJob.define(env, config, new LlmJobIo(KafkaIo.llmCallsSource(config).build(),
                    KafkaIo.llmDeadLetterSink(config), KafkaIo.llmStatsSink(config), KafkaIo.llmAlertsSink(config)));
            return config.llm().jobName();
        }

        @Override
        public CommittedOutputs outputs() throws Exception {
            return CommittedOutputs.read(KAFKA.cluster(), config.llm().statsTopic(), config.topics().alerts(),
                    config.topics().deadLetter());
        }
    }
}
