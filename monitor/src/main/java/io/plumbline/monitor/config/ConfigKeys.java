package io.plumbline.monitor.config;

import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import io.plumbline.alerts.lifecycle.Runbooks;
import io.plumbline.detectors.llm.RouteProfile;
import io.plumbline.detectors.sketch.CategoricalSketch;
import io.plumbline.monitor.config.PlumblineConfig.BaselineKind;
import io.plumbline.monitor.config.PlumblineConfig.JobKind;
import io.plumbline.monitor.config.PlumblineConfig.Limits;
import io.plumbline.monitor.config.PlumblineConfig.StartingOffsets;
import io.plumbline.monitor.config.PlumblineConfig.StateBackend;
import io.plumbline.schemas.codec.InferenceLogOptions;
import io.plumbline.schemas.codec.PayloadFormat;
import io.plumbline.schemas.registry.SchemaRegistrySettings;

/**
 * Every single-valued key of the config, declared: key, type, default, range and what it does. The sections
 * of their own keys (rules, LLM rules, budgets, webhooks and Kafka client properties) are documented beside
 * their tables. {@link #ALL} is the order of the reference in docs/configuration.md.
 */
final class ConfigKeys {

    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final Pattern BROKER = Pattern.compile("(\\[[0-9a-fA-F:.]+]|[A-Za-z0-9._-]+):(\\d{1,5})");
    private static final Pattern URI_SCHEME = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*://.*");
    private static final int MAX_PARALLELISM = 32_768;

    private static final OptionType<String> TOPIC_NAME = OptionType.parsed(
            "a Kafka topic name of letters, digits, '.', '_' and '-' (at most 249)", ConfigKeys::topic);
    private static final OptionType<PayloadFormat> PAYLOAD_FORMAT = OptionType.parsed(
            "auto, json, avro-single-object, confluent-avro, avro-datum or kserve", ConfigKeys::predictionsFormat);
    private static final OptionType<PayloadFormat> CALLS_FORMAT = OptionType.parsed(
            "auto, json, avro-single-object, confluent-avro, avro-datum, otlp-proto or otlp-json",
            ConfigKeys::callsFormat);
    private static final OptionType<String> GROUP_ID = OptionType.parsed("a consumer group id", ConfigKeys::nonBlank);
    private static final OptionType<Duration> POSITIVE = OptionType.positiveDuration();

    static final ConfigOption<String> BOOTSTRAP_SERVERS = ConfigOption.derived("kafka.bootstrap-servers",
            OptionType.parsed("host:port[,host:port...] such as localhost:9092", ConfigKeys::bootstrapServers),
            "required", "the Kafka brokers every job and serve connect to");
    static final ConfigOption<String> GROUP = ConfigOption.of("kafka.group-id", GROUP_ID, "plumbline-drift",
            "the drift job's consumer group");
    static final ConfigOption<StartingOffsets> STARTING_OFFSETS = ConfigOption.of("kafka.starting-offsets",
            OptionType.parsed("earliest or latest", v -> enumValue(StartingOffsets.class, v)),
            StartingOffsets.EARLIEST, "where a new consumer group starts; committed offsets win");

