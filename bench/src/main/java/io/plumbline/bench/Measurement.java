package io.plumbline.bench;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/** Wall time and this process's CPU time between {@link #start()} and {@link #stop(String, long)}. */
final class Measurement {

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long wallStart;
    private long cpuStart;

    static Measurement start() {
        Measurement m = new Measurement();
        m.wallStart = System.nanoTime();
        m.cpuStart = m.os.getProcessCpuTime();
        return m;
    }

    /** Prints one machine-readable line of what a mode wrote: mode, stats records, alert records. */
    static void printCounts(String mode, long stats, long alerts) {
        System.out.printf(Locale.ROOT, "COUNTS %s %d %d%n", mode, stats, alerts);
    }

    /** Prints one machine-readable result line: mode, events, wall seconds, CPU seconds. */
    void stop(String mode, long events) {
        double wall = (System.nanoTime() - wallStart) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpuStart) / 1e9;
        System.out.printf(Locale.ROOT, "RESULT %s %d %.3f %.3f%n", mode, events, wall, cpu);
    }
}
