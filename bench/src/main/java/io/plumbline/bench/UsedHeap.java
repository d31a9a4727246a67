package io.plumbline.bench;

import java.lang.management.ManagementFactory;

/** The heap the live objects take: used heap after full GCs, as the memory benchmarks measure it. */
final class UsedHeap {

    /** Less than a fall of this much is noise, not a release. */
    private static final long SETTLED_BYTES = 64 * 1024;

    private UsedHeap() {
    }

    /**
     * Three System.gc() calls, then the used heap: the live objects, up to what the collector's full GC
     * leaves in place (bench/run-flood.sh runs a collector that leaves nothing).
     */
    static long afterFullGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * {@link #afterFullGc} once it no longer falls from one reading to the next, 200 ms later: what other
     * threads let go of only after a while (a closed Flink test harness's, within 100 ms) is gone by then.
     */
    static long settled() throws InterruptedException {
        long last = afterFullGc();
        while (true) {
            Thread.sleep(200);
            long now = afterFullGc();
            if (now > last - SETTLED_BYTES) {
                return Math.min(now, last);
            }
            last = now;
        }
    }
}