    static final ConfigOption<String> PREDICTIONS = topic("topics.predictions", "plumbline.predictions",
            "the drift job's input: prediction events");
    static final ConfigOption<PayloadFormat> PREDICTIONS_FORMAT = ConfigOption.of("topics.predictions-format",
            PAYLOAD_FORMAT, PayloadFormat.AUTO, "how prediction events are encoded; auto tells each record by its"
                    + " first bytes");
    static final ConfigOption<String> DRIFT_STATS = topic("topics.drift-stats", "plumbline.drift-stats",
            "the drift statistics of every closed window");
    static final ConfigOption<String> ALERTS = topic("topics.alerts", "plumbline.alerts",
            "alert changes of both jobs");
    static final ConfigOption<String> DEAD_LETTER = topic("topics.dead-letter", "plumbline.dead-letter",
            "refused records of both jobs, each with its reason");
    static final ConfigOption<String> BASELINES = topic("topics.baselines", "plumbline.baselines",
            "reference baselines (compacted); joined whenever it exists");
    static final ConfigOption<String> LLM_CALLS = topic("topics.llm-calls", "plumbline.llm-calls",
            "the LLM job's input: LLM call events");
    static final ConfigOption<PayloadFormat> LLM_CALLS_FORMAT = ConfigOption.of("topics.llm-calls-format",
            CALLS_FORMAT, PayloadFormat.AUTO, "how LLM call events are encoded; auto tells each record by its"
                    + " first bytes");
    static final ConfigOption<Duration> PAIR_WITHIN = ConfigOption.of("kserve.pair-within", POSITIVE,
            Duration.ofMinutes(1), "kserve only: how long after one half of an inference the other may come;"
                    + " halves left alone are counted, not kept");
    static final ConfigOption<List<String>> FEATURE_COLUMNS = ConfigOption.of("kserve.feature-columns",
            OptionType.parsed("feature names, comma-separated, each once, none named prediction",
                    ConfigKeys::columnNames), List.of(),
            "kserve only: the names of the columns of a request's 2-D input tensor (V1: of each instance row)");
    static final ConfigOption<String> PREDICTION_OUTPUT = ConfigOption.of("kserve.prediction-output",
            OptionType.parsed("the name of an output tensor", ConfigKeys::nonBlank), null,
            "kserve only: the output tensor holding the prediction; unset, the response's first");
    static final ConfigOption<String> INFERENCE_MODEL_ID = ConfigOption.of("kserve.model-id",
            OptionType.parsed("a model id of 1 to 256 bytes", ConfigKeys::modelId), null,
            "kserve only: the model of logs that name none; unset, the CloudEvent's source");
    static final ConfigOption<String> INFERENCE_MODEL_VERSION = ConfigOption.of("kserve.model-version",
            OptionType.parsed("a model version of 1 to 256 bytes", ConfigKeys::modelId), null,
            "kserve only: the version of logs whose responses name none (V1 has no version)");
    static final ConfigOption<String> LLM_STATS = topic("topics.llm-stats", "plumbline.llm-stats",
            "the LLM statistics of every closed window, and budget spend");

    static final ConfigOption<List<URI>> REGISTRY_URLS = ConfigOption.of("schema-registry.url",
            OptionType.parsed("http(s) URLs of the schema registry, comma-separated, such as"
                    + " http://schema-registry:8081 (for Apicurio, its .../apis/ccompat/v7)", ServeSection::urls),
            List.of(), "where confluent-avro records' writer schemas are fetched by id; each URL tried in turn");
    static final ConfigOption<String> REGISTRY_USERNAME = ConfigOption.of("schema-registry.username",
            OptionType.parsed("a user name", ConfigKeys::nonBlank), null, "basic-auth user, with"
                    + " schema-registry.password");
    static final ConfigOption<String> REGISTRY_PASSWORD = ConfigOption.of("schema-registry.password",
            OptionType.parsed("a password, best as ${SOME_ENV_VARIABLE}", ConfigKeys::nonBlank), null,
            "basic-auth password; never shown");
    static final ConfigOption<Path> REGISTRY_TRUSTSTORE = ConfigOption.of("schema-registry.truststore",
            OptionType.parsed("a path to a PKCS12 or JKS file", ConfigKeys::path), null,
            "the certificates to trust for https (the JVM's when unset); a path on every TaskManager");
    static final ConfigOption<String> REGISTRY_TRUSTSTORE_PASSWORD = ConfigOption.of(
            "schema-registry.truststore-password", OptionType.parsed("a password", v -> v), null,
            "the truststore's password; never shown");
    static final ConfigOption<Path> REGISTRY_KEYSTORE = ConfigOption.of("schema-registry.keystore",
            OptionType.parsed("a path to a PKCS12 or JKS file", ConfigKeys::path), null,
            "this client's key and certificate, for a registry that asks for one (mutual TLS)");
    static final ConfigOption<String> REGISTRY_KEYSTORE_PASSWORD = ConfigOption.of(
            "schema-registry.keystore-password", OptionType.parsed("a password", v -> v), null,
            "the keystore's password, also its key's; never shown");
    static final ConfigOption<Duration> REGISTRY_REQUEST_TIMEOUT = ConfigOption.of("schema-registry.request-timeout",
            POSITIVE, SchemaRegistrySettings.DEFAULT_REQUEST_TIMEOUT, "how long one request to the registry may take");
    static final ConfigOption<Duration> REGISTRY_RETRY_FOR = ConfigOption.of("schema-registry.retry-for", POSITIVE,
            SchemaRegistrySettings.DEFAULT_RETRY_FOR, "how long a registry that does not answer is asked again;"
                    + " then the job fails and restarts, rather than dead-letter every record");

