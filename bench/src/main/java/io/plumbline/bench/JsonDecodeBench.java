package io.plumbline.bench;

import io.plumbline.cli.demo.GeneratedRecord;
import io.plumbline.cli.demo.LlmCallGenerator;
import io.plumbline.cli.demo.TrafficSchedule;
import io.plumbline.schemas.codec.JsonReadersForBench;
import io.plumbline.schemas.codec.JsonReadersForBench.Reader;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Decoding alone, in memory, on one thread: the benchmark's 20-feature prediction events and the demo's LLM
 * calls (its JSON ones), each read by the JSON reader with its fast path and by Jackson alone; the prediction
 * events also by fastjson2's streaming reader ({@link Fastjson2PredictionReader}). All readings of every
 * payload are first checked equal and none rejected, so every side does the same work. Then each reader
 * decodes all payloads {@value #WARMUP_PASSES} times to warm up and {@value #PASSES} times measured; the
 * median pass gives ns per record, and the thread's allocation per record is measured over all passes.
 * Args: [records] (default 200 000 of each kind).
 */
public final class JsonDecodeBench {

    private static final int WARMUP_PASSES = 5;
    private static final int PASSES = 7;

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        List<byte[]> predictions = new ArrayList<>(records);
        BenchEvents events = new BenchEvents(7, 2, 5_000, 1_735_689_600_000L);
        for (int i = 0; i < records; i++) {
            predictions.add(events.next());
        }
        List<byte[]> calls = new ArrayList<>(records);
        long start = 1_767_225_600_000L;
        LlmCallGenerator generator = new LlmCallGenerator(11, new TrafficSchedule(start, start, 60_000, 2, 30, 60),
                LlmCallGenerator.DEFAULT_CALLS_PER_SECOND);
        while (calls.size() < records) {
            GeneratedRecord r = generator.next();
            if (!r.malformed() && r.payload()[0] == '{') {
                calls.add(r.payload());
            }
        }
        System.out.println("| records | reader | ns per record | records/s | bytes allocated per record |");
        System.out.println("|---|---|---:|---:|---:|");
        Reader fastPath = JsonReadersForBench.predictions(System::currentTimeMillis, true);
        compare("prediction events (20 features)", predictions, fastPath,
                JsonReadersForBench.predictions(System::currentTimeMillis, false));
        compareFastjson2(predictions, fastPath);
        compare("LLM calls", calls, JsonReadersForBench.llmCalls(System::currentTimeMillis, true),
                JsonReadersForBench.llmCalls(System::currentTimeMillis, false));
    }

    private static void compare(String kind, List<byte[]> payloads, Reader fast, Reader jackson) throws Exception {
        for (byte[] payload : payloads) {
            if (!Objects.equals(fast.read(payload), jackson.read(payload))) {
                throw new IllegalStateException("the readers disagree on " + new String(payload));
            }
        }
        double[] withFastPath = measure(payloads, fast);
        double[] jacksonAlone = measure(payloads, jackson);
        row(kind, "fast path, Jackson for the rest", payloads.size(), withFastPath);
        row(kind, "Jackson alone", payloads.size(), jacksonAlone);
        System.out.printf(Locale.ROOT, "| %s | fast path / Jackson alone | %.2fx the time | | |%n", kind,
                withFastPath[0] / jacksonAlone[0]);
    }

    /**
     * fastjson2 parses without our reader's checks: if it is no faster even so, a reader built on it is not.
     * The two take turns pass by pass, so that a slower spell of a shared machine weighs on both alike.
     */
    private static void compareFastjson2(List<byte[]> payloads, Reader fastPath) throws Exception {
        Fastjson2PredictionReader fastjson2 = new Fastjson2PredictionReader();
        for (byte[] payload : payloads) {
            if (!Objects.equals(fastPath.read(payload), fastjson2.read(payload))) {
                throw new IllegalStateException("fastjson2 reads another record from " + new String(payload));
            }
        }
        Reader theirs = fastjson2::read;
        for (int pass = 0; pass < WARMUP_PASSES; pass++) {
            timePass(payloads, fastPath);
            timePass(payloads, theirs);
        }
        double[] oursNanos = new double[PASSES];
        double[] theirsNanos = new double[PASSES];
        for (int pass = 0; pass < PASSES; pass++) {
            oursNanos[pass] = timePass(payloads, fastPath);
            theirsNanos[pass] = timePass(payloads, theirs);
        }
        Arrays.sort(oursNanos);
        Arrays.sort(theirsNanos);
        double ours = oursNanos[PASSES / 2];
        double fastjson = theirsNanos[PASSES / 2];
        System.out.printf(Locale.ROOT, "| prediction events (20 features) | fast path, taking turns with fastjson2 "
                + "| %.0f | %,.0f | |%n", ours, 1e9 / ours);
        System.out.printf(Locale.ROOT, "| prediction events (20 features) | fastjson2 2.0.66, parsing only (no checks,"
                + " no interning) | %.0f | %,.0f | %.0f |%n", fastjson, 1e9 / fastjson, measure(payloads, theirs)[1]);
        System.out.printf(Locale.ROOT, "| prediction events (20 features) | fast path / fastjson2 | %.2fx the time | | |%n",
                ours / fastjson);
    }

    /** One pass over all payloads: ns per record. Every record is counted, so the JIT cannot drop the reading. */
    private static double timePass(List<byte[]> payloads, Reader reader) throws Exception {
        long t0 = System.nanoTime();
        if (decodeAll(payloads, reader) != payloads.size()) {
            throw new IllegalStateException("a reader returned no record");
        }
        return (double) (System.nanoTime() - t0) / payloads.size();
    }

    /** The median ns per record and the bytes allocated per record. */
    private static double[] measure(List<byte[]> payloads, Reader reader) throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int pass = 0; pass < WARMUP_PASSES; pass++) {
            timePass(payloads, reader);
        }
        double[] nanos = new double[PASSES];
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        for (int pass = 0; pass < PASSES; pass++) {
            nanos[pass] = timePass(payloads, reader);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
        Arrays.sort(nanos);
        return new double[] {nanos[PASSES / 2], (double) allocated / PASSES / payloads.size()};
    }

    private static long decodeAll(List<byte[]> payloads, Reader reader) throws Exception {
        long sink = 0;
        for (byte[] payload : payloads) {
            sink += reader.read(payload) != null ? 1 : 0;
        }
        return sink;
    }

    private static void row(String kind, String reader, int records, double[] measured) {
        System.out.printf(Locale.ROOT, "| %s | %s | %.0f | %,.0f | %.0f |%n", kind, reader, measured[0],
                1e9 / measured[0], measured[1]);
    }
}
