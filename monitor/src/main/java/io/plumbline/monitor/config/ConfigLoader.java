package io.plumbline.monitor.config;

import static io.plumbline.monitor.config.ConfigKeys.*;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.plumbline.alerts.lifecycle.Runbooks;
import io.plumbline.alerts.rules.DriftPolicy;
import io.plumbline.alerts.text.Durations;
import io.plumbline.monitor.config.PlumblineConfig.BaselineKind;
import io.plumbline.monitor.config.PlumblineConfig.JobKind;
import io.plumbline.monitor.config.PlumblineConfig.StartingOffsets;
import io.plumbline.monitor.pricing.PriceTable;
import io.plumbline.schemas.codec.InferenceLogOptions;
import io.plumbline.schemas.codec.OtlpOptions;
import io.plumbline.schemas.codec.PayloadFormat;
import io.plumbline.schemas.registry.SchemaRegistrySettings;

/**
 * Reads the one YAML config file, applies command-line overrides and checks everything at once.
 *
 * <pre>
 * kafka:
 *   bootstrap-servers: broker-1:9092
 *   properties: { security.protocol: SASL_SSL, sasl.jaas.config: "${KAFKA_JAAS}" }
 * window: { size: 1m }
 * rules:
 *   psi: { threshold: 0.2 }
 *   overrides:
 *     - { feature: amount, psi: { threshold: 0.3 } }
 * </pre>
 *
 * Overrides use the same keys, dotted: {@code kafka.bootstrap-servers}, {@code window.size},
 * {@code kafka.properties.security.protocol}; an entry of a list by its index,
 * {@code rules.overrides[0].psi.threshold}. They win over the file. {@code ${ENV}} and
 * {@code ${ENV:-default}} are substituted in the file's values only: a value typed on the command
 * line has been through the shell already.
 */
public final class ConfigLoader {

    static final String KAFKA_PROPERTIES = "kafka.properties";
    private static final String KAFKA_PROPERTIES_EXPECTED =
            "a map of Kafka client properties, key: value lines such as security.protocol: SASL_SSL";
    /**
     * The keys whose value is a list of entries, each a section of its own keys ({@code key[0].some.key}),
     * with an example entry.
     */
    private static final Map<String, String> LISTS = Map.of(RulesSection.OVERRIDES, RulesSection.ENTRY_EXAMPLE,
            LlmBudgetsSection.LIST, LlmBudgetsSection.ENTRY_EXAMPLE, ServeSection.WEBHOOKS, ServeSection.WEBHOOK_EXAMPLE);


    private ConfigLoader() {
    }

    /**
     * @param yamlOrNull the config file, or null to use the defaults and overrides alone
     * @param overrides dotted keys to values, applied over the file
     * @throws ConfigException listing every problem of the file and the overrides
     */
    public static PlumblineConfig load(Path yamlOrNull, Map<String, String> overrides) throws ConfigException {
        return load(yamlOrNull, overrides, System.getenv());
    }

    /** As {@link #load(Path, Map)}, with the environment {@code ${...}} references are resolved in. */
    public static PlumblineConfig load(Path yamlOrNull, Map<String, String> overrides,
                                       Map<String, String> environment) throws ConfigException {
        List<String> problems = new ArrayList<>();
        Map<String, String> values = new LinkedHashMap<>();
        if (yamlOrNull != null) {
            flatten("", readYaml(yamlOrNull), values, environment, problems);
        }
        overrides.forEach((key, value) -> values.put(key.trim(), value));
        PlumblineConfig config = bind(new Settings(values, problems));
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return config;
    }

