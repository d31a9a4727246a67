package io.plumbline.cli.command;

import io.plumbline.cli.demo.AlertPrinter;
import io.plumbline.cli.demo.DemoBudgets;
import io.plumbline.cli.demo.DemoWebhookReceiver;
import io.plumbline.cli.demo.EmbeddedBroker;
import io.plumbline.cli.demo.LlmCallGenerator;
import io.plumbline.cli.demo.PredictionGenerator;
import io.plumbline.cli.demo.TempDirectory;
import io.plumbline.cli.demo.TrafficFormat;
import io.plumbline.cli.demo.TrafficPublisher;
import io.plumbline.cli.demo.TrafficSchedule;
import io.plumbline.cli.local.LocalJobRunner;
import io.plumbline.cli.serve.ServeLauncher;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.plumbline.delivery.serve.AlertDelivery;
import io.plumbline.delivery.serve.Serve;
import io.plumbline.delivery.serve.ServeOptions;
import io.plumbline.monitor.config.ConfigException;
import io.plumbline.monitor.config.ConfigLoader;
import io.plumbline.monitor.config.PlumblineConfig;
import io.plumbline.schemas.codec.PayloadFormat;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "demo",
        description = {
            "Shows drift detection and LLM-call monitoring end to end in this one process: a real Kafka broker, the "
                    + "drift job and the LLM job on a local Flink, the traffic of two models, one of which drifts for a while, "
                    + "and the calls of two services to several LLMs, with an incident for every LLM rule.",
            "Alert lines appear as the jobs commit them; Ctrl-C stops it. When a job can no longer run, the demo ends"
                    + " with status 1 and says why.",
        })
public final class DemoCommand implements Callable<Integer> {

    /** Event time starts this many windows in the past: the backlog makes the story quick to watch. */
    static final int BACKFILL_WINDOWS = 24;
    static final double SPEEDUP = 8;
    static final int SHIFT_FROM_WINDOW = 6;
    static final int SHIFT_UNTIL_WINDOW = 12;
    /** Per model and second of event time: 6 000 per 10-second window, above the 5 000 the detection targets assume. */
    static final int EVENTS_PER_SECOND = 600;
    static final int LLM_CALLS_PER_SECOND = LlmCallGenerator.DEFAULT_CALLS_PER_SECOND;
    private static final String DEMO_RECEIVER = "demo-receiver";

