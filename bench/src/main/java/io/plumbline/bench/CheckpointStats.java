package io.plumbline.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;

/**
 * The duration and size of each checkpoint a local job completes, from the JobManager's own gauges
 * ({@code numberOfCompletedCheckpoints}, {@code lastCheckpointDuration}, {@code lastCheckpointSize}, which is
 * what the checkpoint added, and {@code lastCheckpointFullSize}), watched every 50 ms. The benchmarks' metric
 * reporter, {@link SourceRecords}, hands them over.
 */
final class CheckpointStats {
    private static final Map<String, Gauge<?>> GAUGES = new ConcurrentHashMap<>();
    /** (duration ms, size bytes, full size bytes) of each completed checkpoint seen. */
    private static final List<long[]> CHECKPOINTS = Collections.synchronizedList(new ArrayList<>());
    private static volatile boolean watching;

    private CheckpointStats() {
    }

    /** Starts watching the gauges, in a daemon thread, until {@link #print}. */
    static void watch() {
        watching = true;
        Thread watcher = new Thread(() -> {
            long seen = 0;
            while (watching) {
                long completed = value("numberOfCompletedCheckpoints");
                if (completed > seen) {
                    seen = completed;
                    CHECKPOINTS.add(new long[] {value("lastCheckpointDuration"), value("lastCheckpointSize"),
                            value("lastCheckpointFullSize")});
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-checkpoint-stats");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** Prints "CHECKPOINTS mode count median-ms max-ms median-bytes max-bytes max-full-bytes". */
    static void print(String mode) {
        watching = false;
        List<long[]> seen;
        synchronized (CHECKPOINTS) {
            seen = new ArrayList<>(CHECKPOINTS);
        }
        if (seen.isEmpty()) {
            System.out.printf(Locale.ROOT, "CHECKPOINTS %s 0 0 0 0 0 0%n", mode);
            return;
        }
        System.out.printf(Locale.ROOT, "CHECKPOINTS %s %d %d %d %d %d %d%n", mode, seen.size(), median(seen, 0),
                max(seen, 0), median(seen, 1), max(seen, 1), max(seen, 2));
    }

    private static long median(List<long[]> rows, int column) {
        return rows.stream().mapToLong(r -> r[column]).sorted().skip(rows.size() / 2).findFirst().orElse(0);
    }

    private static long max(List<long[]> rows, int column) {
        return rows.stream().mapToLong(r -> r[column]).max().orElse(0);
    }

    private static long value(String gauge) {
        Gauge<?> g = GAUGES.get(gauge);
        return g != null && g.getValue() instanceof Number n ? n.longValue() : 0;
    }

    /** Keeps the metric if it is one of the checkpoint gauges. */
    static void offer(Metric metric, String name) {
        if (metric instanceof Gauge<?> gauge && (name.equals("numberOfCompletedCheckpoints")
                || name.equals("lastCheckpointDuration") || name.equals("lastCheckpointSize")
                || name.equals("lastCheckpointFullSize"))) {
            GAUGES.put(name, gauge);
        }
    }
}
