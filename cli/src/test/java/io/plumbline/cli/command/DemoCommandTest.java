package io.plumbline.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.cli.Plumbline;
import io.plumbline.monitor.config.ConfigLoader;
import io.plumbline.monitor.config.PlumblineConfig;
import io.plumbline.monitor.config.PlumblineConfig.JobKind;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The demo's config and help; running the demo end to end is for a person to watch. */
class DemoCommandTest {

    @TempDir Path checkpoints;

    @Test
    void runsBothJobsWithWindowsOfTheSameSize() throws Exception {
        PlumblineConfig config = ConfigLoader.load(null,
                DemoCommand.demoSettings("127.0.0.1:9092", checkpoints, Duration.ofSeconds(10)));

        assertThat(config.job().enabled()).containsExactlyInAnyOrder(JobKind.DRIFT, JobKind.LLM);
        assertThat(config.windowSize()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.llm().windowSize()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.llm().callsTopic()).isEqualTo("plumbline.llm-calls");
        assertThat(config.llm().statsTopic()).isEqualTo("plumbline.llm-stats");
        // Two jobs on one broker: their sinks' transactional ids must not collide.
        assertThat(config.llm().jobName()).isNotEqualTo(config.job().name());
    }

    @Test
    void helpDescribesTheBindAddress() {
        StringWriter out = new StringWriter();
        CommandLine cli = Plumbline.commandLine();
        cli.setOut(new PrintWriter(out, true));

        assertThat(cli.execute("demo", "--help")).isZero();
        assertThat(out.toString().replaceAll("\\s+", " "))
                .contains("--bind-address=ADDRESS Address the local Flink's web UI and REST API")
                .contains("Default: 127.0.0.1, this machine only")
                .contains("When a job can no longer run, the demo ends with status 1 and says why.");
    }

    @Test
    void theWindowOptionSizesTheLlmWindowsToo() throws Exception {
        PlumblineConfig config = ConfigLoader.load(null,
                DemoCommand.demoSettings("127.0.0.1:9092", checkpoints, Duration.ofMillis(2_500)));

        assertThat(config.windowSize()).isEqualTo(Duration.ofMillis(2_500));
        assertThat(config.llm().windowSize()).isEqualTo(Duration.ofMillis(2_500));
    }
}
