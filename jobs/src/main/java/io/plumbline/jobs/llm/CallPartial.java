package io.plumbline.jobs.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.plumbline.detectors.llm.RouteProfile;
import io.plumbline.jobs.window.SourcePositions;

/**
 * The calls of one route (service, prompt, operation) and window that a {@link CallPartials} folded before
 * the shuffle: their {@link RouteProfile}, where each came from, and the tenants' spends among them, which
 * the LLM stage sends on to the tenant budgets once it has taken the partial.
 */
public final class CallPartial {

    private final String key;
    private final long windowStart;
    private final RouteProfile profile;
    private final SourcePositions positions;
    private final List<Spend> spends;

    public CallPartial(String key, long windowStart, RouteProfile profile) {
        this(key, windowStart, profile, new SourcePositions(16), new ArrayList<>());
    }

    /** A partial of these parts, adopting them, as a serializer reads it back. */
    public CallPartial(String key, long windowStart, RouteProfile profile, SourcePositions positions,
                       List<Spend> spends) {
        this.key = Objects.requireNonNull(key, "key");
        this.windowStart = windowStart;
        this.profile = Objects.requireNonNull(profile, "profile");
        this.positions = Objects.requireNonNull(positions, "positions");
        this.spends = Objects.requireNonNull(spends, "spends");
    }

    public String key() {
        return key;
    }

    public long windowStart() {
        return windowStart;
    }

    public RouteProfile profile() {
        return profile;
    }

    public SourcePositions positions() {
        return positions;
    }

    /** The tenants' spends of the calls, in their order; modifiable only by whoever builds the partial. */
    public List<Spend> spends() {
        return spends;
    }

    public int calls() {
        return positions.size();
    }
}
