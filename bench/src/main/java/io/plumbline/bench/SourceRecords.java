package io.plumbline.bench;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * Counts the records a local job's sources emitted, from Flink's own {@code numRecordsOut} counter of
 * each source operator: what the job read, rather than what the benchmark asked for. A metric reporter
 * that keeps the counters, for this JVM to read once the job has finished; it hands the JobManager's
 * checkpoint gauges to {@link CheckpointStats}.
 */
public final class SourceRecords implements MetricReporter, MetricReporterFactory {
    private static final List<Counter> COUNTERS = new CopyOnWriteArrayList<>();
    private static final String OPERATOR = "<operator_name>";

    /** Has a local run with this configuration report its sources' counters here. */
    static Configuration reportingTo(Configuration flink) {
        flink.setString("metrics.reporter.bench-sources.factory.class", SourceRecords.class.getName());
        return flink;
    }

    /** Records the sources have emitted so far; after the job, all they read. */
    static long count() {
        return COUNTERS.stream().mapToLong(Counter::getCount).sum();
    }

    @Override
    public MetricReporter createMetricReporter(Properties properties) {
        return this;
    }

    @Override
    public void open(MetricConfig config) {
    }

    @Override
    public void close() {
    }

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        CheckpointStats.offer(metric, name);
        String operator = group.getAllVariables().get(OPERATOR);
        if (metric instanceof Counter counter && name.equals("numRecordsOut") && operator != null
                && operator.startsWith("Source: ")) {
            COUNTERS.add(counter);
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
        // Kept: the count is read after the job, when its metrics are gone.
    }
}
