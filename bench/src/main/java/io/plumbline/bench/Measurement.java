package io.plumbline.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Wall time and this process's CPU time between {@link #start} and {@link #stop}, for the whole run and for
 * its steady state: from the moment a third of the events were counted to the moment all were. The JIT
 * compiles a Flink job's code for many seconds of CPU (more than the job's own work in a short run); the
 * steady state leaves that one-time cost, and the final windows' closing, out of both sides.
 */
final class Measurement {

    private static final long SAMPLE_MILLIS = 20;

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final LongSupplier counted;
    /** (wall nanos, CPU nanos, events counted) every {@link #SAMPLE_MILLIS}. */
    private final List<long[]> samples = new ArrayList<>();
    private final Thread sampler = new Thread(this::sample, "bench-measurement");
    private volatile boolean running = true;
    private long wallStart;
    private long cpuStart;

    private Measurement(LongSupplier counted) {
        this.counted = counted;
    }

    /** @param counted the events done so far, read from another thread */
    static Measurement start(LongSupplier counted) {
        Measurement m = new Measurement(counted);
        m.wallStart = System.nanoTime();
        m.cpuStart = m.os.getProcessCpuTime();
        m.sampler.setDaemon(true);
        m.sampler.start();
        return m;
    }

    private void sample() {
        while (running) {
            takeSample();
            try {
                Thread.sleep(SAMPLE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void takeSample() {
        long[] sample = {System.nanoTime(), os.getProcessCpuTime(), counted.getAsLong()};
        synchronized (samples) {
            samples.add(sample);
        }
    }

    /** Prints one machine-readable line of what a mode wrote: mode, stats records, alert records. */
    static void printCounts(String mode, long stats, long alerts) {
        System.out.printf(Locale.ROOT, "COUNTS %s %d %d%n", mode, stats, alerts);
    }

    /**
     * Prints the machine-readable result lines: "RESULT mode events wall-s CPU-s" for the whole run, and
     * "STEADY" with the same fields for its steady state.
     */
    void stop(String mode, long events) {
        running = false;
        double wall = (System.nanoTime() - wallStart) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpuStart) / 1e9;
        System.out.printf(Locale.ROOT, "RESULT %s %d %.3f %.3f%n", mode, events, wall, cpu);
        // A loop that ends between two samples has not been seen to count its last events: count them now.
        takeSample();
        long[] from = null;
        long[] to = null;
        synchronized (samples) {
            for (long[] s : samples) {
                if (from == null && s[2] >= events / 3) {
                    from = s;
                }
                if (to == null && s[2] >= events) {
                    to = s;
                }
            }
        }
        if (from != null && to != null && to[2] > from[2]) {
            System.out.printf(Locale.ROOT, "STEADY %s %d %.3f %.3f%n", mode, to[2] - from[2],
                    (to[0] - from[0]) / 1e9, (to[1] - from[1]) / 1e9);
        }
    }
}
