package io.plumbline.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.plumbline.delivery.metrics.StatsMetrics;
import io.plumbline.schemas.DriftStats;
import io.plumbline.schemas.codec.JsonRecordWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * What {@code plumbline serve} costs per stats record and per series: the CPU time of reading drift-stats
 * records (JSON bytes parsed, as the consumer gets them) into the metrics, the heap its series take, and the
 * CPU time of one scrape of them all. Kafka's own fetch cost is left out: it is the same for any consumer.
 *
 * <p>Each drift-stats record of a feature sets one series per statistic it carries (here those of a numeric
 * feature: PSI, KS statistic and p-value, robust L∞, Wasserstein, Jensen–Shannon, and the missing rate). The
 * series are counted from the metrics themselves, and the same records are read for every row.
 *
 * <p>Run: {@code bench/run-serve.sh}
 */
public final class ServeBench {

    private static final long WINDOW_MS = 60_000;
    private static final long FIRST_END = 1_767_225_600_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();

        System.out.println("| features | windows | stats records | series | CPU per 1 000 records | heap per 10 000 series"
                + " | CPU of one scrape |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
        // warm-up: the same work on a registry thrown away
        run(threads, 2_000, 20, false);
        for (int features : new int[] {1_000, 5_000}) {
            run(threads, features, 20, true);
        }
    }

    private static void run(ThreadMXBean threads, int features, int windows, boolean print)
            throws Exception {
        List<byte[]> records = new ArrayList<>(features * windows);
        SplittableRandom random = new SplittableRandom(7);
        for (int w = 0; w < windows; w++) {
            for (int f = 0; f < features; f++) {
                records.add(JsonRecordWriter.toJson(record(f, FIRST_END + w * WINDOW_MS, random)));
            }
        }
        long before = UsedHeap.afterFullGc();
        StatsMetrics metrics = new StatsMetrics(Duration.ofHours(1), Integer.MAX_VALUE, Clock.systemUTC());
        long cpu = threads.getCurrentThreadCpuTime();
        for (byte[] record : records) {
            metrics.onDriftStats(JSON.readTree(record));
        }
        long readCpu = threads.getCurrentThreadCpuTime() - cpu;
        long heap = UsedHeap.afterFullGc() - before;
        int series = metrics.seriesCount();
        cpu = threads.getCurrentThreadCpuTime();
        int scraped = metrics.registry().scrape().length();
        long scrapeCpu = threads.getCurrentThreadCpuTime() - cpu;
        if (print) {
            System.out.printf(Locale.ROOT, "| %,d | %d | %,d | %,d | %.2f ms | %.1f MiB | %.0f ms (%,d bytes) |%n",
                    features, windows, records.size(), series, readCpu / 1e6 / records.size() * 1000,
                    heap * 10_000.0 / series / (1 << 20), scrapeCpu / 1e6, scraped);
        }
    }

    private static DriftStats record(int feature, long windowEnd, SplittableRandom random) {
        return DriftStats.newBuilder().setModelId("model-" + feature % 10).setModelVersion("v1")
                .setFeature("feature-" + feature).setScope("feature").setFeatureType("numeric")
                .setWindowStart(windowEnd - WINDOW_MS).setWindowEnd(windowEnd).setBaseline("warmup")
                .setNBaseline(6_000).setNCurrent(6_000).setMissingCurrent(0).setTypeMismatchCurrent(0)
                .setPsi(random.nextDouble() * 0.3).setKsStatistic(random.nextDouble() * 0.1)
                .setKsPvalue(random.nextDouble()).setRobustLinf(random.nextDouble() * 0.1)
                .setWassersteinNorm(random.nextDouble() * 0.2).setJsDistance(random.nextDouble() * 0.1).build();
    }
}
