package io.plumbline.cli.demo;

import io.plumbline.monitor.pricing.ModelPrice;
import io.plumbline.monitor.pricing.PriceTable;
import io.plumbline.schemas.LlmCallEvent;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * One kind of call in the demo's LLM traffic: which service calls which model with which prompt, its
 * share of the calls, how long they take, how many tokens they use, how often they are refused,
 * filtered or judged, and what the incident, if it has one, changes. Immutable; built once per kind.
 */
final class LlmWorkload {

    private static final List<String> TENANTS = List.of("acme", "globex", "initech");
    private static final double[] TENANT_SHARES = {0.5, 0.3, 0.2};

    private final String service;
    private final String prompt;
    private final String operation;
    private final String provider;
    private final String requestModel;
    private final String responseModel;
    private final List<String> versions;
    private final double share;
    private final Lognormal latencySeconds;
    private final Lognormal ttftShare;
    private final Lognormal inputTokens;
    private final long cachedPrefixTokens;
    private final double cacheHitRate;
    private final Lognormal outputTokens;
    private final double reasoningShare;
    private final double senderUsdPerInputToken;
    private final double judgedRate;
    private final double refusalRate;
    private final double contentFilterRate;
    private final boolean tenanted;
    private final LlmIncident incident;

    private LlmWorkload(Builder b) {
        this.service = b.service;
        this.prompt = b.prompt;
        this.operation = b.operation;
        this.provider = b.provider;
        this.requestModel = b.requestModel;
        this.responseModel = b.responseModel;
        this.versions = b.versions;
        this.share = b.share;
        this.latencySeconds = b.latencySeconds;
        this.ttftShare = b.ttftShare;
        this.inputTokens = b.inputTokens;
        this.cachedPrefixTokens = b.cachedPrefixTokens;
        this.cacheHitRate = b.cacheHitRate;
        this.outputTokens = b.outputTokens;
        this.reasoningShare = b.reasoningShare;
        this.senderUsdPerInputToken = b.senderUsdPerInputToken;
        this.judgedRate = b.judgedRate;
        this.refusalRate = b.refusalRate;
        this.contentFilterRate = b.contentFilterRate;
        this.tenanted = b.tenanted;
        this.incident = b.incident;
    }

    /** A workload of {@code service} calling {@code operation}; {@code prompt} null for calls that name none. */
    static Builder builder(String service, String prompt, String operation) {
        return new Builder(service, prompt, operation);
    }

    String service() {
        return service;
    }

    String requestModel() {
        return requestModel;
    }

    List<String> versions() {
        return versions;
    }

    boolean tenanted() {
        return tenanted;
    }

    /** Whether the sender prices its calls itself ({@code cost.usd}). */
    boolean sendsCost() {
        return !Double.isNaN(senderUsdPerInputToken);
    }

    /** The price {@code prices} gives this workload's calls at {@code atMillis}, as the job looks it up. */
    Optional<ModelPrice> lookupPrice(PriceTable prices, long atMillis) {
        return prices.lookup(provider, responseModel, requestModel, atMillis);
    }

    double share() {
        return share;
    }

    LlmIncident incident() {
        return incident;
    }

    /** "service/prompt" (or "service/operation" when it names no prompt), as the demo's header names keys. */
    String name() {
        return service + "/" + (prompt != null ? prompt : operation);
    }

    /** One line for the demo's header. */
    String description() {
        return String.format(Locale.ROOT, "%-24s %-16s %-6s %-34s %3.0f%% of calls, median latency %.2f s%s%s%s",
                name(), operation, (versions.isEmpty() ? "-" : String.join("/", versions))
                        + (incident.release() ? ">" + incident.version() : ""),
                provider + " " + requestModel, share * 100, latencySeconds.median(),
                ttftShare != null ? ", streamed" : "",
                judgedRate > 0 ? ", " + Math.round(judgedRate * 100) + "% judged" : "",
                sendsCost() ? ", cost.usd sent" : "");
    }

    /** The key and model fields every call of this workload carries, failed ones included. */
    LlmCallEvent.Builder route(LlmCallEvent.Builder call, String version) {
        return call.setServiceName(service)
                .setGenAiOperationName(operation)
                .setGenAiProviderName(provider)
                .setGenAiRequestModel(requestModel)
                .setGenAiResponseModel(responseModel)
                .setGenAiPromptName(prompt)
                .setPromptVersion(version);
    }