    /**
     * Reads {@code --config FILE} and {@code --dotted.key VALUE} (or {@code --dotted.key=VALUE})
     * arguments, as given to {@code flink run plumbline-jobs.jar}, then loads as {@link #load(Path, Map)}.
     */
    public static PlumblineConfig loadFromArgs(String[] args) throws ConfigException {
        Path file = null;
        Map<String, String> overrides = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        String lastKey = "";
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                String problem = stray(arg, lastKey);
                if (!problems.contains(problem)) {
                    problems.add(problem);
                }
                continue;
            }
            String key;
            String value;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                key = arg.substring(2, eq);
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.length) {
                key = arg.substring(2);
                value = args[++i];
            } else {
                problems.add("argument '" + arg + "': needs a value, e.g. " + arg + " VALUE");
                continue;
            }
            lastKey = key;
            if (key.equals("config")) {
                if (file != null) {
                    problems.add("argument --config: given twice; the file is one, overrides go as --some.key VALUE");
                }
                file = Path.of(value);
            } else {
                overrides.put(key, value);
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return load(file, overrides);
    }

    /**
     * The problem of an argument that is no {@code --key}. An unquoted value with spaces falls apart into such
     * arguments: after a secret's key, they are the rest of the secret.
     */
    private static String stray(String arg, String lastKey) {
        if (Secrets.mayHold(lastKey)) {
            return "arguments after the value of --" + lastKey + " (not shown: they may hold secrets): expected"
                    + " --config FILE or --some.key VALUE; quote a value with spaces, as --some.key 'a b'";
        }
        return "argument '" + arg + "': expected --config FILE or --some.key VALUE";
    }

    private static JsonNode readYaml(Path file) throws ConfigException {
        // yes/no/on/off stay words: "off" is a value here (rules.wasserstein-norm.threshold), not false.
        YAMLMapper yaml = YAMLMapper.builder(new ConfigYamlFactory())
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS).build();
        try {
            JsonNode root = yaml.readTree(file.toFile());
            if (root == null || root.isMissingNode() || root.isNull()) {
                return yaml.createObjectNode();
            }
            if (!root.isObject()) {
                throw new ConfigException(List.of(file + ": expected sections of key: value lines such as"
                        + " 'kafka:' at the top level, got " + root.getNodeType().name().toLowerCase(Locale.ROOT)));
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new ConfigException(List.of(file + where + ": not valid YAML: "
                    + e.getOriginalMessage().lines().findFirst().orElse("")));
        } catch (NoSuchFileException | FileNotFoundException e) {
            throw new ConfigException(List.of(file + ": no such file; give the path of your plumbline.yaml"));
        } catch (IOException e) {
            throw new ConfigException(List.of(file + ": cannot be read: " + e));
        }
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> values,
                                Map<String, String> environment, List<String> problems) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String key = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
            JsonNode value = field.getValue();
            if (value.isObject()) {
                flatten(key, value, values, environment, problems);
            } else if (value.isArray() && LISTS.containsKey(key)) {
                for (int i = 0; i < value.size(); i++) {
                    String entry = key + "[" + i + "]";
                    if (value.get(i).isObject()) {
                        flatten(entry, value.get(i), values, environment, problems);
                    } else {
                        problems.add(entry + ": expected an entry of key: value pairs such as " + LISTS.get(key)
                                + ", got " + Secrets.quote(entry, value.get(i).asText()));
                    }
                }
            } else if (value.isArray()) {
                String expected = key.equals(KAFKA_PROPERTIES) ? KAFKA_PROPERTIES_EXPECTED : "a single value";
                problems.add(key + ": expected " + expected + ", got a list");
            } else if (!value.isNull()) { // an empty key reads as null: left unset, so its default applies
                String text = EnvSubstitution.apply(key, value.asText(), environment, problems);
                if (values.put(key, text) != null) {
                    problems.add(key + ": set twice in the file; keep one");
                }
            }
        }
    }

    /** Null when there are problems: the records only ever hold a valid config. */
    private static PlumblineConfig bind(Settings s) {
        String bootstrapServers = s.required(BOOTSTRAP_SERVERS.key(), "set it to your Kafka brokers, e.g. localhost:9092")
                == null ? null : BOOTSTRAP_SERVERS.read(s);
        String groupId = GROUP.read(s);
        StartingOffsets startingOffsets = STARTING_OFFSETS.read(s);
        Map<String, String> kafkaProperties = kafkaProperties(s);
        PlumblineConfig.Limits limits = LimitsSection.read(s, kafkaProperties);
        PlumblineConfig.Topics topics = new PlumblineConfig.Topics(PREDICTIONS.read(s), PREDICTIONS_FORMAT.read(s),
                DRIFT_STATS.read(s), ALERTS.read(s), DEAD_LETTER.read(s), BASELINES.read(s));
        PlumblineConfig.Llm llm = llm(s);
        checkDistinct(s, topics, llm);

        PlumblineConfig.Window window = window(s);
        Duration modelIdleAfter = idleAfter(s, MODEL_IDLE_AFTER, WINDOW_SIZE.key(), window.size(), "a model version",
                "predictions");
        PlumblineConfig.Watermark watermark = new PlumblineConfig.Watermark(OUT_OF_ORDERNESS.read(s),
                IDLENESS.read(s));
        PlumblineConfig.BaselineSettings baseline = baseline(s, window);
        PlumblineConfig.Features features = new PlumblineConfig.Features(MAX_FEATURES.read(s),
                MAX_CATEGORIES.read(s), MIN_SHARE.read(s));
        DriftPolicy rules = RulesSection.read(s);
        Runbooks runbooks = RUNBOOKS.read(s);
        PlumblineConfig.Checkpoint checkpoint = new PlumblineConfig.Checkpoint(CHECKPOINT_INTERVAL.read(s),
                CHECKPOINT_DIRECTORY.read(s, ConfigKeys.localDirectory("./plumbline-data/checkpoints")),
                STATE_BACKEND.read(s), INCREMENTAL.read(s));
        PlumblineConfig.Job job = new PlumblineConfig.Job(JOB_NAME.read(s), PARALLELISM.read(s),
                JOBS_ENABLED.read(s, EnumSet.allOf(JobKind.class)));
        Duration longestWindow = window.size().compareTo(llm.windowSize()) > 0 ? window.size() : llm.windowSize();
        PlumblineConfig.Serve serve = ServeSection.read(s, longestWindow);
        SchemaRegistrySettings schemaRegistry = SchemaRegistrySection.read(s, Map.of(PREDICTIONS_FORMAT.key(),
                topics.predictionsFormat(), LLM_CALLS_FORMAT.key(), llm.callsFormat()));
        PlumblineConfig.InferenceLogs inferenceLogs = inferenceLogs(s, topics.predictionsFormat());
        s.reportUnknownKeys();
        if (s.hasProblems()) {
            return null;
        }
        return new PlumblineConfig(new PlumblineConfig.Kafka(bootstrapServers, groupId, startingOffsets,
                kafkaProperties), topics, window, modelIdleAfter, watermark, baseline, features, limits,
                rules, runbooks, checkpoint, job, llm, serve, schemaRegistry, inferenceLogs);
    }

    /** The {@code kserve.*} keys, which say how to read a predictions topic of inference logs, and nothing else. */
    private static PlumblineConfig.InferenceLogs inferenceLogs(Settings s, PayloadFormat predictionsFormat) {
        PlumblineConfig.InferenceLogs logs = new PlumblineConfig.InferenceLogs(PAIR_WITHIN.read(s),
                new InferenceLogOptions(FEATURE_COLUMNS.read(s), PREDICTION_OUTPUT.read(s), INFERENCE_MODEL_ID.read(s),
                        INFERENCE_MODEL_VERSION.read(s)));
        if (!predictionsFormat.isInferenceLog()) {
            for (String key : s.keysUnder("kserve.")) {
                s.problem("kserve." + key + ": applies only with " + PREDICTIONS_FORMAT.key() + ": kserve; set it, or"
                        + " remove this key");
            }
        }
        return logs;
    }

    /**
     * The LLM job's keys. The price files are read here, so that a bad one is refused when the config
     * is checked, not when the first call of its model arrives.
     */
    private static PlumblineConfig.Llm llm(Settings s) {
        Duration windowSize = LLM_WINDOW_SIZE.read(s);
        Duration variantIdleAfter = idleAfter(s, VARIANT_IDLE_AFTER, LLM_WINDOW_SIZE.key(), windowSize, "a variant",
                "calls");
        PriceTable prices = prices(s, PRICES_FILE.read(s), LITELLM_FILE.read(s));
        return new PlumblineConfig.Llm(LLM_CALLS.read(s), LLM_CALLS_FORMAT.read(s), LLM_STATS.read(s), windowSize,
                variantIdleAfter, prices, LLM_JOB_NAME.read(s), LLM_GROUP.read(s), LlmRulesSection.read(s),
                LlmBudgetsSection.read(s),
                new OtlpOptions(PROMPT_NAME_ATTRIBUTE.read(s), PROMPT_VERSION_ATTRIBUTE.read(s)));
    }

    /**
     * How long {@code what} goes without {@code inputs} before it is retired ({@code key}). It is retired once
     * whole windows without them span this: shorter than a window ({@code sizeKey}; a sliding one spans its
     * size, not its slide), it would be retired between two windows it has some in. Unset, it is an hour, or
     * one window if they are longer.
     */
    private static Duration idleAfter(Settings s, ConfigOption<Duration> option, String sizeKey, Duration windowSize,
                                      String what, String inputs) {
        String key = option.key();
        Duration fallback = windowSize.compareTo(Duration.ofHours(1)) > 0 ? windowSize : Duration.ofHours(1);
        Duration idleAfter = option.read(s, fallback);
        if (idleAfter.compareTo(windowSize) < 0) {
            if (!s.isRefused(sizeKey)) { // a refused size is no size to judge it by: the default stands in for it
                s.problem(key + ": " + Durations.format(idleAfter.toMillis()) + " is shorter than " + sizeKey + " "
                        + Durations.format(windowSize.toMillis()) + "; " + what + " is retired after whole windows without "
                        + inputs + ": set it to at least " + Durations.format(windowSize.toMillis()) + ", or leave it out for "
                        + Durations.format(fallback.toMillis()));
            }
            return fallback;
        }
        return idleAfter;
    }

    /** Each problem of a price file starts with the key that named the file. */
    private static PriceTable prices(Settings s, Path overlay, Path liteLlm) {
        if (overlay == null && liteLlm == null) {
            return PriceTable.defaults();
        }
        try {
            return PriceTable.load(overlay, liteLlm);
        } catch (ConfigException e) {
            for (String problem : e.problems()) {
                if (problem.startsWith("llm.prices.")) {
                    s.problem(problem);
                } else if (liteLlm != null && isAbout(problem, liteLlm)) {
                    s.problem("llm.prices.litellm-file: " + problem);
                } else {
                    s.problem("llm.prices.file: " + problem);
                }
            }
            return PriceTable.defaults();
        }
    }

    /** A price file's problems start with its name, then ": " or " line ...". */
    private static boolean isAbout(String problem, Path file) {
        return problem.startsWith(file + ":") || problem.startsWith(file + " ");
    }

    private static PlumblineConfig.Window window(Settings s) {
        Duration size = WINDOW_SIZE.read(s);
        Duration slide = WINDOW_SLIDE.read(s, size);
        long sizeMillis = size.toMillis();
        long slideMillis = slide.toMillis();
        if (s.isRefused("window.size")) {
            slide = size; // reported already: the default standing in for it is no size to check the slide against
        } else if (slideMillis > sizeMillis) {
            s.problem("window.slide: " + Durations.format(slide.toMillis()) + " is longer than window.size "
                    + Durations.format(size.toMillis()) + "; a slide is at most the window size (equal to it for tumbling windows)");
            slide = size;
        } else if (sizeMillis % slideMillis != 0) {
            // Windows are built from panes of the slide length: a window must be a whole number of them.
            long panes = Math.max(1, Math.round((double) sizeMillis / slideMillis));
            while (sizeMillis % panes != 0) {
                panes++;
            }
            s.problem("window.slide: window.size " + Durations.format(size.toMillis()) + " is not a whole multiple of "
                    + Durations.format(slide.toMillis()) + "; use a slide that divides it, such as "
                    + Durations.format((Duration.ofMillis(sizeMillis / panes)).toMillis()));
            slide = size;
        }
        return new PlumblineConfig.Window(size, slide, MIN_EVENTS.read(s));
    }

    private static PlumblineConfig.BaselineSettings baseline(Settings s, PlumblineConfig.Window window) {
        BaselineKind kind = BASELINE_KIND.read(s);
        long warmupEvents = WARMUP_EVENTS.read(s, 0L);
        int rollingWindows = ROLLING_WINDOWS.read(s);
        // A refused kind or minimum is reported already: the default standing in for it judges nothing.
        boolean kindGiven = !s.isRefused("baseline.kind");
        if (kindGiven && s.isSet("baseline.warmup-events")) {
            if (kind != BaselineKind.WARMUP) {
                s.problem("baseline.warmup-events: applies to baseline.kind warmup only; remove it, or set"
                        + " baseline.kind: warmup");
            } else if (warmupEvents > 0 && warmupEvents < window.minEvents() && !s.isRefused("window.min-events")) {
                s.problem("baseline.warmup-events: " + warmupEvents + " is below window.min-events "
                        + window.minEvents() + "; a baseline needs at least as many events as a window judged"
                        + " against it: raise it, or lower window.min-events");
            }
        }
        if (kindGiven && s.isSet("baseline.rolling-windows") && kind != BaselineKind.ROLLING) {
            s.problem("baseline.rolling-windows: applies to baseline.kind rolling only; remove it, or set"
                    + " baseline.kind: rolling");
        }
        return new PlumblineConfig.BaselineSettings(kind, warmupEvents, rollingWindows);
    }

    private static Map<String, String> kafkaProperties(Settings s) {
        Map<String, String> properties = s.map(KAFKA_PROPERTIES, KAFKA_PROPERTIES_EXPECTED);
        for (String owned : List.of("bootstrap.servers", "group.id")) {
            if (properties.containsKey(owned)) {
                s.problem(KAFKA_PROPERTIES + "." + owned + ": set kafka." + owned.replace('.', '-') + " instead");
            }
        }
        String login = properties.get(JaasLine.KEY);
        if (login != null && !JaasLine.reads(login)) {
            s.problem(KAFKA_PROPERTIES + "." + JaasLine.KEY + ": expected " + JaasLine.EXPECTED
                    + ", got a line Kafka cannot read " + Secrets.NOT_SHOWN);
        }
        return properties;
    }

    /**
     * A job must never read its own output, and outputs sharing a topic could not be told apart. The
     * dead-letter topic is the one output both jobs share: its records name their source topic.
     */
    private static void checkDistinct(Settings s, PlumblineConfig.Topics t, PlumblineConfig.Llm llm) {
        Map<String, String> topics = new LinkedHashMap<>();
        topics.put("topics.predictions", t.predictions());
        topics.put("topics.baselines", t.baselines());
        topics.put("topics.llm-calls", llm.callsTopic());
        topics.put("topics.drift-stats", t.driftStats());
        topics.put("topics.alerts", t.alerts());
        topics.put("topics.llm-stats", llm.statsTopic());
        topics.put("topics.dead-letter", t.deadLetter());
        Map<String, String> seen = new LinkedHashMap<>();
        topics.forEach((key, topic) -> {
            if (s.isRefused(key)) {
                return; // its default is not what the config says
            }
            String other = seen.putIfAbsent(topic, key);
            if (other != null) {
                s.problem(key + ": '" + topic + "' is already " + other + "; give each topic its own name");
            }
        });
    }
}
