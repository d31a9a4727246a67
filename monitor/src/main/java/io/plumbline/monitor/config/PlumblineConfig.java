package io.plumbline.monitor.config;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

import io.plumbline.alerts.lifecycle.Runbooks;
import io.plumbline.alerts.llm.LlmThresholds;
import io.plumbline.alerts.rules.DriftPolicy;
import io.plumbline.detectors.llm.RouteProfile;
import io.plumbline.monitor.llm.BudgetPolicy;
import io.plumbline.monitor.pricing.PriceTable;
import io.plumbline.schemas.codec.InferenceLogOptions;
import io.plumbline.schemas.codec.OtlpOptions;
import io.plumbline.schemas.codec.PayloadFormat;
import io.plumbline.schemas.registry.SchemaRegistrySettings;

/**
 * Everything the drift and LLM jobs need to run, checked by {@link ConfigLoader}: one section per YAML
 * section, each immutable.
 *
 * @param window {@code window.*}
 * @param modelIdleAfter {@code model-idle-after}: a model version without predictions for this long is
 *     retired, its alerts resolved and its state cleared; at least one window size
 * @param baselineSettings {@code baseline.*}
 * @param limits {@code limits.*}: what one record, one LLM call and the model versions kept may take
 * @param rules the drift rules' thresholds, per model and feature ({@code rules.*}, {@code rules.overrides})
 * @param runbooks {@code alerts.runbook-base-url}: where each alert's runbook_url points, its rule the anchor
 * @param llm the LLM job's topics, window and prices ({@code topics.llm-*}, {@code llm.*})
 * @param serve {@code serve.*}: the process that turns the output topics into metrics, Alertmanager pushes and
 *     webhooks
 * @param schemaRegistry {@code schema-registry.*}: where records in Confluent's wire format have their writer
 *     schemas; null when no registry is configured
 * @param inferenceLogs {@code kserve.*}: how a predictions topic of model servers' inference logs is read
 */
