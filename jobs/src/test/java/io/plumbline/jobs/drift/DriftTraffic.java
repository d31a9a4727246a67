package io.plumbline.jobs.drift;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import io.plumbline.jobs.testing.ProducerEncoding;
import io.plumbline.schemas.PredictionEvent;
import io.plumbline.schemas.codec.PredictionEncoder;
import io.plumbline.schemas.validation.RejectReason;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Synthetic prediction traffic for the drift job's integration test, and everything the test
 * needs to know about it: the raw values of every (model, window, feature) the job should see,
 * and every record it should reject.
 *
 * <p>Two models with the same eight features (five numeric, three categorical) and a numeric
 * prediction. In the shifted windows one model's income and age move by 0.3σ, one region gains 10
 * points of share from another, and the prediction moves by 0.3σ; everything else stays put.
 * Events alternate between JSON and Avro single-object encoding and between two partitions; within
 * a window they are slightly out of order, never across a window boundary.
 */
final class DriftTraffic {

    static final String TOPIC = "it.predictions";
    static final int PARTITIONS = 2;
    static final String SHIFTING = "credit-risk";
    static final String STABLE = "churn";
    static final String VERSION = "v1";
    static final Set<String> SHIFTED_FEATURES = Set.of("income", "age", "region", "prediction");

    static final String[] REGIONS = {"eu-west", "us-east", "ap-south", "sa-east"};
    private static final double[] REGION_SHARES = {0.4, 0.3, 0.2, 0.1};
    /** Jensen-Shannon distance 0.15 from REGION_SHARES: clear of its 0.1 threshold, which {0.3, 0.4, …} sits on. */
    private static final double[] SHIFTED_REGION_SHARES = {0.25, 0.45, 0.2, 0.1};
    private static final String[] CHANNELS = {"web", "mobile", "branch"};
    private static final double[] CHANNEL_SHARES = {0.5, 0.35, 0.15};

    /** A record the job must reject, where it was sent and why. */
    record Rejected(int partition, long offset, byte[] key, byte[] value, RejectReason reason) {
    }

    /** One feature's values in one window of one model. */
    static final class Sample {
        final List<Double> numbers = new ArrayList<>();
        final List<String> categories = new ArrayList<>();
        long missing;

        double[] numbers() {
            return numbers.stream().mapToDouble(Double::doubleValue).toArray();
        }
    }

    /** JSON and Avro single-object in turn, two records of each, so that each partition gets both. */
    static final ProducerEncoding<PredictionEvent> JSON_AND_AVRO = (event, i) -> (i / PARTITIONS) % 2 == 0
            ? PredictionEncoder.json(event) : PredictionEncoder.avroSingleObject(event);

    private final String topic;
    private ProducerEncoding<PredictionEvent> encoding = JSON_AND_AVRO;
    /** When set, each event goes out as a model server's logger writes it, in two records. */
    private KserveLogs inferenceLogs;
    private final long t0;
    private final long window;
    private final int eventsPerWindow;
    private int stableEventsPerWindow;
    private final Random random;
    private final long[] nextOffset = new long[PARTITIONS];
    private int sent;
    private int generated;

    /** (model, window index, feature) → the values the job should see. */
    private final Map<String, Sample> samples = new HashMap<>();
    private final List<Rejected> rejected = new ArrayList<>();

    DriftTraffic(String topic, long t0, long window, int eventsPerWindow, long seed) {
        this.topic = topic;
        this.t0 = t0;
        this.window = window;
        this.eventsPerWindow = eventsPerWindow;
        this.stableEventsPerWindow = eventsPerWindow;
        this.random = new Random(seed);
    }

    /** Writes the events with {@code encoding} instead of {@link #JSON_AND_AVRO}. */
    DriftTraffic encodedWith(ProducerEncoding<PredictionEvent> encoding) {
        this.encoding = encoding;
        return this;
    }

    /** Writes each event as the request and response logs of a model server instead. */
    DriftTraffic asInferenceLogs(KserveLogs logs) {
        this.inferenceLogs = logs;
        return this;
    }

    String topic() {
        return topic;
    }

    /** Makes the stable model send {@code factor} times the shifting one's events: a hot key. */
    DriftTraffic withHotStableModel(int factor) {
        stableEventsPerWindow = eventsPerWindow * factor;
        return this;
    }