    /** @param shiftStarted whether the call comes after the shift's start, when a release replaces the versions */
    String drawVersion(RandomGenerator rng, boolean shiftStarted) {
        if (incident.release() && shiftStarted) {
            return incident.version();
        }
        return versions.isEmpty() ? null : versions.get(rng.nextInt(versions.size()));
    }

    /** The share of the calls that fail: the workload's {@code usual}, or the incident's rate limiting. */
    double errorRate(boolean affected, double usual) {
        return affected ? orUsual(incident.rateLimitedRate(), usual) : usual;
    }

    String drawTenant(RandomGenerator rng) {
        return tenanted ? SyntheticModel.pick(rng, TENANTS, TENANT_SHARES) : null;
    }

    /**
     * Fills a successful call's usage and outcome into {@code call} and returns its latency in seconds.
     *
     * @param affected whether the incident affects the call
     */
    double drawSuccess(RandomGenerator rng, boolean affected, LlmCallEvent.Builder call) {
        double tokenFactor = affected ? incident.tokenFactor() : 1;
        double latency = latencySeconds.draw(rng) * (affected ? incident.latencyFactor() : 1);

        long input = inputTokens.drawCount(rng, tokenFactor);
        call.setGenAiUsageInputTokens(input);
        // A provider's cache serves only a prompt's fixed prefix, and only once the prompt is longer than it.
        if (cachedPrefixTokens > 0 && input > cachedPrefixTokens && rng.nextDouble() < cacheHitRate) {
            call.setGenAiUsageCacheReadInputTokens(cachedPrefixTokens);
        }
        if (sendsCost()) {
            call.setCostUsd(input * senderUsdPerInputToken);
        }
        if (outputTokens != null) {
            drawOutput(rng, affected, call);
        }
        if (ttftShare != null) {
            call.setGenAiResponseTimeToFirstChunk(latency * SyntheticModel.clamp(ttftShare.draw(rng), 0.02, 0.9));
        }
        if (rng.nextDouble() < judgedRate) {
            // An LLM judge's score: most answers good, a tail of poor ones; judges report two decimals.
            double logit = 1.6 + (affected ? incident.evalScoreShift() : 0) + 0.8 * rng.nextGaussian();
            call.setEvalScore(Math.round(100 * SyntheticModel.logistic(logit)) / 100.0);
        }
        return latency;
    }

    /** Marks {@code call} failed: no usage, and a sender that prices its calls reports it at 0. */
    void fail(String errorType, LlmCallEvent.Builder call) {
        call.setErrorType(errorType);
        if (sendsCost()) {
            call.setCostUsd(0.0);
        }
    }

    private void drawOutput(RandomGenerator rng, boolean affected, LlmCallEvent.Builder call) {
        long output = outputTokens.drawCount(rng, affected ? incident.tokenFactor() : 1);
        double refused = affected ? orUsual(incident.refusalRate(), refusalRate) : refusalRate;
        double filtered = affected ? orUsual(incident.contentFilterRate(), contentFilterRate) : contentFilterRate;
        String finish = "stop";
        double outcome = rng.nextDouble();
        if (outcome < refused) {
            // A refusal is a short polite answer, with no thinking spent on it.
            call.setRefusal(true);
            output = Math.max(1, Math.round(output * 0.1));
        } else if (outcome < refused + filtered) {
            // The filter cuts the response off part way.
            finish = "content_filter";
            output = Math.max(1, Math.round(output * rng.nextDouble() * 0.5));
        } else if (reasoningShare > 0) {
            long reasoning = Math.round(output * reasoningShare * (0.5 + rng.nextDouble()));
            call.setGenAiUsageReasoningOutputTokens(Math.min(reasoning, output));
        }
        call.setGenAiUsageOutputTokens(output).setGenAiResponseFinishReasons(List.of(finish));
    }

    private static double orUsual(double incidentRate, double usual) {
        return Double.isNaN(incidentRate) ? usual : incidentRate;
    }

    /** Sets up a workload; {@link #build()} checks that it can be drawn from. */
    static final class Builder {