public record PlumblineConfig(
        Kafka kafka,
        Topics topics,
        Window window,
        Duration modelIdleAfter,
        Watermark watermark,
        BaselineSettings baselineSettings,
        Features features,
        Limits limits,
        DriftPolicy rules,
        Runbooks runbooks,
        Checkpoint checkpoint,
        Job job,
        Llm llm,
        Serve serve,
        SchemaRegistrySettings schemaRegistry,
        InferenceLogs inferenceLogs) {

    public PlumblineConfig {
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(modelIdleAfter, "model-idle-after");
        if (modelIdleAfter.compareTo(window.size()) < 0) {
            throw new IllegalArgumentException("model-idle-after must be at least window.size");
        }
        Objects.requireNonNull(watermark, "watermark");
        Objects.requireNonNull(baselineSettings, "baseline");
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(runbooks, "alerts.runbook-base-url");
        Objects.requireNonNull(checkpoint, "checkpoint");
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(llm, "llm");
        Objects.requireNonNull(serve, "serve");
        Objects.requireNonNull(inferenceLogs, "kserve");
    }

    /** The window length ({@code window.size}); windows are aligned to the epoch. */
    public Duration windowSize() {
        return window.size();
    }

    /** {@code baseline.kind}. */
    public BaselineKind baseline() {
        return baselineSettings.kind();
    }

    /**
     * @param startingOffsets where a consumer group without committed offsets starts; committed
     *     offsets (and a restored checkpoint) always win
     * @param properties passed unchanged to every Kafka client the job creates (security, tuning)
     */
    public record Kafka(String bootstrapServers, String groupId, StartingOffsets startingOffsets,
                        Map<String, String> properties) {

        public Kafka {
            Objects.requireNonNull(bootstrapServers, "kafka.bootstrap-servers");
            Objects.requireNonNull(groupId, "kafka.group-id");
            Objects.requireNonNull(startingOffsets, "kafka.starting-offsets");
            properties = Collections.unmodifiableSortedMap(new TreeMap<>(properties));
        }

        /** The pass-through properties plus the bootstrap servers: what a plain Kafka client needs. */
        public Properties clientProperties() {
            Properties p = new Properties();
            p.putAll(properties);
            p.setProperty("bootstrap.servers", bootstrapServers);
            return p;
        }

        /** Property values are left out: they are where passwords and SASL secrets live. */
        @Override
        public String toString() {
            return "Kafka[bootstrapServers=" + bootstrapServers + ", groupId=" + groupId
                    + ", startingOffsets=" + startingOffsets + ", properties=" + properties.keySet() + "]";
        }
    }

    public enum StartingOffsets { EARLIEST, LATEST }

    /**
     * How a predictions topic of inference logs ({@code topics.predictions-format: kserve}) is read.
     *
     * @param pairWithin how long after its half was logged the other half of an inference may still come
     * @param options which tensors are the features and the prediction, and the model where the logs name none
     */
    public record InferenceLogs(Duration pairWithin, InferenceLogOptions options) {

        public InferenceLogs {
            requirePositive("kserve.pair-within", pairWithin);
            Objects.requireNonNull(options, "kserve");
        }
    }

    /**
     * @param baselines the compacted topic of reference baselines, keyed by (model_id, model_version);
     *     always read from its start, and joined whenever it exists
     */
    public record Topics(String predictions, PayloadFormat predictionsFormat, String driftStats, String alerts,
                         String deadLetter, String baselines) {

        public Topics {
            Objects.requireNonNull(predictions, "topics.predictions");
            Objects.requireNonNull(predictionsFormat, "topics.predictions-format");
            Objects.requireNonNull(driftStats, "topics.drift-stats");
            Objects.requireNonNull(alerts, "topics.alerts");
            Objects.requireNonNull(deadLetter, "topics.dead-letter");
            Objects.requireNonNull(baselines, "topics.baselines");
        }
    }

    /**
     * @param outOfOrderness how far behind the newest event of a partition an event may be and still count
     * @param idleness after how long without events a partition stops holding the watermark back
     */
    public record Watermark(Duration outOfOrderness, Duration idleness) {

        public Watermark {
            Objects.requireNonNull(outOfOrderness, "watermark.out-of-orderness");
            if (outOfOrderness.isNegative()) {
                throw new IllegalArgumentException("watermark.out-of-orderness must not be negative");
            }
            requirePositive("watermark.idleness", idleness);
        }
    }

    /**
     * Event-time windows of {@code size}, one ending every {@code slide}, aligned to the epoch; built
     * from panes of the slide length, so {@code size} is a whole number of slides. Tumbling when
     * {@code slide} equals {@code size}.
     *
     * @param minEvents a window with fewer events is reported but never changes alert state
     */
    public record Window(Duration size, Duration slide, long minEvents) implements Serializable {

        public Window {
            requirePositive("window.size", size);
            requirePositive("window.slide", slide);
            if (slide.toMillis() < 1 || slide.compareTo(size) > 0 || size.toMillis() % slide.toMillis() != 0) {
                throw new IllegalArgumentException("window.size must be a whole multiple of window.slide");
            }
            if (minEvents < 1) {
                throw new IllegalArgumentException("window.min-events must be at least 1");
            }
        }

        /** One window of {@code size} after the other. */
        public static Window tumbling(Duration size, long minEvents) {
            return new Window(size, size, minEvents);
        }
    }

    /**
     * @param warmupEvents {@code warmup}: the baseline is the profile of the first that many events
     *     of each (model, version); 0 for the first complete window instead
     * @param rollingWindows {@code rolling}: how many window lengths before a window its baseline spans
     */
    public record BaselineSettings(BaselineKind kind, long warmupEvents, int rollingWindows) implements Serializable {

        public BaselineSettings {
            Objects.requireNonNull(kind, "baseline.kind");
            if (warmupEvents < 0 || rollingWindows < 1) {
                throw new IllegalArgumentException("baseline.warmup-events must not be negative,"
                        + " baseline.rolling-windows must be at least 1");
            }
        }
    }

    /** Where the baseline each window is compared with comes from. */
    public enum BaselineKind {
        /** The first complete window of each (model, version), or its first N events. */
        WARMUP,
        /** The windows just before the one compared, merged. */
        ROLLING;

        /** The name written into DriftStats and alerts. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @param maxPerModel distinct features kept per (model, version); values of further features are dropped and counted
     * @param maxCategories K, the categories each categorical sketch (feature or prediction) names, the
     *     heaviest past K, the rest counted as "other"
     * @param minShare {@code features.min-share}, in (0, 1]: when a model version has used all {@code maxPerModel}
     *     slots, a feature seen in fewer than this share of a closed window's events loses its slot to features
     *     with more evidence
     */
    public record Features(int maxPerModel, int maxCategories, double minShare) {

        public Features {
            if (maxPerModel < 1 || maxCategories < 1) {
                throw new IllegalArgumentException("features limits must be at least 1");
            }
            if (!(minShare > 0 && minShare <= 1)) {
                throw new IllegalArgumentException("features.min-share must be above 0 and at most 1");
            }
        }
    }

    /**
     * What hostile or broken input may take of the jobs, each bound refusing the input beyond it to the
     * dead-letter topic instead of letting it grow the state or the sums without end.
     *
     * @param maxRecordBytes {@code limits.max-record-bytes}: a larger input record is dead-lettered truncated,
     *     reason {@code too_large}; at least 1024, and 16 KiB under the producer's {@code max.request.size}
     * @param maxModels {@code limits.max-models}: the most (model_id, model_version) keys the drift job keeps
     *     state for; predictions of further new versions are dead-lettered, reason {@code over_limit}
     * @param maxTokensPerCall {@code limits.llm.max-tokens-per-call}: the most tokens one LLM call may report
     * @param maxCostUsdPerCall {@code limits.llm.max-cost-usd-per-call}: the most USD one LLM call may cost
     * @param maxCallDuration {@code limits.llm.max-call-duration}: the longest one LLM call may take
     * @param maxLlmRoutes {@code limits.llm.max-routes}: the most (service, prompt, operation) keys the LLM job
     *     keeps state for, per parallel instance of its window stage
     * @param maxLlmVariants {@code limits.llm.max-variants}: the most variants (provider, response model, prompt
     *     version) of one route profiled by name in a window, and remembered by its rules; the calls of further
     *     ones are counted together as the route's "other" variant
     * @param maxLlmTenants {@code limits.llm.max-tenants}: the most budgeted tenants the LLM job keeps budget
     *     state for, per parallel instance of its tenant budget stage; calls of further new ones are
     *     dead-lettered, reason {@code over_limit}
     */
    public record Limits(long maxRecordBytes, int maxModels, long maxTokensPerCall, double maxCostUsdPerCall,
                         Duration maxCallDuration, int maxLlmRoutes, int maxLlmVariants, int maxLlmTenants)
            implements Serializable {

        /**
         * The defaults; {@code maxRecordBytes} is 960 KiB, the Kafka producer's default max.request.size of 1 MiB
         * less 64 KiB for a dead letter's headers and key.
         */
        /** The smallest {@code limits.max-record-bytes}: a dead letter keeps a key's first 256 bytes and a value. */
        public static final int MIN_RECORD_BYTES = 1024;
        /** The Kafka producer's own default {@code max.request.size}, which every dead letter must fit. */
        public static final int KAFKA_MAX_REQUEST_BYTES = 1_048_576;

        public static final Limits DEFAULTS = new Limits(983_040, 1000, 10_000_000, 1000.0, Duration.ofHours(1),
                1000, RouteProfile.DEFAULT_MAX_VARIANTS, 10_000);

        public Limits {
            if (maxRecordBytes < MIN_RECORD_BYTES) {
                throw new IllegalArgumentException("limits.max-record-bytes must be at least " + MIN_RECORD_BYTES);
            }
            if (maxModels < 1) {
                throw new IllegalArgumentException("limits.max-models must be at least 1");
            }
            if (maxTokensPerCall < 1) {
                throw new IllegalArgumentException("limits.llm.max-tokens-per-call must be at least 1");
            }
            if (!(maxCostUsdPerCall > 0 && Double.isFinite(maxCostUsdPerCall))) {
                throw new IllegalArgumentException("limits.llm.max-cost-usd-per-call must be positive and finite");
            }
            requirePositive("limits.llm.max-call-duration", maxCallDuration);
            if (maxLlmRoutes < 1) {
                throw new IllegalArgumentException("limits.llm.max-routes must be at least 1");
            }
            if (maxLlmVariants < 1 || maxLlmVariants > RouteProfile.MAX_VARIANTS_CEILING) {
                throw new IllegalArgumentException("limits.llm.max-variants must be from 1 to "
                        + RouteProfile.MAX_VARIANTS_CEILING);
            }
            if (maxLlmTenants < 1) {
                throw new IllegalArgumentException("limits.llm.max-tenants must be at least 1");
            }
        }
    }

    /**
     * @param directory where checkpoints go, a {@code file:} URI for a local directory
     * @param stateBackend where the keyed state lives between checkpoints
     * @param incremental with RocksDB: whether a checkpoint writes only the files that changed since the last
     */
    public record Checkpoint(Duration interval, URI directory, StateBackend stateBackend, boolean incremental) {

        public Checkpoint {
            requirePositive("checkpoint.interval", interval);
            Objects.requireNonNull(directory, "checkpoint.directory");
            Objects.requireNonNull(stateBackend, "checkpoint.state-backend");
        }

        /** On the heap, the default. */
        public Checkpoint(Duration interval, URI directory) {
            this(interval, directory, StateBackend.HASHMAP, true);
        }
    }

    /** Flink's state backends, by their {@code state.backend.type} names. */
    public enum StateBackend {
        /** The JVM heap: the fastest; the state must fit in the TaskManagers' heap. */
        HASHMAP,
        /** RocksDB on the TaskManagers' local disks: state beyond the heap, checkpoints that can be incremental. */
        ROCKSDB;

        /** The name Flink's {@code state.backend.type} takes. */
        public String flinkName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @param name the drift job's Flink name, and the prefix of its sinks' transactional ids
     * @param enabled the jobs a local run starts ({@code job.enabled}); never empty
     */
    public record Job(String name, int parallelism, Set<JobKind> enabled) {

        public Job {
            Objects.requireNonNull(name, "job.name");
            if (parallelism < 1) {
                throw new IllegalArgumentException("job.parallelism must be at least 1");
            }
            if (enabled.isEmpty()) {
                throw new IllegalArgumentException("job.enabled must name at least one job");
            }
            enabled = Set.copyOf(enabled);
        }

        public boolean runs(JobKind kind) {
            return enabled.contains(kind);
        }
    }

    /** The jobs Plumbline runs: each reads its own topic and writes its own statistics. */
    public enum JobKind {
        /** Predictions in, drift statistics and alerts out. */
        DRIFT,
        /** LLM calls in, LLM statistics out. */
        LLM;

        /** The name {@code job.enabled} takes. */
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The LLM job's settings.
     *
     * @param callsTopic {@code topics.llm-calls}
     * @param callsFormat {@code topics.llm-calls-format}
     * @param statsTopic {@code topics.llm-stats}: one LlmStats per (service, prompt, operation), variant and window
     * @param windowSize {@code llm.window.size}: tumbling event-time windows, aligned to the epoch
     * @param variantIdleAfter {@code llm.variant-idle-after}: a variant without calls for this long is
     *     retired, and a key without variants left forgotten; at least {@code windowSize}
     * @param prices the built-in table under {@code llm.prices.file} and {@code llm.prices.litellm-file}
     * @param jobName {@code llm.job-name}: its Flink name, and the prefix of its sinks' transactional ids
     * @param groupId {@code llm.group-id}: the consumer group its source commits offsets for
     * @param rules the LLM rules' thresholds ({@code llm.rules.*})
     * @param budgets the service and tenant budgets ({@code llm.budgets})
     * @param otlp where OTLP spans name their prompts besides the GenAI conventions ({@code llm.otlp.*})
     */
    public record Llm(String callsTopic, PayloadFormat callsFormat, String statsTopic, Duration windowSize,
                      Duration variantIdleAfter, PriceTable prices, String jobName, String groupId, LlmThresholds rules,
                      BudgetPolicy budgets, OtlpOptions otlp) {

        public Llm {
            Objects.requireNonNull(callsTopic, "topics.llm-calls");
            Objects.requireNonNull(callsFormat, "topics.llm-calls-format");
            Objects.requireNonNull(statsTopic, "topics.llm-stats");
            requirePositive("llm.window.size", windowSize);
            Objects.requireNonNull(variantIdleAfter, "llm.variant-idle-after");
            if (variantIdleAfter.compareTo(windowSize) < 0) {
                throw new IllegalArgumentException("llm.variant-idle-after must be at least llm.window.size");
            }
            Objects.requireNonNull(prices, "llm.prices");
            Objects.requireNonNull(jobName, "llm.job-name");
            Objects.requireNonNull(groupId, "llm.group-id");
            Objects.requireNonNull(rules, "llm.rules");
            Objects.requireNonNull(budgets, "llm.budgets");
            Objects.requireNonNull(otlp, "llm.otlp");
        }
    }

    /**
     * {@code plumbline serve}: reads the output topics in its own consumer group and serves metrics, pushes
     * alerts to Alertmanager and delivers signed webhooks.
     *
     * @param enabled {@code serve.enabled}: whether {@code run} and {@code demo} start it in their process
     * @param groupId {@code serve.group-id}: its consumer group; instances sharing it split the partitions
     * @param lookback {@code serve.metrics.lookback}: how much of the stats topics a start re-reads to rebuild gauges
     * @param staleAfter {@code serve.metrics.stale-after}: a series not updated for this long is removed
     * @param maxSeries {@code serve.metrics.max-series}: series past this many are refused and counted
     * @param alertmanagerUrls {@code serve.alertmanager.urls}: each gets every alert (an HA pair is two); may be empty
     * @param resendInterval {@code serve.alertmanager.resend-interval}: how often a firing alert is sent again
     * @param webhooks {@code serve.webhooks}
     * @param deliveryDeadline {@code serve.delivery-deadline}: how long a webhook is retried before it is given up
     *     to the dead-letter topic
     * @param grafanaUrl {@code serve.grafana-url}: the Grafana that has the shipped dashboards, or null; alerts
     *     link to their panel there
     */
    public record Serve(boolean enabled, String groupId, String metricsHost, int metricsPort, Duration lookback,
                        Duration staleAfter, int maxSeries, List<URI> alertmanagerUrls, Duration resendInterval,
                        List<Webhook> webhooks, Duration deliveryDeadline, URI grafanaUrl) {

        public Serve {
            Objects.requireNonNull(groupId, "serve.group-id");
            Objects.requireNonNull(metricsHost, "serve.metrics.host");
            if (metricsPort < 0 || metricsPort > 65_535) {
                throw new IllegalArgumentException("serve.metrics.port must be from 0 to 65535");
            }
            requirePositive("serve.metrics.lookback", lookback);
            requirePositive("serve.metrics.stale-after", staleAfter);
            if (maxSeries < 1) {
                throw new IllegalArgumentException("serve.metrics.max-series must be at least 1");
            }
            alertmanagerUrls = List.copyOf(alertmanagerUrls);
            requirePositive("serve.alertmanager.resend-interval", resendInterval);
            webhooks = List.copyOf(webhooks);
            requirePositive("serve.delivery-deadline", deliveryDeadline);
        }
    }

    /**
     * One of {@code serve.webhooks}.
     *
     * @param match label name to a regular expression its value must match whole; an alert without the label
     *     matches only an expression that matches the empty string. Empty: every alert.
     * @param secrets the signing secrets, the first one current; several while one is rotated out
     */
    public record Webhook(String name, URI url, Map<String, String> match, List<String> secrets) {

        public Webhook {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(url, "url");
            match = Collections.unmodifiableSortedMap(new TreeMap<>(match));
            secrets = List.copyOf(secrets);
            if (secrets.isEmpty()) {
                throw new IllegalArgumentException("a webhook needs a secret");
            }
        }

        /** The secrets are left out. */
        @Override
        public String toString() {
            return "Webhook[name=" + name + ", url=" + url + ", match=" + match + ", secrets=" + secrets.size() + "]";
        }
    }

    private static void requirePositive(String key, Duration d) {
        Objects.requireNonNull(d, key);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(key + " must be positive");
        }
    }
}
