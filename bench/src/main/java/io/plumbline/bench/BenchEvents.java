package io.plumbline.bench;

import io.plumbline.schemas.PredictionEvent;
import io.plumbline.schemas.codec.PredictionEncoder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The benchmarks' traffic: 20-feature prediction events (15 numeric, 5 categorical) for a few
 * models, event time advancing so that the models together fill {@code eventsPerWindow} times their
 * number per 10 s window. The models take turns, or one hot model takes a share of the events and the
 * others take turns at the rest. Deterministic for a seed, so every mode reads the same bytes.
 */
final class BenchEvents {

    static final int NUMERIC_FEATURES = 15;
    static final int CATEGORICAL_FEATURES = 5;
    static final long WINDOW_MILLIS = 10_000;
    private static final String[] PLANS = {"free", "basic", "pro", "team", "enterprise"};
    private static final String[] REGIONS = {"eu-west", "eu-north", "us-east", "us-west", "ap-south", "ap-east"};

    private final SplittableRandom random;
    private final int models;
    private final double hotShare;
    private final long startMillis;
    private final double millisPerEvent;
    private long sequence;

    BenchEvents(long seed, int models, int eventsPerWindowPerModel, long startMillis) {
        this(seed, models, 0, eventsPerWindowPerModel, startMillis);
    }

    /** @param hotShare the share of the events that model-0 has, the rest going round the others; 0 for none */
    BenchEvents(long seed, int models, double hotShare, int eventsPerWindowPerModel, long startMillis) {
        if (hotShare < 0 || hotShare >= 1 || (hotShare > 0 && models < 2)) {
            throw new IllegalArgumentException("a hot share in [0, 1) needs another model, got " + hotShare
                    + " of " + models);
        }
        this.random = new SplittableRandom(seed);
        this.models = models;
        this.hotShare = hotShare;
        this.startMillis = startMillis;
        this.millisPerEvent = (double) WINDOW_MILLIS / (eventsPerWindowPerModel * (long) models);
    }

    /** The next event, JSON-encoded as producers send it. */
    byte[] next() {
        return next(startMillis + (long) (sequence * millisPerEvent), 0);
    }

    /** The next event at the given time, every numeric feature moved by {@code shift}: live, drifting traffic. */
    byte[] next(long timestampMillis, double shift) {
        return PredictionEncoder.json(nextEvent(timestampMillis, shift));
    }

    /** The next event, not yet encoded. */
    PredictionEvent nextEvent() {
        return nextEvent(startMillis + (long) (sequence * millisPerEvent), 0);
    }

    private PredictionEvent nextEvent(long timestampMillis, double shift) {
        long n = sequence++;
        Map<String, Object> features = new LinkedHashMap<>();
        for (int f = 0; f < NUMERIC_FEATURES; f++) {
            double v = switch (f % 3) {
                case 0 -> 50 + 10 * random.nextGaussian(0, 1);
                case 1 -> Math.exp(random.nextGaussian(0, 1));
                default -> random.nextInt(0, 100);
            };
            features.put("num_" + f, v + shift);
        }
        for (int f = 0; f < CATEGORICAL_FEATURES; f++) {
            features.put("cat_" + f, switch (f % 3) {
                case 0 -> PLANS[random.nextInt(PLANS.length)];
                case 1 -> REGIONS[random.nextInt(REGIONS.length)];
                default -> random.nextBoolean();
            });
        }
        return PredictionEvent.newBuilder()
                .setEventId("e-" + n)
                .setTimestamp(timestampMillis)
                .setModelId("model-" + model(n))
                .setModelVersion("v1")
                .setFeatures(features)
                .setPrediction(random.nextDouble())
                .build();
    }

    private long model(long n) {
        if (hotShare == 0) {
            return n % models;
        }
        return random.nextDouble() < hotShare ? 0 : 1 + n % (models - 1);
    }
}
