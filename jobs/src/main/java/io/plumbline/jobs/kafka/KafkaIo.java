package io.plumbline.jobs.kafka;

import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;

import io.plumbline.monitor.config.PlumblineConfig;
import io.plumbline.schemas.codec.LlmCallLimits;
import io.plumbline.schemas.codec.OtlpOptions;
import io.plumbline.schemas.codec.PayloadFormat;
import io.plumbline.schemas.event.InferenceHalf;
import io.plumbline.schemas.event.LlmCallRecord;
import io.plumbline.schemas.event.PredictionRecord;
import io.plumbline.schemas.event.SourcePosition;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** The jobs' Kafka sources and sinks, built from the config (the LLM calls' source also from explicit settings). */
public final class KafkaIo {

    /**
     * Within the broker's default 15-minute maximum ({@code transaction.max.timeout.ms}) and long
     * enough for a slow checkpoint; {@code kafka.properties} may set another.
     */
    static final String TRANSACTION_TIMEOUT_MS = "600000";

    private KafkaIo() {
    }

    /**
     * The predictions source, unbounded; a test may bound it with {@code setBounded} before
     * building. A new consumer group starts at {@code kafka.starting-offsets}; committed offsets
     * win, and a restored checkpoint wins over both.
     */
    public static KafkaSourceBuilder<DecodedRecord<PredictionRecord>> predictionsSource(PlumblineConfig config) {
        PlumblineConfig.Kafka kafka = config.kafka();
        return eventSource(kafka.clientProperties(), kafka.bootstrapServers(), kafka.groupId(),
                config.topics().predictions(), kafka.startingOffsets(),
                new PredictionDeserializationSchema(config.topics().predictionsFormat(), sizeLimit(config),
                        config.schemaRegistry()))
                .setClientIdPrefix(config.job().name());
    }

    /**
     * The predictions topic of the config read as inference logs ({@code topics.predictions-format: kserve}): each
     * record decoded into the half of an inference it holds, for the drift job to pair.
     */
    public static KafkaSourceBuilder<DecodedRecord<InferenceHalf>> inferenceLogsSource(PlumblineConfig config) {
        PlumblineConfig.Kafka kafka = config.kafka();
        return eventSource(kafka.clientProperties(), kafka.bootstrapServers(), kafka.groupId(),
                config.topics().predictions(), kafka.startingOffsets(),
                new InferenceLogDeserializationSchema(sizeLimit(config), config.inferenceLogs().options()))
                .setClientIdPrefix(config.job().name());
    }

    /**
     * The LLM-calls source, unbounded, decoding in {@code format}. A new consumer group starts at
     * the topic's earliest offset; committed offsets win, and a restored checkpoint wins over both.
     * The caller may set more on the builder: client properties (security), a client-id prefix,
     * other starting offsets, bounds.
     *
     * @throws IllegalArgumentException when a name is blank, or the format needs a schema registry
     */
    public static KafkaSourceBuilder<DecodedRecord<LlmCallRecord>> llmCallsSource(
            String bootstrapServers, String topic, PayloadFormat format, String groupId) {
        requireNonBlank(bootstrapServers, "bootstrapServers", "the brokers as host:port[,host:port...]");
        requireNonBlank(topic, "topic", "the topic the LLM calls are published to, e.g. plumbline.llm-calls");
        requireNonBlank(groupId, "groupId", "the consumer group whose committed offsets the job resumes from");
        Objects.requireNonNull(format, "format: AUTO detects JSON or Avro per record");
        if (format == PayloadFormat.CONFLUENT_AVRO) {
            throw new IllegalArgumentException("format: confluent-avro needs a schema registry, which this source"
                    + " has none of: build it with llmCallsSource(config), from a config with schema-registry.url");
        }
        return eventSource(new Properties(), bootstrapServers, groupId, topic,
                PlumblineConfig.StartingOffsets.EARLIEST, new LlmCallDeserializationSchema(format,
                        new RecordSizeLimit(PlumblineConfig.Limits.DEFAULTS.maxRecordBytes()), LlmCallLimits.DEFAULTS,
                        null, OtlpOptions.DEFAULTS));
    }

    /**
     * The LLM-calls source of the config, unbounded: its topic and format, the LLM job's consumer
     * group, and the Kafka client properties and starting offsets both jobs share.
     */
    public static KafkaSourceBuilder<DecodedRecord<LlmCallRecord>> llmCallsSource(PlumblineConfig config) {
        PlumblineConfig.Kafka kafka = config.kafka();
        PlumblineConfig.Llm llm = config.llm();
        return eventSource(kafka.clientProperties(), kafka.bootstrapServers(), llm.groupId(), llm.callsTopic(),
                kafka.startingOffsets(), new LlmCallDeserializationSchema(llm.callsFormat(), sizeLimit(config),
                        llmCallLimits(config), config.schemaRegistry(), llm.otlp()))
                .setClientIdPrefix(llm.jobName());
    }

