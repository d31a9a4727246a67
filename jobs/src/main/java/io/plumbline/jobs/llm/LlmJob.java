package io.plumbline.jobs.llm;

import io.plumbline.monitor.llm.BudgetPolicy;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import io.plumbline.alerts.llm.Budget;
import io.plumbline.monitor.config.ConfigLoader;
import io.plumbline.monitor.config.PlumblineConfig;
import io.plumbline.jobs.drift.DriftJob;
import io.plumbline.jobs.kafka.DeadLetter;
import io.plumbline.jobs.kafka.DeadLetterRouter;
import io.plumbline.jobs.kafka.KeyedMessage;
import io.plumbline.jobs.kafka.KeyedStageDeadLetters;
import io.plumbline.jobs.state.PlumblineTypes;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * LLM calls in, LLM statistics out:
 * <pre>
 * llm-calls ─► decode ─► route dead letters ─keyBy(service, prompt, operation)─► llm windows ─► llm-stats
 *                               └─► dead-letter (rejected and late)               ├─► alerts
 *                                                 window cost ─keyBy(service)─► service budgets ─► alerts, llm-stats
 *                                                 call cost ─keyBy(tenant)─► tenant budgets ─► alerts, llm-stats
 *                                                                                   └─► dead-letter (over the limit)
 * </pre>
 * The alerts go to the drift job's alerts topic, through a sink of this job's own. A budget stage exists
 * only when {@code llm.budgets} has an entry of its kind; its BudgetStats join the LlmStats on the stats topic.
 *
 * Run on a cluster with {@code flink run -c io.plumbline.jobs.llm.LlmJob plumbline-jobs.jar --config
 * plumbline.yaml [--some.key value]}.
 */
public final class LlmJob {

    /** Beside the drift job's checkpoints, so that each job's newest checkpoint is found apart. */
    static final String CHECKPOINT_SUBDIRECTORY = "llm/";

    private LlmJob() {
    }

    public static void main(String[] args) throws Exception {
        PlumblineConfig config = ConfigLoader.loadFromArgs(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flinkConfiguration(config));
        define(env, config);
        env.execute(config.llm().jobName());
    }

    /** Wires the job on {@code env} with the Kafka source and sinks of the config. */
    public static void define(StreamExecutionEnvironment env, PlumblineConfig config) {
        define(env, config, LlmJobIo.kafka(config));
    }

    /** Wires the job on {@code env} with the given source and sinks. */
    public static void define(StreamExecutionEnvironment env, PlumblineConfig config, LlmJobIo io) {
        CallPartials partials = new CallPartials(config.llm().windowSize().toMillis(), config.llm().prices(),
                config.limits().maxLlmVariants(), config.llm().budgets().covers(Budget.TENANT));
        LlmCalls.Routed calls = LlmCalls.route(env, io.calls(), config.watermark().outOfOrderness(),
                config.watermark().idleness(), config.llm().windowSize(), partials, config.limits().maxLlmRoutes());
        SingleOutputStreamOperator<KeyedMessage> windows = calls.keyed()
                .process(new LlmWindowFunction(config.llm().windowSize(), config.llm().variantIdleAfter(),
                        config.llm().prices(), config.llm().rules(), config.runbooks(),
                        config.llm().budgets().covers(Budget.TENANT), config.limits().maxLlmRoutes(),
                        config.limits().maxLlmVariants(),
                        new KeyedStageDeadLetters(config.llm().callsTopic(), "LLM windows")),
                        PlumblineTypes.KEYED_MESSAGE)
                .name("llm windows")
                .uid("llm-windows");
        DataStream<DeadLetter> deadLetters = calls.deadLetters()
                .union(windows.getSideOutput(DeadLetterRouter.DEAD_LETTERS));
        BudgetPolicy budgets = config.llm().budgets();
        List<SingleOutputStreamOperator<KeyedMessage>> budgetStages = new ArrayList<>(2);
        if (budgets.covers(Budget.SERVICE)) {
            budgetStages.add(budgets(windows.getSideOutput(LlmWindowFunction.SERVICE_SPEND), Budget.SERVICE,
                    BudgetFunction.ofServices(budgets, config.llm().windowSize(), config.llm().rules(),
                            config.runbooks())));
        }
        if (budgets.covers(Budget.TENANT)) {
            SingleOutputStreamOperator<KeyedMessage> tenants = budgets(windows.getSideOutput(
                    LlmWindowFunction.TENANT_SPEND), Budget.TENANT, BudgetFunction.ofTenants(budgets,
                    config.llm().windowSize(), config.llm().rules(), config.runbooks(), config.limits().maxLlmTenants(),
                    new KeyedStageDeadLetters(config.llm().callsTopic(), "tenant budgets")));
            budgetStages.add(tenants);
            deadLetters = deadLetters.union(tenants.getSideOutput(DeadLetterRouter.DEAD_LETTERS));
        }
        // One dead-letter sink for the whole job: two sinks would share, and fence, one transactional id.
        deadLetters.sinkTo(io.deadLetters())
                .name("llm dead-letter sink")
                .uid("llm-dead-letter-sink");
        DataStream<KeyedMessage> stats = windows;
        DataStream<KeyedMessage> alerts = windows.getSideOutput(LlmWindowFunction.ALERTS);
        for (SingleOutputStreamOperator<KeyedMessage> stage : budgetStages) {
            stats = stats.union(stage.getSideOutput(BudgetFunction.STATS));
            alerts = alerts.union(stage);
        }
        stats.sinkTo(io.llmStats())
                .name("llm-stats sink")
                .uid("llm-stats-sink");
        alerts.sinkTo(io.alerts())
                .name("llm alerts sink")
                .uid("llm-alerts-sink");
    }

    /**
     * The budget stage of {@code label}'s owners. Without a budget of that kind in the config there is no
     * stage, and the window function's spends of that kind go nowhere: no tenant record crosses a shuffle.
     */
    private static SingleOutputStreamOperator<KeyedMessage> budgets(DataStream<Spend> spends, String label,
                                                                    BudgetFunction stage) {
        return spends.keyBy(Spend::owner, Types.STRING)
                .process(stage, PlumblineTypes.KEYED_MESSAGE)
                .name("llm " + label + " budgets")
                .uid("llm-" + label + "-budgets");
    }

    /**
     * The drift job's Flink settings (generic types off, exactly-once checkpoints), with checkpoints in
     * {@value #CHECKPOINT_SUBDIRECTORY} of the checkpoint directory, and always the heap backend, which the
     * in-place profiles need whatever {@code checkpoint.state-backend} says; a caller may add its own.
     */
    public static Configuration flinkConfiguration(PlumblineConfig config) {
        Configuration flink = DriftJob.flinkConfiguration(config);
        flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDirectory(config).toString());
        flink.set(StateBackendOptions.STATE_BACKEND, PlumblineConfig.StateBackend.HASHMAP.flinkName());
        return flink;
    }

    /** Where this job's checkpoints go: {@value #CHECKPOINT_SUBDIRECTORY} of {@code checkpoint.directory}. */
    public static URI checkpointDirectory(PlumblineConfig config) {
        String base = config.checkpoint().directory().toString();
        return URI.create(base.endsWith("/") ? base : base + "/").resolve(CHECKPOINT_SUBDIRECTORY);
    }
}
