package io.plumbline.cli.command;

import io.plumbline.cli.demo.LlmCallGenerator;
import io.plumbline.cli.demo.PredictionGenerator;
import io.plumbline.cli.demo.TrafficFormat;
import io.plumbline.cli.demo.TrafficPublisher;
import io.plumbline.cli.demo.TrafficSchedule;
import io.plumbline.cli.demo.TrafficSource;
import io.plumbline.monitor.config.PlumblineConfig;
import io.plumbline.schemas.LlmCallEvent;
import io.plumbline.schemas.PredictionEvent;
import io.plumbline.schemas.registry.SchemaRegistryClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
        name = "produce",
        description = {
            "Publishes each non-blank line of a file as one Kafka record (value bytes as they are, no key), "
                    + "or, with --llm-calls or --predictions, the demo's traffic to feed a running job.",
            "The LLM calls are keyed by service and sent as their event time comes, at --rate calls per second, "
                    + "until --duration or Ctrl-C; after the same warm-up as the demo, one prompt version slows down "
                    + "and one key's cost per call triples for a while, then both recover.",
            "The predictions are the demo's two models, sent as their event time comes, at --rate predictions per"
                    + " second; after the same warm-up as the demo, one model's inputs and scores shift for a while.",
            "The topic must exist: one that does not is refused, with the topics it may have meant, unless --create-topic.",
            "Give it the config file run uses (--config), for a cluster that needs client properties such as SASL or"
                    + " TLS (kafka.properties), and for --format confluent-avro the schema registry (schema-registry.*).",
        })
public final class ProduceCommand implements Callable<Integer> {

    private static final int LINGER_MS = 20;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    @Spec CommandSpec spec;

    /** Kafka to publish to, and its client properties (SASL, TLS), as run takes them. */
    @Mixin ConfigOptions kafka;

    @Option(names = "--topic", required = true, paramLabel = "TOPIC",
            description = "Topic to publish to (the jobs read plumbline.llm-calls and plumbline.predictions).")
    String topic;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Records records;

    /** Where the records come from: a file, or generated. */
    static final class Records {

        @Option(names = "--file", required = true, paramLabel = "FILE", description = "Events, one per line (e.g. JSON Lines).")
        Path file;

        @Option(names = "--llm-calls", required = true,
                description = "Generated LLM calls instead of a file: the demo's traffic, JSON and Avro mixed, a few malformed on purpose.")
        boolean llmCalls;

