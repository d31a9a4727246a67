package io.plumbline.jobs.drift;

import java.util.Objects;

import io.plumbline.detectors.sketch.ModelProfile;

/**
 * The profile every later window of a (model, version) is compared with, and the window it was
 * learnt from. Never changed once set: the profile is not updated in place.
 */
public record Baseline(ModelProfile profile, long windowStart, long windowEnd) {

    public Baseline {
        Objects.requireNonNull(profile, "profile");
    }
}
