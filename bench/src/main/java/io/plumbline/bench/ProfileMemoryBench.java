package io.plumbline.bench;

import io.plumbline.detectors.format.ProfileFormat;
import io.plumbline.detectors.sketch.ModelProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Bytes per (model, feature, window): live heap of open window profiles, and the serialised size
 * closed windows and baselines are kept at. Heap is measured as the used-heap difference after
 * full GCs around holding many profiles, so it includes every object a sketch really keeps.
 *
 * <p>Run: {@code bench/run-memory.sh}
 */
public final class ProfileMemoryBench {

    private static final int FEATURES = 20;
    private static final int PROFILES = 200;

    public static void main(String[] args) {
        System.out.println("| events per window | kind | heap bytes per open (model, feature, window) "
                + "| serialised bytes per closed (model, feature, window) |");
        System.out.println("|---:|---|---:|---:|");
        for (int events : new int[] {100, 1_000, 5_000, 50_000}) {
            row(events, true);
            row(events, false);
        }
    }

    private static void row(int events, boolean numeric) {
        SplittableRandom random = new SplittableRandom(42);
        long before = UsedHeap.afterFullGc();
        List<ModelProfile> held = new ArrayList<>(PROFILES);
        for (int p = 0; p < PROFILES; p++) {
            held.add(profile(random, events, numeric));
        }
        long heap = UsedHeap.afterFullGc() - before;
        long serialised = 0;
        for (ModelProfile profile : held) {
            serialised += ProfileFormat.write(profile).length;
        }
        double pairs = (double) PROFILES * FEATURES;
        System.out.printf(Locale.ROOT, "| %,d | %s | %,.0f | %,.0f |%n", events, numeric ? "numeric" : "categorical",
                heap / pairs, serialised / pairs);
        held.clear();
    }

    private static ModelProfile profile(SplittableRandom random, int events, boolean numeric) {
        ModelProfile profile = new ModelProfile();
        for (int e = 0; e < events; e++) {
            profile.countEvent();
            for (int f = 0; f < FEATURES; f++) {
                String name = "f" + f;
                if (numeric) {
                    profile.numericFeature(name).add(random.nextGaussian(0, 1));
                } else {
                    profile.categoricalFeature(name).add("c" + random.nextInt(20));
                }
            }
        }
        return profile;
    }
}
