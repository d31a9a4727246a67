package io.plumbline.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;

import io.plumbline.alerts.llm.Budget;
import io.plumbline.jobs.drift.DriftWindowFunction;
import io.plumbline.jobs.drift.PanePartial;
import io.plumbline.jobs.drift.PredictionPartials;
import io.plumbline.jobs.drift.ReferenceKey;
import io.plumbline.jobs.kafka.DeadLetterRouter;
import io.plumbline.jobs.kafka.KeyedMessage;
import io.plumbline.jobs.window.CombinedKey;
import io.plumbline.jobs.kafka.KeyedStageDeadLetters;
import io.plumbline.jobs.llm.BudgetFunction;
import io.plumbline.jobs.llm.CallPartial;
import io.plumbline.jobs.llm.CallPartials;
import io.plumbline.jobs.llm.LlmWindowFunction;
import io.plumbline.jobs.llm.Spend;
import io.plumbline.jobs.testing.KeyedTwoInputHarness;
import io.plumbline.jobs.testing.OperatorMetrics;
import io.plumbline.jobs.testing.TriageCalls;
import io.plumbline.monitor.config.ConfigLoader;
import io.plumbline.monitor.config.PlumblineConfig;
import io.plumbline.monitor.llm.BudgetPolicy;
import io.plumbline.detectors.baseline.ReferenceBaseline;
import io.plumbline.schemas.event.LlmCallRecord;
import io.plumbline.schemas.event.PredictionRecord;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.types.Either;

/**
 * What a flood of 1 000 000 distinct ids leaves on the heap of the jobs' keyed stages, at the default config:
 * each flood goes, one record per id, through the stage's function in Flink's operator test harness (heap
 * state backend, as the jobs run), all in one window that never closes, so every state it creates stays. The
 * heap is the used heap after full GCs ({@link UsedHeap#settled}), less the one before the flood, with the
 * harness's outputs (dead letters included) dropped as they come; measured after the first 10 000 ids and
 * after all of them, in a stage opened after another one took a first 10 000 ids (classes loaded, the JVM's
 * caches filled). What each limit turned away is its own Flink counter ({@code turnedAway}, group
 * {@code limit}), read from the harness's metrics.
 *
 * <p>Run: {@code bench/run-flood.sh}
 */
public final class KeyedFloodBench {

    private static final int FLOOD = 1_000_000;
    private static final int FIRST = 10_000;
    private static final long T0 = 1_764_000_000_000L;
    /** The features of a flooding model version's events: what a typical model sends. */
    private static final int FEATURES = 20;
    private static final List<String> FLOODS = List.of("model-versions", "feature-names", "categories", "routes",
            "variants", "tenants");

    /** One keyed stage in its harness: takes the flood's id {@code i}, and says what a limit turned away. */
    private interface Stage extends AutoCloseable {
        void send(int i) throws Exception;

        /** Drops what the harness collected: dead letters and records the job would have written out. */
        void drain();

        /** The {@code turnedAway} counter of the limit of this config key. */
        long turnedAway(String limitKey);
    }

