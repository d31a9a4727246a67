package io.plumbline.cli.command;

import io.plumbline.cli.demo.AlertPrinter;
import io.plumbline.cli.demo.EmbeddedBroker;
import io.plumbline.cli.demo.PredictionGenerator;
import io.plumbline.cli.demo.TempDirectory;
import io.plumbline.cli.demo.TrafficPublisher;
import io.plumbline.cli.demo.TrafficSchedule;
import io.plumbline.cli.local.LocalJobRunner;
import io.plumbline.jobs.config.ConfigException;
import io.plumbline.jobs.config.ConfigLoader;
import io.plumbline.jobs.config.PlumblineConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "demo",
        description = {
            "Shows drift detection end to end in this one process: a real Kafka broker, the drift job on a local Flink, "
                    + "and the traffic of two models, one of which drifts for a while.",
            "Alert lines appear as the job commits them; Ctrl-C stops it.",
        })
public final class DemoCommand implements Callable<Integer> {

    /** Event time starts this many windows in the past: the backlog makes the story quick to watch. */
    static final int BACKFILL_WINDOWS = 24;
    static final double SPEEDUP = 8;
    static final int SHIFT_FROM_WINDOW = 6;
    static final int SHIFT_UNTIL_WINDOW = 12;
    /** Per model and second of event time: 6 000 per 10-second window, above the 5 000 the detection targets assume. */
    static final int EVENTS_PER_SECOND = 600;

    @Spec CommandSpec spec;

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "3m", converter = DurationConverter.class,
            description = "Stops after this long. Default: ${DEFAULT-VALUE}.")
    Duration duration;

    @Option(names = "--window", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "Window size (window.size). Default: ${DEFAULT-VALUE}.")
    Duration window;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seed of the traffic; the same seed gives the same traffic.")
    long seed;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Clock clock = Clock.systemDefaultZone();
        // Everything, the summary included, happens before the stop signal is released: after that the JVM may exit.
        try (StopSignal stop = StopSignal.install();
                TempDirectory checkpoints = TempDirectory.create("plumbline-demo-checkpoints-")) {
            out.println("Starting a Kafka broker...");
            out.flush();
            try (EmbeddedBroker broker = EmbeddedBroker.start(0, null)) {
                PlumblineConfig config;
                try {
                    config = ConfigLoader.load(null, demoSettings(broker, checkpoints.path()));
                } catch (ConfigException e) {
                    ConfigProblems.print(spec.commandLine().getErr(), "demo", e);
                    return 1;
                }
                PlumblineConfig.Topics topics = config.topics();
                broker.createTopics(List.of(topics.predictions(), topics.driftStats(), topics.alerts(), topics.deadLetter()));
                DemoStory story = new DemoStory(config, broker.bootstrapServers(), out);
                story.printIntro(duration);
                run(config, broker, story, stop, clock, out);
            }
        }
        return 0;
    }

    private void run(PlumblineConfig config, EmbeddedBroker broker, DemoStory story, StopSignal stop, Clock clock,
                     PrintWriter out) throws Exception {
        PlumblineConfig.Topics topics = config.topics();
        try (AlertPrinter printer = AlertPrinter.start(broker.bootstrapServers(), topics.alerts(), topics.deadLetter(), out, clock)) {
            // Measured from the launch, so the time to the first alert includes Flink's start-up.
            Instant jobStarted = clock.instant();
            long events;
            long malformed;
            try (LocalJobRunner job = LocalJobRunner.start(config)) {
                TrafficSchedule schedule = TrafficSchedule.startingNow(clock.millis(),
                        config.windowSize().multipliedBy(BACKFILL_WINDOWS), config.windowSize(), SPEEDUP,
                        SHIFT_FROM_WINDOW, SHIFT_UNTIL_WINDOW);
                PredictionGenerator generator = new PredictionGenerator(seed, schedule,
                        (int) (EVENTS_PER_SECOND * config.windowSize().toMillis() / 1000));
                try (TrafficPublisher traffic = TrafficPublisher.start(broker.bootstrapServers(), topics.predictions(),
                        generator, schedule, clock::millis)) {
                    story.printTimeline(schedule, generator, clock.getZone());
                    awaitEnd(stop, job, clock, jobStarted.plus(duration));
                    events = traffic.eventsSent();
                    malformed = traffic.malformedSent();
                }
                out.println("Stopping...");
            }
            story.printSummary(printer.summary(), jobStarted, Duration.between(jobStarted, clock.instant()), events, malformed);
        }
    }

    private static void awaitEnd(StopSignal stop, LocalJobRunner job, Clock clock, Instant end) {
        while (!stop.requested() && clock.instant().isBefore(end)) {
            if (job.termination().isDone()) {
                throw new IllegalStateException("The drift job stopped unexpectedly",
                        job.termination().handle((result, failure) -> failure).join());
            }
            stop.await(Duration.ofMillis(Math.min(500, Math.max(1, Duration.between(clock.instant(), end).toMillis()))));
        }
    }

    private Map<String, String> demoSettings(EmbeddedBroker broker, Path checkpoints) {
        return Map.of(
                "kafka.bootstrap-servers", broker.bootstrapServers(),
                "kafka.starting-offsets", "earliest",
                "window.size", window.toMillis() + "ms",
                "checkpoint.directory", checkpoints.toUri().toString(),
                "job.name", "plumbline-demo",
                "job.parallelism", "1",
                // The demo's traffic is predictions only.
                "job.enabled", "drift");
    }
}