    static final ConfigOption<Duration> WINDOW_SIZE = ConfigOption.of("window.size", POSITIVE, Duration.ofMinutes(1),
            "event-time windows of this length, aligned to the epoch");
    static final ConfigOption<Duration> WINDOW_SLIDE = ConfigOption.derived("window.slide", POSITIVE, "window.size",
            "one window ends every slide (tumbling when equal to the size); must divide window.size");
    // Below about 1 000 events, sampling noise alone gives PSI near its alert threshold
    // (its expected value under no drift is about 9 (1/n + 1/m) for 10 bins: 0.09 at n = m = 200).
    static final ConfigOption<Long> MIN_EVENTS = ConfigOption.of("window.min-events",
            OptionType.wholeNumber(1, Integer.MAX_VALUE), 1000L,
            "a window with fewer events is reported but never fires or resolves an alert");
    static final ConfigOption<Duration> MODEL_IDLE_AFTER = ConfigOption.derived("model-idle-after", POSITIVE,
            "`1h`, or window.size if longer", "a model version without predictions this long is retired, its"
                    + " alerts resolved; at least window.size");
    static final ConfigOption<Duration> OUT_OF_ORDERNESS = ConfigOption.of("watermark.out-of-orderness",
            OptionType.nonNegativeDuration(), Duration.ofSeconds(5), "how long a window waits for late events"
                    + " after its end");
    static final ConfigOption<Duration> IDLENESS = ConfigOption.of("watermark.idleness", POSITIVE,
            Duration.ofSeconds(30), "a silent partition stops holding the watermark back after this");

    static final ConfigOption<BaselineKind> BASELINE_KIND = ConfigOption.of("baseline.kind", OptionType.parsed(
                    "warmup (the first complete window, or the first baseline.warmup-events events, of each model"
                            + " version) or rolling (the baseline.rolling-windows windows before each window)",
                    v -> enumValue(BaselineKind.class, v)),
            BaselineKind.WARMUP, "what each model version is compared with (see Windows and baselines)");
    static final ConfigOption<Long> WARMUP_EVENTS = ConfigOption.derived("baseline.warmup-events",
            OptionType.wholeNumber(1, Integer.MAX_VALUE), "the first complete window",
            "warmup only: the first N events instead of the first complete window; at least window.min-events");
    static final ConfigOption<Integer> ROLLING_WINDOWS = ConfigOption.of("baseline.rolling-windows",
            OptionType.integer(1, 1000), 5, "rolling only: how many window lengths before each window it spans");

    static final ConfigOption<Integer> MAX_FEATURES = ConfigOption.of("features.max-per-model",
            OptionType.integer(1, 100_000), 1000, "further feature names are dropped and counted");
    // At 1 000 a categorical sketch past K holds ~150 KiB of heap per open window, six numeric sketches.
    static final ConfigOption<Integer> MAX_CATEGORIES = ConfigOption.of("features.max-categories",
            OptionType.integer(1, 1_000), CategoricalSketch.DEFAULT_MAX_DISTINCT,
            "categories named per categorical feature, the heaviest kept; the rest are counted as other");
    static final ConfigOption<Double> MIN_SHARE = ConfigOption.of("features.min-share",
            OptionType.decimal("a share of a window's events above 0 and at most 1 such as 0.01",
                    share -> share > 0 && share <= 1),
            0.01, "with every slot taken, a rarer feature gives its slot up (see Limits)");

