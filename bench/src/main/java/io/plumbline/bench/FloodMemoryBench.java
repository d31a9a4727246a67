package io.plumbline.bench;

import io.plumbline.detectors.sketch.CategoricalSketch;
import io.plumbline.detectors.sketch.FeatureTypes;
import io.plumbline.detectors.sketch.ModelProfile;
import io.plumbline.monitor.drift.ProfileRecorder;
import io.plumbline.schemas.event.PredictionRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * What a flood of new model versions costs the drift stage's heap: each flooded version holds the open
 * pane and the feature types its one event created. Measured as the used-heap difference after full GCs
 * around holding many such versions, as the drift stage would, and multiplied out to the default
 * {@code limits.max-models} of 1 000.
 *
 * <p>Run: {@code bench/run-memory.sh}
 */
public final class FloodMemoryBench {

    private static final int VERSIONS = 2_000;
    private static final int DEFAULT_MAX_MODELS = 1_000;

    public static void main(String[] args) {
        System.out.println("| features per event | heap bytes per flooded model version "
                + "| heap at limits.max-models 1 000 | heap of 25 000 versions without a limit |");
        System.out.println("|---:|---:|---:|---:|");
        for (int features : new int[] {20, 200}) {
            row(features);
        }
    }

    private static void row(int features) {
        SplittableRandom random = new SplittableRandom(42);
        long before = UsedHeap.afterFullGc();
        List<Object[]> held = new ArrayList<>(VERSIONS);
        for (int v = 0; v < VERSIONS; v++) {
            PredictionRecord event = new PredictionRecord().reset("e-" + v, 1_764_000_000_000L, "flood-" + v, "v1");
            for (int f = 0; f < features; f++) {
                event.addNumber("f" + f, random.nextGaussian());
            }
            event.predictionNumber(random.nextDouble());
            ModelProfile pane = new ModelProfile();
            FeatureTypes types = new FeatureTypes();
            new ProfileRecorder(CategoricalSketch.DEFAULT_MAX_DISTINCT).record(event, pane, types);
            held.add(new Object[] {pane, types});
        }
        double perVersion = (double) (UsedHeap.afterFullGc() - before) / held.size();
        System.out.printf(Locale.ROOT, "| %d | %,.0f | %,.0f MiB | %,.0f MiB |%n", features, perVersion,
                perVersion * DEFAULT_MAX_MODELS / (1 << 20), perVersion * 25_000 / (1 << 20));
        held.clear();
    }
}
