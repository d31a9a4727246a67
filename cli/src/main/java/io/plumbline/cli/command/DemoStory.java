package io.plumbline.cli.command;

import io.plumbline.cli.demo.AlertPrinter;
import io.plumbline.cli.demo.DemoBudgets;
import io.plumbline.cli.demo.LlmCallGenerator;
import io.plumbline.cli.demo.PredictionGenerator;
import io.plumbline.cli.demo.SyntheticModel;
import io.plumbline.cli.demo.TrafficSchedule;
import io.plumbline.monitor.config.PlumblineConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** What the demo tells the person watching it: what runs, what will happen when, and how it went. */
final class DemoStory {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    /** What the demo published: predictions and LLM calls, and the malformed records among each. */
    record Sent(long predictions, long malformedPredictions, long llmCalls, long malformedLlmCalls) {}

    private final PlumblineConfig config;
    private final String bootstrapServers;
    private final PrintWriter out;

    DemoStory(PlumblineConfig config, String bootstrapServers, PrintWriter out) {
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.out = out;
    }

    void printIntro(Duration duration) {
        String window = ConfigSummary.human(config.windowSize());
        PlumblineConfig.Topics topics = config.topics();
        PlumblineConfig.Llm llm = config.llm();
        out.printf("""

                Plumbline demo: drift detection and LLM-call monitoring end to end, in this one process.
                  Kafka   a real single-node broker at %s (temporary), with the topics
                          %s, %s, %s,
                          %s, %s, %s
                  Flink   the drift job and the LLM job on a local MiniCluster, %s windows (LLM: %s); the first
                          complete window of each model, and of each LLM variant, is its baseline; alerts are
                          published exactly once, so each appears when its checkpoint completes (every %s)
                  Traffic two models, %d predictions each per %s window, %s, and 1 record in %d
                          malformed on purpose (counted in the dead-letter topic). Event time starts %d windows ago and
                          runs %.0fx faster than the clock until it catches up, then keeps pace with it.
                  LLM     two services' calls to six models, two versions of one prompt served side by side, %d calls
                          per second of event time on the same schedule, keyed by service, %s, and
                          1 record in %d malformed on purpose (the keys and models are listed when the traffic starts).
                Stops after %s, or at Ctrl-C.

                """,
                bootstrapServers, topics.predictions(), topics.driftStats(), topics.alerts(), llm.callsTopic(),
                llm.statsTopic(), topics.deadLetter(),
                window, ConfigSummary.human(llm.windowSize()), ConfigSummary.human(config.checkpoint().interval()),
                DemoCommand.EVENTS_PER_SECOND * config.windowSize().toSeconds(), window,
                topics.predictionsFormat().isInferenceLog() ? "each a request and a response log of a model server"
                        + " (KServe CloudEvents, paired by the drift job)" : "JSON and Avro mixed",
                PredictionGenerator.MALFORMED_EVERY, DemoCommand.BACKFILL_WINDOWS, DemoCommand.SPEEDUP,
                DemoCommand.LLM_CALLS_PER_SECOND, llm.callsFormat().isOtlp()
                        ? "each an OpenTelemetry GenAI span in an OTLP export (" + llm.callsFormat().configName() + ")"
                        : "JSON and Avro mixed", LlmCallGenerator.MALFORMED_EVERY, ConfigSummary.human(duration));
        out.flush();
    }

    /** What happens when, told once the traffic (and with it the schedule) has started. */
    void printTimeline(TrafficSchedule schedule, PredictionGenerator predictions, LlmCallGenerator llmCalls,
                       DemoBudgets budgets, ZoneId zone) {
        out.printf("Traffic started at %s; its event time starts at %s and catches up with the clock at about %s.%n",
                time(schedule.wallStart(), zone), time(schedule.eventStart(), zone), time(schedule.caughtUpAt(), zone));
        String incidentWindows = String.format(Locale.ROOT, "event-time windows %d to %d (%s to %s), sent between %s and %s",
                schedule.shiftFromWindow(), schedule.shiftUntilWindow() - 1,
                time(schedule.shiftStart(), zone), time(schedule.shiftEnd(), zone),
                time(schedule.wallTimeOf(schedule.shiftStart()), zone), time(schedule.wallTimeOf(schedule.shiftEnd()), zone));
        printDrift(predictions, incidentWindows);
        printLlm(llmCalls, budgets, incidentWindows);
        out.flush();
    }

    private void printDrift(PredictionGenerator predictions, String incidentWindows) {
        SyntheticModel shifted = predictions.shiftedModel();
        out.printf("%s %s drifts in %s:%n", shifted.id(), shifted.version(), incidentWindows);
        shifted.shiftDescription().forEach(change -> out.println("    - " + change));
        for (SyntheticModel model : predictions.models()) {
            if (model != shifted) {
                out.printf("%s %s never drifts: it should stay quiet.%n", model.id(), model.version());
            }
        }
        out.println("Expect FIRING lines for those features and the prediction, then RESOLVED once the drift is over.");
        out.println("Columns: " + AlertPrinter.DRIFT_COLUMNS + ".");
        out.println();
    }

    private void printLlm(LlmCallGenerator llmCalls, DemoBudgets budgets, String incidentWindows) {
        out.println("LLM calls: key (service/prompt), operation, prompt versions, provider and model, share:");
        llmCalls.describeTraffic().forEach(line -> out.println("    " + line));
        out.println("Budgets (llm.budgets):");
        budgets.describe().forEach(line -> out.println("    " + line));
        out.printf("In the same %s, each incident on its own key:%n", incidentWindows);
        llmCalls.describeIncidents().forEach(incident -> out.println("    - " + incident));
        out.println("Should stay quiet: " + String.join(", ", llmCalls.describeControls())
                + ", and every key outside the incidents, but for the unpriced model's warning.");
        out.println("Expect FIRING lines for those keys (a latency percentile from the third slow window on), then"
                + " RESOLVED once the incidents are over.");
        out.println("Columns: " + AlertPrinter.LLM_COLUMNS + ".");
        out.println("NOTICE lines announce a release: a model or prompt version the key had not called before.");
        out.println();
    }

    void printSummary(AlertPrinter.Summary summary, Instant jobStarted, Duration ran, Sent sent) {
        String llmCallsTopic = config.llm().callsTopic();
        out.println();
        out.printf(Locale.ROOT, "Published %,d predictions and %,d malformed records, %,d LLM calls and %,d malformed records, in %s.%n",
                sent.predictions(), sent.malformedPredictions(), sent.llmCalls(), sent.malformedLlmCalls(), human(ran));
        out.println(summary.describe());
        out.printf(Locale.ROOT, "The LLM job dead-lettered %,d records of %s.%n", summary.deadLettersFrom(llmCallsTopic), llmCallsTopic);
        out.println(summary.firstAlertAt()
                .map(first -> "First alert " + human(Duration.between(jobStarted, first))
                        + " after the jobs were launched (Flink start-up included).")
                .orElse("No alert arrived."));
        out.flush();
    }

    private static String time(long epochMillis, ZoneId zone) {
        return CLOCK.format(Instant.ofEpochMilli(epochMillis).atZone(zone));
    }

    private static String human(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