    static final ConfigOption<Long> MAX_RECORD_BYTES = ConfigOption.of("limits.max-record-bytes",
            OptionType.wholeNumber(Limits.MIN_RECORD_BYTES, Integer.MAX_VALUE), Limits.DEFAULTS.maxRecordBytes(),
            "a larger record is dead-lettered truncated, reason too_large");
    static final ConfigOption<Integer> MAX_MODELS = ConfigOption.of("limits.max-models",
            OptionType.integer(1, Integer.MAX_VALUE), Limits.DEFAULTS.maxModels(),
            "(model_id, model_version) keys with state per parallel instance; further new ones: over_limit");
    static final ConfigOption<Long> MAX_TOKENS = ConfigOption.of("limits.llm.max-tokens-per-call",
            OptionType.wholeNumber(1, Long.MAX_VALUE), Limits.DEFAULTS.maxTokensPerCall(),
            "a call with more tokens of one kind is dead-lettered");
    static final ConfigOption<Double> MAX_COST = ConfigOption.of("limits.llm.max-cost-usd-per-call",
            OptionType.decimal("a positive amount in USD such as 1000", usd -> usd > 0),
            Limits.DEFAULTS.maxCostUsdPerCall(), "a call costing more is dead-lettered");
    static final ConfigOption<Duration> MAX_CALL_DURATION = ConfigOption.of("limits.llm.max-call-duration",
            POSITIVE, Limits.DEFAULTS.maxCallDuration(), "a call taking longer is dead-lettered");
    static final ConfigOption<Integer> MAX_ROUTES = ConfigOption.of("limits.llm.max-routes",
            OptionType.integer(1, Integer.MAX_VALUE), Limits.DEFAULTS.maxLlmRoutes(),
            "(service, prompt, operation) keys with state per parallel instance; further new ones: over_limit");
    static final ConfigOption<Integer> MAX_VARIANTS = ConfigOption.of("limits.llm.max-variants",
            OptionType.integer(1, RouteProfile.MAX_VARIANTS_CEILING), Limits.DEFAULTS.maxLlmVariants(),
            "(provider, model, prompt version) variants named per route and window; the rest are counted as other");
    static final ConfigOption<Integer> MAX_TENANTS = ConfigOption.of("limits.llm.max-tenants",
            OptionType.integer(1, Integer.MAX_VALUE), Limits.DEFAULTS.maxLlmTenants(),
            "budgeted tenants with state per parallel instance; calls of further new ones: over_limit");

    static final ConfigOption<Runbooks> RUNBOOKS = new ConfigOption<>("alerts.runbook-base-url",
            OptionType.parsed(Runbooks.EXPECTED, Runbooks::parse), Runbooks.DEFAULT, "`docs/runbooks.md`",
            "each alert's runbook_url is this, '#' and its rule (see Alerts)");
    static final ConfigOption<Duration> CHECKPOINT_INTERVAL = ConfigOption.of("checkpoint.interval",
            OptionType.duration(Duration.ofMillis(10),
                    "a duration of at least 10ms such as 5s (Flink's minimum checkpoint interval)"),
            Duration.ofSeconds(5), "also how late results become visible to read_committed readers");
    static final ConfigOption<URI> CHECKPOINT_DIRECTORY = ConfigOption.derived("checkpoint.directory",
            OptionType.parsed("a directory such as ./plumbline-data/checkpoints, or a URI such as"
                    + " s3://bucket/checkpoints", ConfigKeys::checkpointDirectory),
            "`./plumbline-data/checkpoints`", "where checkpoints go; run resumes from the newest one there");
    static final ConfigOption<StateBackend> STATE_BACKEND = ConfigOption.of("checkpoint.state-backend",
            OptionType.parsed("hashmap (the JVM heap) or rocksdb (local disk)", v -> enumValue(StateBackend.class, v)),
            StateBackend.HASHMAP, "where the drift job's keyed state lives: the heap, fastest, or RocksDB, for more than the heap"
                    + " holds (the LLM job's is always on the heap)");
    static final ConfigOption<Boolean> INCREMENTAL = ConfigOption.of("checkpoint.incremental",
            OptionType.parsed("true or false", ConfigKeys::bool), true,
            "rocksdb only: each checkpoint writes only the files that changed since the last");
    static final ConfigOption<String> JOB_NAME = ConfigOption.of("job.name",
            OptionType.parsed("a name (it also prefixes the Kafka transactional ids)", ConfigKeys::nonBlank),
            "plumbline-drift", "the drift job's name; also prefixes its Kafka transactional ids");
    static final ConfigOption<Integer> PARALLELISM = ConfigOption.of("job.parallelism",
            OptionType.integer(1, MAX_PARALLELISM), 1, "parallel instances of each operator of both jobs");
    static final ConfigOption<Set<JobKind>> JOBS_ENABLED = ConfigOption.derived("job.enabled",
            OptionType.parsed("drift, llm, or both as 'drift, llm'", ConfigKeys::jobKinds), "`drift, llm`",
            "the jobs run starts");

