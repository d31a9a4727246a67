package io.plumbline.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.cli.demo.AlertPrinter;
import io.plumbline.cli.demo.DemoBudgets;
import io.plumbline.cli.demo.LlmCallGenerator;
import io.plumbline.cli.demo.PredictionGenerator;
import io.plumbline.cli.demo.TrafficSchedule;
import io.plumbline.monitor.config.ConfigLoader;
import io.plumbline.monitor.config.PlumblineConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoStoryTest {

    private static final long NOW = Instant.parse("2026-11-23T14:10:00Z").toEpochMilli();

    @TempDir Path checkpoints;

    private final StringWriter printed = new StringWriter();
    private PlumblineConfig config;
    private DemoStory story;

    @BeforeEach
    void demoConfig() throws Exception {
        config = ConfigLoader.load(null, DemoCommand.demoSettings("127.0.0.1:40123", checkpoints, Duration.ofSeconds(10)));
        story = new DemoStory(config, "127.0.0.1:40123", new PrintWriter(printed, true));
    }

    @Test
    void introNamesBothJobsTheirTopicsAndBothKindsOfTraffic() {
        story.printIntro(Duration.ofMinutes(2));

        assertThat(printed.toString())
                .contains("Plumbline demo: drift detection and LLM-call monitoring end to end")
                .contains("the drift job and the LLM job on a local MiniCluster, 10s windows (LLM: 10s)")
                .contains("(temporary), with the topics\n"
                        + "          plumbline.predictions, plumbline.drift-stats, plumbline.alerts,\n"
                        + "          plumbline.llm-calls, plumbline.llm-stats, plumbline.dead-letter\n"
                        + "  Flink ")
                .contains("two models, 6000 predictions each per 10s window")
                .contains("two services' calls to six models, two versions of one prompt served side by side, 300 calls")
                .contains("1 record in 2500 malformed on purpose (the keys and models are listed when the traffic starts)")
                .contains("Stops after 2m, or at Ctrl-C.");
    }

    @Test
    void timelineTellsTheLlmTrafficAndWhenItsIncidentsHappen() {
        TrafficSchedule schedule = TrafficSchedule.startingNow(NOW, Duration.ofSeconds(240), Duration.ofSeconds(10),
                DemoCommand.SPEEDUP, DemoCommand.SHIFT_FROM_WINDOW, DemoCommand.SHIFT_UNTIL_WINDOW);
        LlmCallGenerator llmCalls = new LlmCallGenerator(42, schedule, DemoCommand.LLM_CALLS_PER_SECOND);

        DemoBudgets budgets = new DemoBudgets(0.4, 60, 0.22);

        story.printTimeline(schedule, new PredictionGenerator(42, schedule, 6_000), llmCalls, budgets, ZoneOffset.UTC);

        String timeline = printed.toString();
        // Event time starts at 14:06:00 and runs 8x: window 6 starts at 14:07:00, sent at 14:10:07.5 (shown 14:10:07).
        String windows = "event-time windows 6 to 11 (14:07:00 to 14:08:00), sent between 14:10:07 and 14:10:15";
        assertThat(timeline)
                .contains("credit-risk v3 drifts in " + windows + ":")
                .contains("In the same " + windows + ", each incident on its own key:")
                .contains("NOTICE lines announce a release");
        assertThat(llmCalls.describeTraffic()).hasSizeGreaterThan(5)
                .allSatisfy(line -> assertThat(timeline).contains("    " + line + "\n"));
        assertThat(llmCalls.describeIncidents()).hasSize(5)
                .allSatisfy(incident -> assertThat(timeline).contains("    - " + incident + "\n"));
        assertThat(timeline).contains("Budgets (llm.budgets):\n    search-api may spend $0.40 per window (a window"
                + " costs it about $0.22)").contains("    tenant acme may spend $60.00 per UTC day");
        assertThat(timeline.indexOf("LLM calls:")).isGreaterThan(timeline.indexOf("credit-risk v3 drifts"));
    }

    @Test
    void summaryCountsTheLlmAlertsAndTheLlmJobsDeadLetters() {
        AlertPrinter.Summary summary = new AlertPrinter.Summary(new AlertPrinter.Counts(9, 9, 0, 0),
                new AlertPrinter.Counts(4, 3, 1, 0), 60, Map.of("missing_field", 60L),
                Map.of("plumbline.predictions", 48L, "plumbline.llm-calls", 12L), Optional.of(Instant.ofEpochMilli(NOW + 31_000)));

        story.printSummary(summary, Instant.ofEpochMilli(NOW), Duration.ofMinutes(2),
                new DemoStory.Sent(120_000, 48, 30_000, 12));

        assertThat(printed.toString())
                .contains("Published 120,000 predictions and 48 malformed records, 30,000 LLM calls and 12 malformed"
                        + " records, in 120.0 s.")
                .contains("Drift alerts: 9 fired, 9 resolved, 0 still firing. LLM alerts: 4 fired, 3 resolved,"
                        + " 1 still firing, 0 notices.")
                .contains("The LLM job dead-lettered 12 records of plumbline.llm-calls.")
                .contains("First alert 31.0 s after the jobs were launched");
    }
}