    /** Both models' events for windows {@code from} to {@code to} (exclusive); shifted where {@code shifted} says. */
    List<ProducerRecord<byte[], byte[]>> windows(int from, int to, Set<Integer> shifted) {
        return windows(from, to, shifted, List.of(VERSION));
    }

    /**
     * As {@link #windows(int, int, Set)}, for each of the given versions of both models, their events
     * interleaved in time as a rollout running versions side by side would send them.
     */
    List<ProducerRecord<byte[], byte[]>> windows(int from, int to, Set<Integer> shifted, List<String> versions) {
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        for (int w = from; w < to; w++) {
            List<PredictionEvent> events = new ArrayList<>();
            for (String version : versions) {
                for (String model : List.of(SHIFTING, STABLE)) {
                    boolean shift = model.equals(SHIFTING) && shifted.contains(w);
                    for (long time : times(t0 + w * window, model.equals(STABLE) ? stableEventsPerWindow
                            : eventsPerWindow)) {
                        events.add(event(model, version, time, shift));
                    }
                }
            }
            events.sort((a, b) -> Long.compare(a.getTimestamp(), b.getTimestamp()));
            disorder(events);
            for (PredictionEvent e : events) {
                expect(e);
                if (inferenceLogs == null) {
                    out.add(send(e.getModelId(), encode(e)));
                } else {
                    inferenceLogs.write(e).forEach(written -> out.add(send(bytes(e.getModelId()), written)));
                }
            }
        }
        return out;
    }

    /** Valid events of both models far behind the watermark once the given windows have closed. */
    List<ProducerRecord<byte[], byte[]>> late(int... windowIndexes) {
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        for (int w : windowIndexes) {
            for (String model : List.of(SHIFTING, STABLE)) {
                PredictionEvent e = event(model, t0 + w * window + window / 2, false);
                if (inferenceLogs == null) {
                    out.add(reject(bytes(model), encode(e), RejectReason.LATE));
                } else {
                    // Paired after a shuffle, the late prediction is dead-lettered by its request's position.
                    List<KserveLogs.Written> halves = inferenceLogs.write(e);
                    out.add(rejectByPosition(halves.get(0), RejectReason.LATE));
                    out.add(send(bytes(model), halves.get(1)));
                }
            }
        }
        return out;
    }

    /** One record for each way a producer can get an event wrong. */
    List<ProducerRecord<byte[], byte[]>> malformed(long at) {
        if (inferenceLogs != null) {
            PredictionEvent valid = event(SHIFTING, at, false);
            List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
            for (KserveLogs.Malformed m : inferenceLogs.malformed(at, valid)) {
                out.add(reject(null, m.record(), m.reason()));
            }
            List<KserveLogs.Written> mismatched = inferenceLogs.mismatchedPair(at, valid);
            out.add(send(null, mismatched.get(0)));
            out.add(rejectByPosition(mismatched.get(1), RejectReason.WRONG_TYPE));
            return out;
        }
        String noModel = "{\"event_id\":\"no-model-" + at + "\",\"timestamp\":" + at
                + ",\"model_version\":\"v1\",\"features\":{\"income\":1.0},\"prediction\":0.5}";
        PredictionEvent nan = event(SHIFTING, at, false);
        nan.getFeatures().put("income", Double.NaN);
        PredictionEvent ancient = event(STABLE, Instant.parse("1990-01-01T00:00:00Z").toEpochMilli(), false);
        return List.of(
                reject(null, bytes("{\"event_id\":\"broken-" + at + "\",\"timestamp\":"), RejectReason.UNDECODABLE),
                reject(bytes("no-model"), bytes(noModel), RejectReason.MISSING_FIELD),
                reject(bytes(SHIFTING), PredictionEncoder.avroSingleObject(nan), RejectReason.NON_FINITE_NUMBER),
                reject(bytes(STABLE), PredictionEncoder.json(ancient), RejectReason.IMPLAUSIBLE_TIMESTAMP));
    }

    Sample sample(String model, int windowIndex, String feature) {
        return samples.get(model + "/" + windowIndex + "/" + feature);
    }

    List<Rejected> rejected() {
        return Collections.unmodifiableList(rejected);
    }

    /** What a bounded source must read up to: every record sent so far. */
    long[] endOffsets() {
        return nextOffset.clone();
    }

    private PredictionEvent event(String model, long time, boolean shift) {
        return event(model, VERSION, time, shift);
    }