    static final ConfigOption<Duration> LLM_WINDOW_SIZE = ConfigOption.of("llm.window.size", POSITIVE,
            Duration.ofMinutes(1), "the LLM job's tumbling event-time windows, aligned to the epoch");
    static final ConfigOption<Duration> VARIANT_IDLE_AFTER = ConfigOption.derived("llm.variant-idle-after", POSITIVE,
            "`1h`, or llm.window.size if longer", "a variant without calls this long is retired, its alerts"
                    + " resolved; at least llm.window.size");
    static final ConfigOption<Path> PRICES_FILE = ConfigOption.of("llm.prices.file",
            OptionType.parsed("a path to a YAML price file (see docs/prices.md)", ConfigKeys::path), null,
            "a price file over the built-in table (see prices.md)");
    static final ConfigOption<Path> LITELLM_FILE = ConfigOption.of("llm.prices.litellm-file",
            OptionType.parsed("a path to LiteLLM's model_prices_and_context_window.json", ConfigKeys::path), null,
            "LiteLLM's price file, under the price file and over the built-in table");
    static final ConfigOption<String> LLM_JOB_NAME = ConfigOption.of("llm.job-name",
            OptionType.parsed("a name (it also prefixes the LLM job's Kafka transactional ids)",
                    ConfigKeys::nonBlank),
            "plumbline-llm", "the LLM job's name; also prefixes its Kafka transactional ids");
    static final ConfigOption<String> PROMPT_NAME_ATTRIBUTE = ConfigOption.of("llm.otlp.prompt-name-attribute",
            OptionType.parsed("an attribute name such as traceloop.prompt.key", ConfigKeys::nonBlank), null,
            "otlp-* only: the span or resource attribute naming the prompt, after gen_ai.prompt.name");
    static final ConfigOption<String> PROMPT_VERSION_ATTRIBUTE = ConfigOption.of("llm.otlp.prompt-version-attribute",
            OptionType.parsed("an attribute name such as traceloop.prompt.version", ConfigKeys::nonBlank), null,
            "otlp-* only: the attribute holding the prompt version, after gen_ai.prompt.version and prompt.version");
    static final ConfigOption<String> LLM_GROUP = ConfigOption.of("llm.group-id", GROUP_ID, "plumbline-llm",
            "the LLM calls' consumer group");

