package io.plumbline.jobs.testing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.flink.api.common.JobID;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.clusterframework.types.ResourceID;
import org.apache.flink.runtime.executiongraph.ExecutionAttemptID;
import org.apache.flink.runtime.metrics.groups.TaskManagerMetricGroup;
import org.apache.flink.runtime.metrics.groups.TaskMetricGroup;
import org.apache.flink.runtime.metrics.util.TestingMetricRegistry;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.runtime.operators.testutils.MockInputSplitProvider;

/**
 * The metrics an operator under test registers, as Flink registers them: an environment for a test harness
 * whose metric groups report to a registry that keeps every metric, to read back by name and group. The
 * harness's own environment registers nothing anywhere. One instance per harness: a restored harness is
 * another operator, with its metrics of its own.
 */
public final class OperatorMetrics implements AutoCloseable {

    /** A metric, its name, and the variables of its groups ({@code <key>} to value for addGroup(key, value)). */
    private record Registered(Metric metric, String name, Map<String, String> variables) {
    }

    private final List<Registered> registered = new CopyOnWriteArrayList<>();
    private final MockEnvironment environment;

    public OperatorMetrics() {
        TestingMetricRegistry registry = TestingMetricRegistry.builder()
                .setRegisterConsumer((metric, name, group) -> registered.add(
                        new Registered(metric, name, group.getAllVariables())))
                .build();
        TaskMetricGroup task = TaskManagerMetricGroup.createTaskManagerMetricGroup(registry, "localhost",
                        ResourceID.generate())
                .addJob(new JobID(), "job")
                .addTask(ExecutionAttemptID.randomId(), "task");
        // What the harnesses build for themselves at parallelism 1, with this metric group.
        environment = new MockEnvironmentBuilder()
                .setTaskName("MockTask")
                .setManagedMemorySize(3 * 1024 * 1024)
                .setInputSplitProvider(new MockInputSplitProvider())
                .setBufferSize(1024)
                .setMaxParallelism(1)
                .setParallelism(1)
                .setSubtaskIndex(0)
                .setMetricGroup(task)
                .build();
    }

    /** For the harness's constructor. */
    public MockEnvironment environment() {
        return environment;
    }

    /** What the limit with this config key turned away ({@code turnedAway} in the group {@code limit}). */
    public long turnedAway(String limitKey) {
        return counter("turnedAway", "limit", limitKey);
    }

    /** Dead letters of this reason ({@code deadLetters} in the group {@code reason}). */
    public long deadLetters(String reason) {
        return counter("deadLetters", "reason", reason);
    }

    /** The one counter of this name. */
    public long counter(String name) {
        return ((Counter) find(name, null, null)).getCount();
    }

    /** The counter of this name in the group {@code key}: {@code value}. */
    public long counter(String name, String key, String value) {
        return ((Counter) find(name, key, value)).getCount();
    }

    /** The one gauge of this name. */
    public Object gauge(String name) {
        return ((Gauge<?>) find(name, null, null)).getValue();
    }

    private Metric find(String name, String key, String value) {
        List<Metric> found = registered.stream()
                .filter(r -> r.name().equals(name))
                .filter(r -> key == null || value.equals(r.variables().get("<" + key + ">")))
                .map(Registered::metric)
                .toList();
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " metrics " + name + (key == null ? "" : " of " + key + "="
                    + value) + " registered; all: " + registered.stream().map(r -> r.name() + r.variables()).toList());
        }
        return found.get(0);
    }

    @Override
    public void close() throws Exception {
        environment.close();
    }
}