        private final String service;
        private final String prompt;
        private final String operation;
        private String provider;
        private String requestModel;
        private String responseModel;
        private List<String> versions = List.of();
        private double share;
        private Lognormal latencySeconds;
        private Lognormal ttftShare;
        private Lognormal inputTokens;
        private long cachedPrefixTokens;
        private double cacheHitRate;
        private Lognormal outputTokens;
        private double reasoningShare;
        private double senderUsdPerInputToken = Double.NaN;
        private double judgedRate;
        private double refusalRate;
        private double contentFilterRate;
        private boolean tenanted;
        private LlmIncident incident = LlmIncident.NONE;

        private Builder(String service, String prompt, String operation) {
            this.service = Objects.requireNonNull(service, "service");
            this.prompt = prompt;
            this.operation = Objects.requireNonNull(operation, "operation");
        }

        Builder model(String provider, String requestModel, String responseModel) {
            this.provider = provider;
            this.requestModel = requestModel;
            this.responseModel = responseModel;
            return this;
        }

        /** Prompt versions served side by side, each to an equal share of the calls. */
        Builder versions(String... versions) {
            this.versions = List.of(versions);
            return this;
        }

        Builder share(double share) {
            this.share = share;
            return this;
        }

        Builder latency(double medianSeconds, double sigma) {
            this.latencySeconds = new Lognormal(medianSeconds, sigma);
            return this;
        }

        /** Streamed calls: the first chunk arrives after this share of the call's latency. */
        Builder streamed(double medianShare, double sigma) {
            this.ttftShare = new Lognormal(medianShare, sigma);
            return this;
        }

        Builder input(double medianTokens, double sigma) {
            this.inputTokens = new Lognormal(medianTokens, sigma);
            return this;
        }

        /** A fixed prompt prefix of {@code tokens} read from the provider's cache on {@code hitRate} of the calls. */
        Builder cacheReads(long tokens, double hitRate) {
            this.cachedPrefixTokens = tokens;
            this.cacheHitRate = hitRate;
            return this;
        }

        Builder output(double medianTokens, double sigma) {
            this.outputTokens = new Lognormal(medianTokens, sigma);
            return this;
        }

        /** The mean share of the output tokens spent reasoning. */
        Builder reasoning(double share) {
            this.reasoningShare = share;
            return this;
        }

        /** The sender prices its calls itself at this rate per input token and sends {@code cost.usd}. */
        Builder senderPricePerMillionInputTokens(double usd) {
            this.senderUsdPerInputToken = usd / 1e6;
            return this;
        }

        Builder judged(double rate) {
            this.judgedRate = rate;
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

        /** Calls carry the tenant they were made for. */
        Builder tenanted() {
            this.tenanted = true;
            return this;
        }

        Builder incident(LlmIncident.Builder incident) {
            this.incident = incident.build();
            return this;
        }

        LlmWorkload build() {
            String name = service + "/" + (prompt != null ? prompt : operation);
            if (provider == null || requestModel == null || responseModel == null) {
                throw new IllegalStateException(name + ": model(provider, requestModel, responseModel) is required");
            }
            if (latencySeconds == null || inputTokens == null) {
                throw new IllegalStateException(name + ": latency(...) and input(...) are required");
            }
            if (!(share > 0 && share <= 1)) {
                throw new IllegalStateException(name + ": share must be in (0, 1], was " + share);
            }
            for (double rate : new double[] {cacheHitRate, reasoningShare, judgedRate, refusalRate, contentFilterRate}) {
                requireRate(name, rate);
            }
            if (refusalRate + contentFilterRate > 1) {
                throw new IllegalStateException(name + ": refusals and content filter together exceed every call");
            }
            if (incident.release() && versions.contains(incident.version())) {
                throw new IllegalStateException(name + ": the release's version " + incident.version()
                        + " is already served");
            }
            if (!incident.release() && incident.version() != null && !versions.contains(incident.version())) {
                throw new IllegalStateException(name + ": the incident's version " + incident.version()
                        + " is not among the versions served, " + versions);
            }
            return new LlmWorkload(this);
        }

        private static void requireRate(String name, double value) {
            if (!(value >= 0 && value <= 1)) {
                throw new IllegalStateException(name + ": rates and shares must be in [0, 1], was " + value);
            }
        }
    }
}
