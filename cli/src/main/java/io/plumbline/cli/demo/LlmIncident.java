package io.plumbline.cli.demo;

import java.util.List;
import java.util.Objects;

/**
 * What goes wrong with one demo workload, and for which calls. An outage runs during the schedule's
 * shift windows, on the calls of one prompt version or, when {@code version} is null, on all of them. A
 * release starts with the shift and never ends: from then on every call is of the new {@code version},
 * and it behaves as this incident says, so the job sees a regression present from the release's first call.
 *
 * <p>The changes: latency (time to first chunk included) and token counts as factors; the rates of
 * failures (rate limits, {@code 429}), refusals and content-filtered answers in place of the workload's
 * own (NaN leaves them); the eval scores' shift on the judge's logit scale (0 leaves them). It also says
 * which alerts it should raise, for the demo's header.
 */
record LlmIncident(String version, boolean release, double latencyFactor, double tokenFactor, double rateLimitedRate,
                   double refusalRate, double contentFilterRate, double evalScoreShift, String description,
                   List<String> expectedAlerts) {

    static final LlmIncident NONE =
            new LlmIncident(null, false, 1, 1, Double.NaN, Double.NaN, Double.NaN, 0, null, List.of());

    LlmIncident {
        if (release && version == null) {
            throw new IllegalArgumentException("a release needs the version it releases");
        }
    }

    /** During the shift windows, on the calls of {@code version}, or of every version when it is null. */
    static Builder outage(String version, String description) {
        return new Builder(version, false, description);
    }

    /** From the shift's start on, every call is of the new prompt {@code version}. */
    static Builder release(String version, String description) {
        return new Builder(Objects.requireNonNull(version, "version"), true, description);
    }

    /** Whether a call of {@code callVersion} is affected, {@code shiftOn} telling whether its time is in the shift. */
    boolean affects(String callVersion, boolean shiftOn) {
        if (this == NONE) {
            return false;
        }
        if (release) {
            return version.equals(callVersion);
        }
        return shiftOn && (version == null || version.equals(callVersion));
    }

    /** Sets up what the incident changes; whatever it is not told stays as the workload has it. */
    static final class Builder {

        private final String version;
        private final boolean release;
        private final String description;
        private double latencyFactor = 1;
        private double tokenFactor = 1;
        private double rateLimitedRate = Double.NaN;
        private double refusalRate = Double.NaN;
        private double contentFilterRate = Double.NaN;
        private double evalScoreShift;
        private List<String> expectedAlerts = List.of();

        private Builder(String version, boolean release, String description) {
            this.version = version;
            this.release = release;
            this.description = Objects.requireNonNull(description, "description");
        }

        Builder latency(double factor) {
            this.latencyFactor = factor;
            return this;
        }

        Builder tokens(double factor) {
            this.tokenFactor = factor;
            return this;
        }

        /** This share of the calls fails at once with a rate limit. */
        Builder rateLimited(double rate) {
            this.rateLimitedRate = rate;
            return this;
        }

        Builder refusals(double rate) {
            this.refusalRate = rate;
            return this;
        }

        Builder contentFilter(double rate) {
            this.contentFilterRate = rate;
            return this;
        }

        /** Shifts the judge's scores on its logit scale: -1 turns a typical 0.83 into 0.65. */
        Builder evalScores(double shift) {
            this.evalScoreShift = shift;
            return this;
        }

        /** The alerts the incident should raise, by alert name. */
        Builder expect(String... alertNames) {
            this.expectedAlerts = List.of(alertNames);
            return this;
        }

        LlmIncident build() {
            return new LlmIncident(version, release, latencyFactor, tokenFactor, rateLimitedRate, refusalRate,
                    contentFilterRate, evalScoreShift, description, expectedAlerts);
        }
    }
}