    /** Client properties first, so that the explicit servers and group win over any in them. */
    @SuppressWarnings("deprecation") // the connector's API still takes OffsetResetStrategy
    private static <E extends SourcePosition> KafkaSourceBuilder<DecodedRecord<E>> eventSource(
            Properties client, String bootstrapServers, String groupId, String topic,
            PlumblineConfig.StartingOffsets startingOffsets, EventDeserializationSchema<E> deserializer) {
        OffsetResetStrategy reset = startingOffsets == PlumblineConfig.StartingOffsets.LATEST
                ? OffsetResetStrategy.LATEST : OffsetResetStrategy.EARLIEST;
        return KafkaSource.<DecodedRecord<E>>builder()
                .setProperties(client)
                .setBootstrapServers(bootstrapServers)
                .setGroupId(groupId)
                .setTopics(topic)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(reset))
                .setDeserializer(deserializer);
    }

    private static void requireNonBlank(String value, String name, String expected) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is " + (value == null ? "null" : "blank")
                    + ": give " + expected);
        }
    }

    /**
     * The reference baselines, unbounded, always from the topic's earliest offset whatever the
     * committed offsets: the topic is compacted, so reading it whole yields the newest reference of
     * every (model, version), and the drift stage keeps only the last one per key anyway. A restored
     * checkpoint resumes from its offsets, as the references read before are in its state.
     *
     * <p>Subscribed by a pattern that matches just the topic's name, so that a job may start before
     * anyone has published a reference: a missing topic yields no partition instead of failing the
     * job, and partition discovery picks the topic up once it exists.
     */
    public static KafkaSourceBuilder<DecodedBaseline> baselinesSource(PlumblineConfig config) {
        PlumblineConfig.Kafka kafka = config.kafka();
        return KafkaSource.<DecodedBaseline>builder()
                .setProperties(kafka.clientProperties())
                .setBootstrapServers(kafka.bootstrapServers())
                .setGroupId(kafka.groupId())
                .setClientIdPrefix(config.job().name() + "-baselines")
                .setTopicPattern(Pattern.compile(Pattern.quote(config.topics().baselines())))
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new BaselineDeserializationSchema());
    }

    public static KafkaSink<KeyedMessage> driftStatsSink(PlumblineConfig config) {
        return exactlyOnce(config, transactionalIdPrefix(config, "drift-stats"),
                new KeyedMessageSerializationSchema(config.topics().driftStats()));
    }

    public static KafkaSink<KeyedMessage> alertsSink(PlumblineConfig config) {
        return exactlyOnce(config, transactionalIdPrefix(config, "alerts"),
                new KeyedMessageSerializationSchema(config.topics().alerts()));
    }

    public static KafkaSink<DeadLetter> deadLetterSink(PlumblineConfig config) {
        return exactlyOnce(config, transactionalIdPrefix(config, "dead-letter"),
                deadLetterSerializer(config));
    }

    public static KafkaSink<KeyedMessage> llmStatsSink(PlumblineConfig config) {
        return exactlyOnce(config, config.llm().jobName() + "-llm-stats",
                new KeyedMessageSerializationSchema(config.llm().statsTopic()));
    }

    /** The LLM job's alerts, to the alerts topic the drift job writes too, through sinks of their own. */
    public static KafkaSink<KeyedMessage> llmAlertsSink(PlumblineConfig config) {
        return exactlyOnce(config, config.llm().jobName() + "-alerts",
                new KeyedMessageSerializationSchema(config.topics().alerts()));
    }

    /** The LLM job's rejected and late calls, to the dead-letter topic the drift job writes too. */
    public static KafkaSink<DeadLetter> llmDeadLetterSink(PlumblineConfig config) {
        return exactlyOnce(config, config.llm().jobName() + "-dead-letter",
                deadLetterSerializer(config));
    }

    /**
     * Within the producer's {@code max.request.size}, which kafka.properties may raise or lower: the config
     * refuses a {@code limits.max-record-bytes} that leaves too little room under it.
     */
    private static DeadLetterSerializationSchema deadLetterSerializer(PlumblineConfig config) {
        String maxRequest = config.kafka().clientProperties().getProperty("max.request.size");
        return new DeadLetterSerializationSchema(config.topics().deadLetter(), sizeLimit(config),
                maxRequest == null ? PlumblineConfig.Limits.KAFKA_MAX_REQUEST_BYTES
                        : Integer.parseInt(maxRequest.trim()));
    }

    private static LlmCallLimits llmCallLimits(PlumblineConfig config) {
        PlumblineConfig.Limits limits = config.limits();
        return new LlmCallLimits(limits.maxTokensPerCall(), limits.maxCostUsdPerCall(), limits.maxCallDuration());
    }

    private static RecordSizeLimit sizeLimit(PlumblineConfig config) {
        return new RecordSizeLimit(config.limits().maxRecordBytes());
    }

    /**
     * Every sink needs its own transactional-id prefix: two sinks sharing one would fence each
     * other's producers. The job name leads, so two jobs on one cluster stay apart as well (the LLM
     * job's sinks lead with {@code llm.job-name}).
     */
    public static String transactionalIdPrefix(PlumblineConfig config, String sink) {
        return config.job().name() + "-" + sink;
    }

    private static <T> KafkaSink<T> exactlyOnce(PlumblineConfig config, String transactionalIdPrefix,
                                                KafkaRecordSerializationSchema<T> serializer) {
        Properties producer = config.kafka().clientProperties();
        producer.putIfAbsent("transaction.timeout.ms", TRANSACTION_TIMEOUT_MS);
        return KafkaSink.<T>builder()
                .setKafkaProducerConfig(producer)
                .setBootstrapServers(config.kafka().bootstrapServers())
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix)
                .setRecordSerializer(serializer)
                .build();
    }
}