    static final ConfigOption<Boolean> SERVE_ENABLED = ConfigOption.of("serve.enabled",
            OptionType.parsed("true or false", ConfigKeys::bool), true,
            "whether run and demo start serve; plumbline serve runs it on its own");
    static final ConfigOption<String> SERVE_GROUP = ConfigOption.of("serve.group-id",
            OptionType.parsed("a consumer group id of serve's own (instances sharing it split the partitions)",
                    ConfigKeys::nonBlank),
            "plumbline-serve", "serve's consumer group: instances sharing it split the partitions");
    static final ConfigOption<String> METRICS_HOST = ConfigOption.of("serve.metrics.host",
            OptionType.parsed("an address to listen on, such as 127.0.0.1, or 0.0.0.0 for every interface",
                    v -> v.isBlank() || v.contains(" ") ? null : v),
            "127.0.0.1", "where /metrics is served (0.0.0.0 for every interface)");
    static final ConfigOption<Integer> METRICS_PORT = ConfigOption.of("serve.metrics.port",
            OptionType.integer(0, 65_535), 9464, "the port of /metrics (9249 is Flink's reporter)");
    static final ConfigOption<Duration> METRICS_LOOKBACK = ConfigOption.derived("serve.metrics.lookback", POSITIVE,
            "2 windows", "how much of the stats topics a start re-reads to rebuild the gauges (windows of the"
                    + " longer of the two jobs)");
    static final ConfigOption<Duration> METRICS_STALE_AFTER = ConfigOption.derived("serve.metrics.stale-after",
            POSITIVE, "3 windows", "a series not updated this long is removed");
    static final ConfigOption<Integer> METRICS_MAX_SERIES = ConfigOption.of("serve.metrics.max-series",
            OptionType.integer(1, Integer.MAX_VALUE), 50_000,
            "series past this many are refused, counted by plumbline_metrics_series_dropped_total");
    static final ConfigOption<List<URI>> ALERTMANAGER_URLS = ConfigOption.of("serve.alertmanager.urls",
            OptionType.parsed("http(s) URLs of Alertmanager, comma-separated, such as http://am-1:9093,"
                    + " http://am-2:9093", ServeSection::urls), List.of(),
            "Alertmanagers that get every alert, comma-separated (both of an HA pair)");
    static final ConfigOption<Duration> RESEND_INTERVAL = ConfigOption.of("serve.alertmanager.resend-interval",
            POSITIVE, Duration.ofMinutes(1), "how often a firing alert is sent again; keep it below"
                    + " Alertmanager's resolve_timeout (5m)");
    static final ConfigOption<Duration> DELIVERY_DEADLINE = ConfigOption.of("serve.delivery-deadline", POSITIVE,
            Duration.ofMinutes(10), "how long a webhook message is retried before it goes to the dead-letter topic");
    static final ConfigOption<URI> GRAFANA_URL = ConfigOption.of("serve.grafana-url",
            OptionType.parsed("the http(s) URL of your Grafana, such as https://grafana.example.com",
                    ServeSection::url), null, "alerts link to their dashboard there (generatorURL)");

    static final List<ConfigOption<?>> ALL = List.of(BOOTSTRAP_SERVERS, GROUP, STARTING_OFFSETS,
            PREDICTIONS, PREDICTIONS_FORMAT, DRIFT_STATS, ALERTS, DEAD_LETTER, BASELINES, LLM_CALLS,
            LLM_CALLS_FORMAT, LLM_STATS, PAIR_WITHIN, FEATURE_COLUMNS, PREDICTION_OUTPUT, INFERENCE_MODEL_ID,
            INFERENCE_MODEL_VERSION, REGISTRY_URLS, REGISTRY_USERNAME, REGISTRY_PASSWORD, REGISTRY_TRUSTSTORE,
            REGISTRY_TRUSTSTORE_PASSWORD, REGISTRY_KEYSTORE, REGISTRY_KEYSTORE_PASSWORD, REGISTRY_REQUEST_TIMEOUT,
            REGISTRY_RETRY_FOR, WINDOW_SIZE, WINDOW_SLIDE, MIN_EVENTS, MODEL_IDLE_AFTER, OUT_OF_ORDERNESS,
            IDLENESS, BASELINE_KIND, WARMUP_EVENTS, ROLLING_WINDOWS, MAX_FEATURES, MAX_CATEGORIES, MIN_SHARE,
            MAX_RECORD_BYTES, MAX_MODELS, MAX_TOKENS, MAX_COST, MAX_CALL_DURATION, MAX_ROUTES, MAX_VARIANTS,
            MAX_TENANTS, RUNBOOKS, CHECKPOINT_INTERVAL, CHECKPOINT_DIRECTORY, STATE_BACKEND, INCREMENTAL, JOB_NAME,
            PARALLELISM, JOBS_ENABLED, LLM_WINDOW_SIZE, VARIANT_IDLE_AFTER, PRICES_FILE, LITELLM_FILE, LLM_JOB_NAME, LLM_GROUP,
            PROMPT_NAME_ATTRIBUTE, PROMPT_VERSION_ATTRIBUTE, SERVE_ENABLED,
            SERVE_GROUP, METRICS_HOST, METRICS_PORT, METRICS_LOOKBACK, METRICS_STALE_AFTER, METRICS_MAX_SERIES,
            ALERTMANAGER_URLS, RESEND_INTERVAL, DELIVERY_DEADLINE, GRAFANA_URL);