    /** Args: the flood to run, one of {@link #FLOODS}; each runs in a JVM of its own. None: the table's head. */
    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.out.println("| flood of 1 000 000 | limit, default | heap growth after 10 000 ids "
                    + "| heap growth after 1 000 000 ids | turned away |");
            System.out.println("|---|---|---:|---:|---:|");
            return;
        }
        PlumblineConfig config = ConfigLoader.load(null, Map.of("kafka.bootstrap-servers", "localhost:9092"));
        SplittableRandom random = new SplittableRandom(42);
        switch (args[0]) {
            case "model-versions" -> row("model versions (" + FEATURES + " features each)", "limits.max-models",
                    config.limits().maxModels(), () -> drift(config, i -> {
                        PredictionRecord event = new PredictionRecord().reset("e-" + i, T0, "model-" + i, "v1");
                        for (int f = 0; f < FEATURES; f++) {
                            event.addNumber("f" + f, random.nextGaussian());
                        }
                        return event.predictionNumber(random.nextDouble());
                    }));
            case "feature-names" -> row("feature names of one model version", "features.max-per-model",
                    config.features().maxPerModel(), () -> drift(config,
                            i -> new PredictionRecord().reset("e-" + i, T0, "model", "v1")
                                    .addNumber("x", random.nextGaussian())
                                    .addNumber("feature-" + i, random.nextGaussian())
                                    .predictionNumber(random.nextDouble())));
            case "categories" -> row("categories of one feature", "features.max-categories",
                    config.features().maxCategories(), () -> drift(config,
                            i -> new PredictionRecord().reset("e-" + i, T0, "model", "v1")
                                    .addCategory("c", "category-" + i).predictionNumber(random.nextDouble())));
            case "routes" -> row("LLM routes (service names)", "limits.llm.max-routes", config.limits().maxLlmRoutes(),
                    () -> llm(config, i -> call(i).service("service-" + i).build()));
            case "variants" -> row("variants of one route (response models)", "limits.llm.max-variants",
                    config.limits().maxLlmVariants(),
                    () -> llm(config, i -> call(i).responseModel("model-" + i).build()));
            case "tenants" -> row("budgeted tenants (a budget for every tenant)", "limits.llm.max-tenants",
                    config.limits().maxLlmTenants(), () -> tenants(config));
            default -> throw new IllegalArgumentException("no flood " + args[0] + "; one of " + FLOODS);
        }
    }

    /** Measures a flood through a fresh stage, after {@link #warmUp}. */
    private static void row(String flood, String limitKey, int limit, Callable<Stage> stages) throws Exception {
        warmUp(stages);
        try (Stage stage = stages.call()) {
            long before = UsedHeap.settled();
            send(stage, 0, FIRST);
            long first = UsedHeap.settled() - before;
            send(stage, FIRST, FLOOD);
            long all = UsedHeap.settled() - before;
            System.out.printf(Locale.ROOT, "| %s | `%s` %,d | %s | %s | %,d |%n", flood, limitKey, limit, mib(first),
                    mib(all), stage.turnedAway(limitKey));
        }
    }

    /** The first {@value #FIRST} ids through a stage of their own, closed: what the JVM loads once, loaded. */
    private static void warmUp(Callable<Stage> stages) throws Exception {
        try (Stage warmup = stages.call()) {
            send(warmup, 0, FIRST);
        }
    }

    private static void send(Stage stage, int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            stage.send(i);
            if (i % 10_000 == 9_999) {
                stage.drain();
            }
        }
        stage.drain();
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.2f MiB", bytes / 1048576.0);
    }

    /** The drift stage as DriftJob builds it. */
    private static Stage drift(PlumblineConfig config, IntFunction<PredictionRecord> events) throws Exception {
        OperatorMetrics metrics = new OperatorMetrics();
        KeyedTwoInputHarness<String, Either<PredictionRecord, PanePartial>, ReferenceBaseline, KeyedMessage> harness =
                new KeyedTwoInputHarness<>(new KeyedCoProcessOperator<>(new DriftWindowFunction(config.window(),
                        config.modelIdleAfter(), config.baselineSettings(), config.features(),
                        config.limits().maxModels(), config.rules(), config.runbooks(),
                        new KeyedStageDeadLetters(config.topics().predictions(), "drift windows"))),
                        new CombinedKey<>(new PredictionPartials(config.window().slide().toMillis(),
                                config.features().maxPerModel(), config.features().maxCategories())),
                        new ReferenceKey(), Types.STRING, metrics.environment());
        harness.open();
        return new HarnessStage(harness, metrics) {
            @Override
            public void send(int i) throws Exception {
                harness.processElement1(Either.Left(events.apply(i)), T0);
            }
        };
    }

    /** The LLM window stage as LlmJob builds it (without tenant budgets, so no call's spend goes on). */
    private static Stage llm(PlumblineConfig config, IntFunction<LlmCallRecord> calls) throws Exception {
        OperatorMetrics metrics = new OperatorMetrics();
        KeyedOneInputStreamOperatorTestHarness<String, Either<LlmCallRecord, CallPartial>, KeyedMessage> harness =
                new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new LlmWindowFunction(
                        config.llm().windowSize(), config.llm().variantIdleAfter(), config.llm().prices(),
                        config.llm().rules(), config.runbooks(), false, config.limits().maxLlmRoutes(),
                        config.limits().maxLlmVariants(),
                        new KeyedStageDeadLetters(config.llm().callsTopic(), "LLM windows"))),
                        new CombinedKey<>(new CallPartials(config.llm().windowSize().toMillis(), config.llm().prices(),
                                config.limits().maxLlmVariants(), false)), Types.STRING, metrics.environment());
        harness.open();
        return new HarnessStage(harness, metrics) {
            @Override
            public void send(int i) throws Exception {
                LlmCallRecord call = calls.apply(i);
                harness.processElement(Either.Left(call), call.eventTimeMillis());
            }
        };
    }

    /** The tenant budget stage as LlmJob builds it, under a budget that covers every tenant. */
    private static Stage tenants(PlumblineConfig config) throws Exception {
        OperatorMetrics metrics = new OperatorMetrics();
        BudgetPolicy everyTenant = new BudgetPolicy(List.of(Budget.tenant(".*", 1_000, Double.POSITIVE_INFINITY)));
        KeyedOneInputStreamOperatorTestHarness<String, Spend, KeyedMessage> harness =
                new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(BudgetFunction.ofTenants(
                        everyTenant, config.llm().windowSize(), config.llm().rules(), config.runbooks(),
                        config.limits().maxLlmTenants(),
                        new KeyedStageDeadLetters(config.llm().callsTopic(), "tenant budgets"))),
                        Spend::owner, Types.STRING, metrics.environment());
        harness.open();
        return new HarnessStage(harness, metrics) {
            @Override
            public void send(int i) throws Exception {
                harness.processElement(new Spend("tenant-" + i, T0, 0.001, 0, i), T0);
            }
        };
    }

    /** A successful call of one route, ended at T0 plus a millisecond per id (one window). */
    private static LlmCallRecord.Builder call(int i) {
        return TriageCalls.ending("c-" + i, T0 + i % 60_000);
    }

    private abstract static class HarnessStage implements Stage {
        private final AbstractStreamOperatorTestHarness<KeyedMessage> harness;
        private final OperatorMetrics metrics;

        HarnessStage(AbstractStreamOperatorTestHarness<KeyedMessage> harness, OperatorMetrics metrics) {
            this.harness = harness;
            this.metrics = metrics;
        }

        @Override
        public void drain() {
            harness.getOutput().clear();
            var deadLetters = harness.getSideOutput(DeadLetterRouter.DEAD_LETTERS);
            if (deadLetters != null) {
                deadLetters.clear();
            }
        }

        @Override
        public long turnedAway(String limitKey) {
            return metrics.turnedAway(limitKey);
        }

        @Override
        public void close() throws Exception {
            harness.close();
            metrics.close();
        }
    }
}