        @Option(names = "--predictions", required = true,
                description = "Generated predictions instead of a file: the demo's two models, JSON and Avro mixed, a few malformed on purpose.")
        boolean predictions;
    }

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "mixed", converter = TrafficFormatConverter.class,
            description = {"With --llm-calls or --predictions: how the records are written: mixed (JSON and Avro"
                    + " single-object), json, avro-single-object, confluent-avro (the event schema registered under"
                    + " TOPIC-value in the config's schema registry, as Confluent's serializers register it);"
                    + " for calls otlp-proto or otlp-json (each call a GenAI span, as the OpenTelemetry Collector's"
                    + " Kafka exporter writes traces), for predictions kserve (each a request and a response"
                    + " CloudEvent, as KServe logs inferences); the jobs read those three with"
                    + " topics.llm-calls-format or topics.predictions-format set to the same. Default: ${DEFAULT-VALUE}."})
    TrafficFormat format;

    @Option(names = "--rate", paramLabel = "N", defaultValue = "" + LlmCallGenerator.DEFAULT_CALLS_PER_SECOND,
            description = "With --llm-calls or --predictions: calls, or predictions, per second of event time."
                    + " Default: ${DEFAULT-VALUE}.")
    int rate;

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "3m", converter = DurationConverter.class,
            description = "With --llm-calls or --predictions: stops after this long. Default: ${DEFAULT-VALUE}.")
    Duration duration;

    @Option(names = "--window", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "With --llm-calls or --predictions: the job's window size, which the incidents start and end with."
                    + " Default: ${DEFAULT-VALUE}.")
    Duration window;

    @Option(names = "--backfill", paramLabel = "DURATION", defaultValue = "0s", converter = DurationConverter.class,
            description = {"With --llm-calls or --predictions: event time starts this long ago and runs faster than the"
                    + " clock until it catches up.",
                "Only for a job that has seen nothing newer: a running job counts calls behind its watermark as late. "
                        + "Default: ${DEFAULT-VALUE}."})
    Duration backfill;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "With --llm-calls or --predictions: seed of the traffic; the same seed gives the same records.")
    long seed;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "20s", converter = DurationConverter.class,
            description = "Give up when Kafka does not answer within this time. Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Option(names = "--create-topic",
            description = "Create the topic (the broker's default partitions and replication) when it does not exist; "
                    + "without it, a topic that does not exist is refused.")
    boolean createTopic;

    /** The config's Kafka client properties and brokers, once loaded. */
    private Properties client;
    private String bootstrapServers;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (records.llmCalls || records.predictions) {
            checkTrafficOptions();
        } else if (!Files.isRegularFile(records.file)) {
            throw new NoSuchFileException(records.file.toString(), null, "no such file");
        } else if (spec.commandLine().getParseResult().hasMatchedOption("--format")) {
            throw new ParameterException(spec.commandLine(), "--format applies to --llm-calls and --predictions;"
                    + " --file sends its lines as they are");
        }
        PlumblineConfig config = kafka.load(spec.commandLine().getErr());
        if (config == null) {
            return 1;
        }
        if (format == TrafficFormat.CONFLUENT_AVRO && config.schemaRegistry() == null) {
            throw new ParameterException(spec.commandLine(), "--format confluent-avro registers the "
                    + (records.predictions ? "prediction" : "call") + " schema in a schema registry: set"
                    + " schema-registry.url in the --config file, or --set schema-registry.url=http://HOST:8081");
        }
        client = config.kafka().clientProperties();
        bootstrapServers = config.kafka().bootstrapServers();
        ensureTopic();
        AtomicReference<Exception> failure = new AtomicReference<>();
        String summary = records.llmCalls ? publishLlmCalls(config, failure)
                : records.predictions ? publishPredictions(config, failure) : publishFile(failure);
        if (failure.get() != null) {
            throw new IOException("Could not publish to " + topic + " at " + bootstrapServers
                    + " (is Kafka running there?): " + failure.get().getMessage(), failure.get());
        }
        spec.commandLine().getOut().println(summary);
        return 0;
    }

    /**
     * Refuses a topic that does not exist unless asked to create it. Asked before any producer: its
     * metadata requests would have a broker that auto-creates topics create a misspelt one.
     */
    private void ensureTopic() throws InterruptedException {
        try (KafkaTopics topics = KafkaTopics.connect(client, timeout)) {
            if (!createTopic) {
                topics.require(topic, "Give --topic an existing topic, or add --create-topic to create it.");
            } else if (!topics.exists(topic)) {
                spec.commandLine().getOut().println(topics.create(topic));
            }
        }
    }

    private String publishFile(AtomicReference<Exception> failure) throws IOException {
        Path file = records.file;
        long sent = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig());
                BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = lines.readLine(); line != null && failure.get() == null; line = lines.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                producer.send(new ProducerRecord<>(topic, line.getBytes(StandardCharsets.UTF_8)), (metadata, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
                sent++;
            }
            producer.flush();
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            failure.compareAndSet(null, e);
        }
        return String.format("Published %d records from %s to %s at %s", sent, file, topic, bootstrapServers);
    }

    /**
     * The id of the call schema in the config's schema registry, registered under the topic's subject, for
     * {@code --format confluent-avro}; 0 for the other formats.
     */
    private int schemaId(PlumblineConfig config) {
        if (format != TrafficFormat.CONFLUENT_AVRO) {
            return 0;
        }
        String subject = topic + "-value";
        int id = new SchemaRegistryClient(config.schemaRegistry()).register(subject, (records.predictions
                ? PredictionEvent.getClassSchema() : LlmCallEvent.getClassSchema()).toString());
        spec.commandLine().getOut().printf("The %s schema is id %d under %s in the schema registry at %s.%n",
                records.predictions ? "prediction" : "LLM call", id, subject, config.schemaRegistry().urls().get(0));
        return id;
    }

    private void checkTrafficOptions() {
        if (records.llmCalls ? !format.carriesCalls() : !format.carriesPredictions()) {
            throw new ParameterException(spec.commandLine(), "--format " + format.optionName() + " carries no "
                    + (records.llmCalls ? "LLM calls" : "predictions") + ": expected one of "
                    + TrafficFormat.names(records.llmCalls));
        }
        requirePositive("--rate", rate, records.llmCalls ? "calls per second" : "predictions per second");
        requirePositive("--window", window.toMillis(), "milliseconds");
        requirePositive("--duration", duration.toMillis(), "milliseconds");
        if (backfill.isNegative()) {
            throw new ParameterException(spec.commandLine(), "--backfill cannot be negative, was " + backfill);
        }
    }

    private String publishLlmCalls(PlumblineConfig config, AtomicReference<Exception> failure) {
        Clock clock = Clock.systemDefaultZone();
        TrafficSchedule schedule = schedule(clock);
        LlmCallGenerator generator = new LlmCallGenerator(seed, schedule, rate).writtenAs(format,
                schemaId(config));
        printPlan(generator, schedule, clock.getZone());
        return publish(generator, schedule, clock, failure).summary("LLM calls");
    }

    private TrafficSchedule schedule(Clock clock) {
        return TrafficSchedule.startingNow(clock.millis(), backfill, window, DemoCommand.SPEEDUP,
                DemoCommand.SHIFT_FROM_WINDOW, DemoCommand.SHIFT_UNTIL_WINDOW);
    }

    /** What {@link #publish} sent, and how long it took. */
    private record Sent(String topic, String bootstrapServers, long events, long malformed, Duration took) {

        String summary(String eventsName) {
            return String.format(Locale.ROOT, "Published %,d %s and %,d malformed records to %s at %s in %.1f s",
                    events, eventsName, malformed, topic, bootstrapServers, took.toMillis() / 1000.0);
        }
    }

    /** Sends {@code source}'s records as their event time comes, until --duration or Ctrl-C. */
    private Sent publish(TrafficSource source, TrafficSchedule schedule, Clock clock,
                           AtomicReference<Exception> failure) {
        Instant started = clock.instant();
        // Released only after the publisher has closed, so Ctrl-C still flushes what was sent.
        try (StopSignal stop = StopSignal.install()) {
            TrafficPublisher publisher = TrafficPublisher.start(producerConfig(), topic, source, schedule, clock::millis);
            try {
                Instant end = started.plus(duration);
                while (!stop.requested() && publisher.failure().isEmpty() && clock.instant().isBefore(end)) {
                    stop.await(Duration.ofMillis(Math.min(500, Math.max(1, Duration.between(clock.instant(), end).toMillis()))));
                }
            } finally {
                close(publisher);
            }
            publisher.failure().ifPresent(e -> failure.compareAndSet(null, e));
            return new Sent(topic, bootstrapServers, publisher.eventsSent(), publisher.malformedSent(),
                    Duration.between(started, clock.instant()));
        }
    }

    private String publishPredictions(PlumblineConfig config, AtomicReference<Exception> failure) {
        Clock clock = Clock.systemDefaultZone();
        TrafficSchedule schedule = schedule(clock);
        // Both models take turns: each sends half of the rate.
        int perModelPerWindow = (int) Math.max(1, rate * window.toMillis() / 1000 / 2);
        PredictionGenerator generator = new PredictionGenerator(seed, schedule, perModelPerWindow)
                .writtenAs(format, schemaId(config));
        ZoneId zone = clock.getZone();
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Sending predictions of %s to %s at %s as %s; event time starts at %s.%n",
                String.join(" and ", generator.modelIds()), topic, bootstrapServers, format.optionName(),
                time(schedule.eventStart(), zone));
        out.printf("%s shifts in event-time windows %d to %d (%s to %s), sent between %s and %s; then it is as"
                        + " before.%n", generator.shiftedModel().id(), schedule.shiftFromWindow(),
                schedule.shiftUntilWindow() - 1, time(schedule.shiftStart(), zone), time(schedule.shiftEnd(), zone),
                time(schedule.wallTimeOf(schedule.shiftStart()), zone), time(schedule.wallTimeOf(schedule.shiftEnd()), zone));
        out.flush();
        return publish(generator, schedule, clock, failure).summary("predictions");
    }

    private void printPlan(LlmCallGenerator generator, TrafficSchedule schedule, ZoneId zone) {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Sending LLM calls to %s at %s, keyed by service; event time starts at %s.%n",
                topic, bootstrapServers, time(schedule.eventStart(), zone));
        generator.describeTraffic().forEach(line -> out.println("  " + line));
        out.printf("In event-time windows %d to %d (%s to %s), sent between %s and %s:%n", schedule.shiftFromWindow(),
                schedule.shiftUntilWindow() - 1, time(schedule.shiftStart(), zone), time(schedule.shiftEnd(), zone),
                time(schedule.wallTimeOf(schedule.shiftStart()), zone), time(schedule.wallTimeOf(schedule.shiftEnd()), zone));
        generator.describeIncidents().forEach(line -> out.println("  - " + line));
        out.println("then everything is as before.");
        out.flush();
    }

    private void requirePositive(String option, long value, String unit) {
        if (value < 1) {
            throw new ParameterException(spec.commandLine(), option + " must be at least 1 (" + unit + "), was " + value);
        }
    }

    private static void close(TrafficPublisher publisher) {
        try {
            publisher.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String time(long epochMillis, ZoneId zone) {
        return CLOCK.format(Instant.ofEpochMilli(epochMillis).atZone(zone));
    }

    /** The config's client properties (security, tuning), under this command's own serializers, acks and timeouts. */
    private Map<String, Object> producerConfig() {
        int timeoutMs = Math.toIntExact(timeout.toMillis());
        Map<String, Object> settings = new HashMap<>();
        client.forEach((key, value) -> settings.put((String) key, value));
        settings.putAll(Map.of(
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, LINGER_MS,
                // An unreachable broker surfaces as a metadata wait (max.block) or a delivery timeout.
                ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs + LINGER_MS));
        return settings;
    }
}