    private ConfigKeys() {
    }

    private static ConfigOption<String> topic(String key, String defaultTopic, String description) {
        return ConfigOption.of(key, TOPIC_NAME, defaultTopic, description);
    }

    /** A relative directory is resolved against the working directory of the process that loads the config. */
    static URI localDirectory(String path) {
        return Path.of(path).toAbsolutePath().normalize().toUri();
    }

    static <E extends Enum<E>> E enumValue(Class<E> type, String v) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(v)) {
                return e;
            }
        }
        return null;
    }

    private static String bootstrapServers(String v) {
        for (String server : v.split(",")) {
            var m = BROKER.matcher(server.trim());
            if (!m.matches() || Integer.parseInt(m.group(2)) < 1 || Integer.parseInt(m.group(2)) > 65_535) {
                return null;
            }
        }
        return v.replace(" ", "");
    }

    private static String nonBlank(String v) {
        return v.isBlank() ? null : v;
    }

    /** A model id or version as events carry them (docs/events.md). */
    private static String modelId(String v) {
        return InferenceLogOptions.isId(v) ? v : null;
    }

    private static String topic(String v) {
        return TOPIC.matcher(v).matches() && !v.equals(".") && !v.equals("..") ? v : null;
    }

    /** The OTLP formats carry LLM calls only. */
    private static PayloadFormat predictionsFormat(String v) {
        PayloadFormat format = payloadFormat(v);
        return format == null || format.isOtlp() ? null : format;
    }

    /** Inference logs carry predictions only. */
    private static PayloadFormat callsFormat(String v) {
        PayloadFormat format = payloadFormat(v);
        return format == null || format.isInferenceLog() ? null : format;
    }

    /** Names, comma-separated, each once and none of them the prediction's. */
    private static List<String> columnNames(String v) {
        List<String> names = new ArrayList<>();
        for (String name : v.split(",", -1)) {
            String trimmed = name.trim();
            if (trimmed.isEmpty() || trimmed.equals("prediction") || names.contains(trimmed)) {
                return null;
            }
            names.add(trimmed);
        }
        return List.copyOf(names);
    }

    private static PayloadFormat payloadFormat(String v) {
        try {
            return PayloadFormat.fromConfig(v);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Boolean bool(String v) {
        return v.equalsIgnoreCase("true") ? Boolean.TRUE : v.equalsIgnoreCase("false") ? Boolean.FALSE : null;
    }

    /** {@code drift}, {@code llm}, or both, comma-separated, each once. */
    private static Set<JobKind> jobKinds(String v) {
        Set<JobKind> kinds = EnumSet.noneOf(JobKind.class);
        for (String name : v.split(",", -1)) {
            JobKind kind = enumValue(JobKind.class, name.trim());
            if (kind == null || !kinds.add(kind)) {
                return null;
            }
        }
        return kinds;
    }

    private static Path path(String v) {
        try {
            return v.isBlank() ? null : Path.of(v);
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private static URI checkpointDirectory(String v) {
        if (v.isBlank()) {
            return null;
        }
        if (URI_SCHEME.matcher(v).matches()) {
            try {
                return URI.create(v);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        try {
            return localDirectory(v);
        } catch (InvalidPathException e) {
            return null;
        }
    }
}
