package io.plumbline.cli.command;

import io.plumbline.cli.demo.AlertPrinter;
import io.plumbline.cli.demo.PredictionGenerator;
import io.plumbline.cli.demo.SyntheticModel;
import io.plumbline.cli.demo.TrafficSchedule;
import io.plumbline.jobs.config.PlumblineConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** What the demo tells the person watching it: what runs, what will happen when, and how it went. */
final class DemoStory {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

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
        out.printf("""

                Plumbline demo: drift detection end to end, in this one process.
                  Kafka   a real single-node broker at %s (temporary); topics %s, %s, %s, %s
                  Flink   the drift job on a local MiniCluster: %s windows, each model's first complete window is its
                          baseline; alerts are published exactly once, so each appears when its checkpoint completes
                          (every %s)
                  Traffic two models, %d predictions each per %s window, JSON and Avro mixed, and 1 record in %d
                          malformed on purpose (counted in the dead-letter topic). Event time starts %d windows ago and
                          runs %.0fx faster than the clock until it catches up, then keeps pace with it.
                Stops after %s, or at Ctrl-C.

                """,
                bootstrapServers, topics.predictions(), topics.alerts(), topics.driftStats(), topics.deadLetter(),
                window, ConfigSummary.human(config.checkpoint().interval()),
                DemoCommand.EVENTS_PER_SECOND * config.windowSize().toSeconds(), window,
                PredictionGenerator.MALFORMED_EVERY, DemoCommand.BACKFILL_WINDOWS, DemoCommand.SPEEDUP,
                ConfigSummary.human(duration));
        out.flush();
    }

    void printTimeline(TrafficSchedule schedule, PredictionGenerator generator, ZoneId zone) {
        SyntheticModel shifted = generator.shiftedModel();
        out.printf("Traffic started at %s; its event time starts at %s and catches up with the clock at about %s.%n",
                time(schedule.wallStart(), zone), time(schedule.eventStart(), zone), time(schedule.caughtUpAt(), zone));
        out.printf("%s %s drifts in event-time windows %d to %d (%s to %s), sent between %s and %s:%n",
                shifted.id(), shifted.version(), schedule.shiftFromWindow(), schedule.shiftUntilWindow() - 1,
                time(schedule.shiftStart(), zone), time(schedule.shiftEnd(), zone),
                time(schedule.wallTimeOf(schedule.shiftStart()), zone), time(schedule.wallTimeOf(schedule.shiftEnd()), zone));
        shifted.shiftDescription().forEach(change -> out.println("    - " + change));
        for (SyntheticModel model : generator.models()) {
            if (model != shifted) {
                out.printf("%s %s never drifts: it should stay quiet.%n", model.id(), model.version());
            }
        }
        out.println("Expect FIRING lines for those features and the prediction, then RESOLVED once the drift is over.");
        out.println("Columns: seen at, status, model, feature, rule, evidence (rule), window (event time).");
        out.println();
        out.flush();
    }

    void printSummary(AlertPrinter.Summary summary, Instant jobStarted, Duration ran, long events, long malformed) {
        out.println();
        out.printf("Published %,d predictions and %,d malformed records in %s.%n", events, malformed, human(ran));
        out.println(summary.describe());
        out.println(summary.firstAlertAt()
                .map(first -> "First alert " + human(Duration.between(jobStarted, first)) + " after the job was launched (Flink start-up included).")
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
