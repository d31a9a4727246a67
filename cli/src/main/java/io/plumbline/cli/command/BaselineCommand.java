package io.plumbline.cli.command;

import io.plumbline.cli.baseline.BaselineBuilder;
import io.plumbline.cli.baseline.BaselinePublisher;
import io.plumbline.detectors.baseline.ReferenceBaseline;
import io.plumbline.detectors.format.ReferenceBaselineFormat;
import io.plumbline.detectors.sketch.CategoricalSketch;
import io.plumbline.detectors.sketch.FeatureSketch;
import io.plumbline.monitor.config.PlumblineConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "baseline", description = "Reference baselines built from training data.",
        subcommands = BaselineCommand.Build.class)
public final class BaselineCommand implements Runnable {

    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Each line of the description is a paragraph: the parent's help lists this command by the first one alone. */
    @Command(name = "build", description = {
        "Builds one model version's reference profile from a training file and publishes it to the compacted "
                + "baselines topic keyed by (model_id, model_version), and/or writes it to a file.",
        "CSV needs a header row; JSON Lines holds one object per row (flat, or shaped like a prediction event). "
                + "A column named 'prediction' is the prediction; empty, null and NaN are missing.",
    })
    static final class Build implements Callable<Integer> {

        @Spec CommandSpec spec;

        /**
         * Declared here: the inherited -h/--help and -V/--version come as one pair, which --version (the model's)
         * keeps out of this command.
         */
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
        boolean help;

        @Option(names = "--input", required = true, paramLabel = "FILE", description = "train.csv or train.jsonl")
        Path input;

        @Option(names = "--model", required = true, paramLabel = "MODEL_ID", description = "The model_id events carry.")
        String modelId;

        @Option(names = "--version", required = true, paramLabel = "VERSION", description = "The model_version events carry.")
        String modelVersion;

        /** Kafka to publish to, with the client properties (SASL, TLS) and topic names of run's config. */
        @Mixin ConfigOptions kafka;

        @Option(names = "--topic", paramLabel = "TOPIC",
                description = "Default: the config's topics.baselines (plumbline.baselines).")
        String topic;

        @Option(names = "--output", paramLabel = "FILE", description = "Also (or instead) write the baseline's bytes here.")
        Path output;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "20s", converter = DurationConverter.class,
                description = "Give up when Kafka does not answer within this time. Default: ${DEFAULT-VALUE}.")
        Duration timeout;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            boolean publish = kafka.bootstrapServers != null || kafka.config != null || !kafka.settings.isEmpty();
            if (!publish && output == null) {
                spec.commandLine().getErr().println("Nowhere to put the baseline: give --bootstrap-servers HOST:PORT"
                        + " (or run's --config) to publish it, or --output FILE.");
                return 2;
            }
            PlumblineConfig config = publish ? kafka.load(spec.commandLine().getErr()) : null;
            if (publish && config == null) {
                return 1;
            }
            int maxCategories = config != null ? config.features().maxCategories() : CategoricalSketch.DEFAULT_MAX_DISTINCT;
            ReferenceBaseline baseline = BaselineBuilder.build(input, modelId, modelVersion, maxCategories, Clock.systemUTC());
            describe(out, baseline);
            if (output != null) {
                Files.write(output, ReferenceBaselineFormat.write(baseline));
                out.println("Wrote " + output);
            }
            if (publish) {
                RecordMetadata landed = BaselinePublisher.publish(config.kafka().clientProperties(),
                        topic != null ? topic : config.topics().baselines(), baseline, timeout);
                out.println("Published to " + landed.topic() + " (partition " + landed.partition() + ", offset "
                        + landed.offset() + ")");
            }
            return 0;
        }

        private static void describe(PrintWriter out, ReferenceBaseline baseline) {
            out.println("Baseline for " + baseline.modelId() + " " + baseline.modelVersion() + " from " + baseline.source()
                    + ": " + baseline.profile().events() + " rows, " + baseline.profile().features().size() + " features");
            for (Map.Entry<String, FeatureSketch> e : baseline.profile().features().entrySet()) {
                FeatureSketch s = e.getValue();
                out.printf("  %-24s %-11s %d values, %d missing%n", e.getKey(), s.type().wireName(), s.count(), s.missing());
            }
            FeatureSketch prediction = baseline.profile().prediction();
            if (prediction != null) {
                out.printf("  %-24s %-11s %d values, %d missing%n", "(prediction)", prediction.type().wireName(),
                        prediction.count(), prediction.missing());
            }
        }
    }
}