    @Spec CommandSpec spec;

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "3m", converter = DurationConverter.class,
            description = "Stops after this long. Default: ${DEFAULT-VALUE}.")
    Duration duration;

    @Option(names = "--window", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "Window size of both jobs (window.size, llm.window.size). Default: ${DEFAULT-VALUE}.")
    Duration window;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seed of the traffic; the same seed gives the same traffic.")
    long seed;

    @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "9464",
            description = "Where the metrics for Prometheus are served, on 127.0.0.1 (serve.metrics.port); 0 for any"
                    + " free port. Default: ${DEFAULT-VALUE}.")
    int metricsPort;

    @Option(names = "--alertmanager", paramLabel = "URL",
            description = "Also pushes the alerts to this Alertmanager, e.g. http://127.0.0.1:9093"
                    + " (serve.alertmanager.urls).")
    String alertmanager;

    @Option(names = "--webhook", paramLabel = "URL",
            description = "Also delivers the alerts as signed webhooks to this URL, signed with the secret in"
                    + " PLUMBLINE_WEBHOOK_SECRET (or the demo receiver's, printed at the start, when that is unset).")
    String webhook;

    @Option(names = "--otlp",
            description = "Sends the LLM calls as OpenTelemetry trace exports, each call a GenAI span, as an"
                    + " instrumented application's Collector would (Kafka exporter, otlp_proto), and has the LLM job"
                    + " read them so (topics.llm-calls-format otlp-proto).")
    boolean otlp;

    @Option(names = "--kserve",
            description = "Sends the predictions as a model server's inference logs, each a request and a response"
                    + " CloudEvent (binary mode, Open Inference Protocol bodies) as KServe's logger writes them"
                    + " through a Knative KafkaSink, and has the drift job pair them (topics.predictions-format"
                    + " kserve).")
    boolean kserve;

    @Mixin BindAddressOption bindAddress;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Clock clock = Clock.systemDefaultZone();
        // Everything, the summary included, happens before the stop signal is released: after that the JVM may exit.
        try (StopSignal stop = StopSignal.install();
                TempDirectory checkpoints = TempDirectory.create("plumbline-demo-checkpoints-")) {
            out.println("Starting a Kafka broker...");
            out.flush();
            try (DemoWebhookReceiver receiver = DemoWebhookReceiver.start(out);
                    EmbeddedBroker broker = EmbeddedBroker.start(0, null)) {
                // One schedule for both: the LLM incidents run in the same windows as the drift, and with the
                // LLM windows as long as the drift windows the story's warm-up and incidents fit both.
                TrafficSchedule schedule = TrafficSchedule.startingNow(clock.millis(),
                        window.multipliedBy(BACKFILL_WINDOWS), window, SPEEDUP, SHIFT_FROM_WINDOW, SHIFT_UNTIL_WINDOW);
                Map<String, String> settings = new HashMap<>(demoSettings(broker.bootstrapServers(), checkpoints.path(),
                        window));
                settings.putAll(serveSettings(receiver));
                if (otlp) {
                    settings.put("topics.llm-calls-format", PayloadFormat.OTLP_PROTO.configName());
                }
                if (kserve) {
                    settings.put("topics.predictions-format", PayloadFormat.KSERVE.configName());
                }
                PlumblineConfig config;
                DemoBudgets budgets;
                try {
                    // The budgets are sized by pricing a sample of the traffic as the job will, with its prices.
                    PlumblineConfig.Llm llm = ConfigLoader.load(null, settings).llm();
                    budgets = DemoBudgets.plan(seed + 1, schedule, LLM_CALLS_PER_SECOND, llm.prices(), llm.rules());
                    Map<String, String> withBudgets = new HashMap<>(settings);
                    withBudgets.putAll(budgets.settings());
                    config = ConfigLoader.load(null, withBudgets);
                } catch (ConfigException e) {
                    ConfigProblems.print(spec.commandLine().getErr(), "demo", e);
                    return 1;
                }
                PlumblineConfig.Topics topics = config.topics();
                broker.createTopics(List.of(topics.predictions(), topics.driftStats(), topics.alerts(), topics.deadLetter(),
                        config.llm().callsTopic(), config.llm().statsTopic()));
                ServeOptions serveOptions;
                try {
                    serveOptions = ServeLauncher.options(config);
                } catch (ConfigException e) {
                    ConfigProblems.print(spec.commandLine().getErr(), "demo", e);
                    return 1;
                }
                DemoStory story = new DemoStory(config, broker.bootstrapServers(), out);
                story.printIntro(duration);
                try (Serve serve = Serve.start(serveOptions)) {
                    out.println(ServeLauncher.describe(serveOptions, serve));
                    out.println(ServeLauncher.flinkMetrics());
                    out.println("The demo's webhook receiver at " + receiver.url() + " checks each delivery's"
                            + " signature and prints a line for it.");
                    String ownSecret = System.getenv("PLUMBLINE_WEBHOOK_SECRET");
                    if (webhook != null && (ownSecret == null || ownSecret.isBlank())) {
                        out.println("Webhooks to " + webhook + " are signed with the demo's secret " + receiver.secret()
                                + " (export PLUMBLINE_WEBHOOK_SECRET to choose your own).");
                    }
                    run(config, broker, schedule, budgets, story, stop, clock, out);
                    out.println("Webhook deliveries: " + receiver.validDeliveries() + " with a valid signature, "
                            + receiver.invalidDeliveries() + " refused" + latency(serve) + ".");
                }
            }
        }
        return 0;
    }

    private void run(PlumblineConfig config, EmbeddedBroker broker, TrafficSchedule schedule, DemoBudgets budgets,
                     DemoStory story, StopSignal stop, Clock clock, PrintWriter out) throws Exception {
        PlumblineConfig.Topics topics = config.topics();
        try (AlertPrinter printer = AlertPrinter.start(broker.bootstrapServers(), topics.alerts(), topics.deadLetter(), out, clock)) {
            // Measured from the launch, so the time to the first alert includes Flink's start-up.
            Instant jobStarted = clock.instant();
            DemoStory.Sent sent;
            try (LocalJobRunner job = LocalJobRunner.start(config, bindAddress.hostAddress())) {
                out.println(bindAddress.describe(job.restAddress()));
                PredictionGenerator predictions = new PredictionGenerator(seed, schedule,
                        (int) (EVENTS_PER_SECOND * config.windowSize().toMillis() / 1000));
                if (kserve) {
                    predictions.writtenAs(TrafficFormat.KSERVE, 0);
                }
                LlmCallGenerator llmCalls = new LlmCallGenerator(seed, schedule, LLM_CALLS_PER_SECOND)
                        .writtenAs(otlp ? TrafficFormat.OTLP_PROTO : TrafficFormat.MIXED, 0);
                try (TrafficPublisher predictionTraffic = TrafficPublisher.start(broker.bootstrapServers(),
                                topics.predictions(), predictions, schedule, clock::millis);
                        TrafficPublisher llmTraffic = TrafficPublisher.start(broker.bootstrapServers(),
                                config.llm().callsTopic(), llmCalls, schedule, clock::millis)) {
                    story.printTimeline(schedule, predictions, llmCalls, budgets, clock.getZone());
                    awaitEnd(stop, job, clock, jobStarted.plus(duration));
                    sent = new DemoStory.Sent(predictionTraffic.eventsSent(), predictionTraffic.malformedSent(),
                            llmTraffic.eventsSent(), llmTraffic.malformedSent());
                }
                out.println("Stopping...");
            }
            story.printSummary(printer.summary(), jobStarted, Duration.between(jobStarted, clock.instant()), sent);
        }
    }

    private static void awaitEnd(StopSignal stop, LocalJobRunner job, Clock clock, Instant end)
            throws InterruptedException {
        while (!stop.requested() && clock.instant().isBefore(end)) {
            job.ensureRunning();
            stop.await(Duration.ofMillis(Math.min(500, Math.max(1, Duration.between(clock.instant(), end).toMillis()))));
        }
    }

    /** The receiver's delivery latency, from each alert being readable on the topic to its webhook delivered. */
    private static String latency(Serve serve) {
        Timer timer = serve.registry().find(AlertDelivery.LATENCY).tag("webhook", DEMO_RECEIVER).timer();
        if (timer == null || timer.count() == 0) {
            return "";
        }
        StringBuilder text = new StringBuilder("; from an alert committed to its webhook delivered:");
        for (ValueAtPercentile p : timer.takeSnapshot().percentileValues()) {
            text.append(String.format(Locale.ROOT, " p%.0f %.0f ms", p.percentile() * 100,
                    p.value(TimeUnit.MILLISECONDS)));
        }
        return text.toString();
    }

    /** serve's part of the demo's config: the demo's receiver, and the Alertmanager and webhook asked for. */
    private Map<String, String> serveSettings(DemoWebhookReceiver receiver) {
        Map<String, String> serve = new HashMap<>();
        serve.put("serve.metrics.port", Integer.toString(metricsPort));
        serve.put("serve.webhooks[0].name", DEMO_RECEIVER);
        serve.put("serve.webhooks[0].url", receiver.url().toString());
        serve.put("serve.webhooks[0].secret", receiver.secret());
        if (webhook != null) {
            String secret = System.getenv("PLUMBLINE_WEBHOOK_SECRET");
            serve.put("serve.webhooks[1].name", "webhook");
            serve.put("serve.webhooks[1].url", webhook);
            serve.put("serve.webhooks[1].secret", secret == null || secret.isBlank() ? receiver.secret() : secret);
        }
        if (alertmanager != null) {
            serve.put("serve.alertmanager.urls", alertmanager);
        }
        return serve;
    }

    /**
     * The demo's config. {@code window} sizes both jobs' windows: the LLM traffic's smallest judged
     * variants (one of two prompt versions of a key with 30% of the calls) still get some 450 calls
     * in a 10-second window, well above the minimum counts of the LLM rules (20 successful calls for a
     * latency percentile, 30 priced calls for a cost spike), and a 1-second window still over 50.
     */
    static Map<String, String> demoSettings(String bootstrapServers, Path checkpoints, Duration window) {
        String size = window.toMillis() + "ms";
        return Map.of(
                "kafka.bootstrap-servers", bootstrapServers,
                "kafka.starting-offsets", "earliest",
                "window.size", size,
                "llm.window.size", size,
                "checkpoint.directory", checkpoints.toUri().toString(),
                "job.name", "plumbline-demo",
                "llm.job-name", "plumbline-demo-llm",
                "job.parallelism", "1",
                "job.enabled", "drift, llm");
    }
}