    private PredictionEvent event(String model, String version, long time, boolean shift) {
        Map<String, Object> features = new LinkedHashMap<>();
        features.put("income", 50_000 + 15_000 * random.nextGaussian() + (shift ? 4_500 : 0));
        features.put("age", (double) Math.max(18, Math.round(40 + 10 * random.nextGaussian() + (shift ? 3 : 0))));
        features.put("debt_ratio", 0.35 + 0.1 * random.nextGaussian());
        features.put("tenure_months", random.nextDouble() < 0.02 ? null : -36 * Math.log(1 - random.nextDouble()));
        features.put("num_accounts", (double) random.nextInt(10));
        features.put("region", pick(REGIONS, shift ? SHIFTED_REGION_SHARES : REGION_SHARES));
        features.put("channel", pick(CHANNELS, CHANNEL_SHARES));
        features.put("has_mortgage", random.nextDouble() < 0.3);
        return PredictionEvent.newBuilder()
                .setEventId(model + "-" + generated++)
                .setTimestamp(time)
                .setModelId(model)
                .setModelVersion(version)
                .setFeatures(features)
                .setPrediction(0.3 + 0.1 * random.nextGaussian() + (shift ? 0.03 : 0))
                .build();
    }

    private void expect(PredictionEvent e) {
        int w = (int) Math.floorDiv(e.getTimestamp() - t0, window);
        e.getFeatures().forEach((name, value) -> {
            Sample s = samples.computeIfAbsent(e.getModelId() + "/" + w + "/" + name, k -> new Sample());
            if (value == null) {
                s.missing++;
            } else if (value instanceof Double d) {
                s.numbers.add(d);
            } else {
                s.categories.add(value.toString()); // strings, and booleans as "true"/"false"
            }
        });
        samples.computeIfAbsent(e.getModelId() + "/" + w + "/prediction", k -> new Sample())
                .numbers.add((Double) e.getPrediction());
    }

    /**
     * Uniform times within the window, in order; the first at the window's start, so that the first
     * window is complete and becomes the warmup baseline.
     */
    private List<Long> times(long start, int events) {
        List<Long> times = new ArrayList<>(events);
        times.add(start);
        for (int i = 1; i < events; i++) {
            times.add(start + (long) (random.nextDouble() * window));
        }
        Collections.sort(times);
        return times;
    }

    /** Shuffles runs of 20 neighbours: out of order by tens of milliseconds, within the out-of-orderness. */
    private void disorder(List<PredictionEvent> events) {
        for (int i = 0; i < events.size(); i += 20) {
            Collections.shuffle(events.subList(i, Math.min(events.size(), i + 20)), random);
        }
    }

    private byte[] encode(PredictionEvent e) {
        return encoding.encode(e, sent);
    }

    private ProducerRecord<byte[], byte[]> send(String key, byte[] value) {
        int partition = sent++ % PARTITIONS;
        nextOffset[partition]++;
        return new ProducerRecord<>(topic, partition, bytes(key), value);
    }

    private ProducerRecord<byte[], byte[]> send(byte[] key, KserveLogs.Written written) {
        int partition = sent++ % PARTITIONS;
        nextOffset[partition]++;
        return new ProducerRecord<>(topic, partition, null, key, written.value(), written.headers());
    }

    /** A record the job must dead-letter for {@code reason}, sent where the next event would go. */
    ProducerRecord<byte[], byte[]> reject(byte[] key, byte[] value, RejectReason reason) {
        return reject(key, new KserveLogs.Written(value, List.of()), reason);
    }

    private ProducerRecord<byte[], byte[]> reject(byte[] key, KserveLogs.Written written, RejectReason reason) {
        int partition = sent++ % PARTITIONS;
        rejected.add(new Rejected(partition, nextOffset[partition]++, key, written.value(), reason));
        return new ProducerRecord<>(topic, partition, null, key, written.value(), written.headers());
    }

    /** A record the job must dead-letter for {@code reason} after a shuffle: by its position, without key or value. */
    private ProducerRecord<byte[], byte[]> rejectByPosition(KserveLogs.Written written, RejectReason reason) {
        int partition = sent++ % PARTITIONS;
        rejected.add(new Rejected(partition, nextOffset[partition]++, null, null, reason));
        return new ProducerRecord<>(topic, partition, null, null, written.value(), written.headers());
    }

    private String pick(String[] values, double[] shares) {
        double u = random.nextDouble();
        for (int i = 0; i < values.length - 1; i++) {
            u -= shares[i];
            if (u < 0) {
                return values[i];
            }
        }
        return values[values.length - 1];
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
