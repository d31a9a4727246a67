package io.plumbline.cli.demo;

import io.plumbline.monitor.pricing.PriceTable;
import io.plumbline.schemas.LlmCallEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.ToDoubleFunction;

/**
 * The demo's LLM traffic, in event-time order: two services calling six models, with two versions of
 * one prompt served side by side. During the schedule's shift windows an incident runs on every key
 * but one, each its own kind, so that every LLM rule has something to catch: {@code support-bot/answer}
 * v8 becomes 3.2 times slower while v7 beside it does not; {@code search-api/rerank} costs three times
 * as much per call on the same model, because its retriever sends three times as many candidates;
 * {@code support-bot/triage} is hit by a prompt-injection campaign its provider's content filter cuts
 * off; the provider rate-limits {@code search-api}'s embeddings; and {@code support-bot/summarize}
 * releases a prompt version that refuses and scores worse from its first call. The controls that must
 * stay quiet: v7, {@code search-api/autocomplete} (but for the warning for the one model no built-in
 * price covers), and every key outside the shift.
 *
 * <p>A call's event time is its end, evenly spaced at the given rate; records are keyed by service,
 * written in a {@link TrafficFormat} (JSON or Avro single-object at random unless told), with one in
 * {@link #MALFORMED_EVERY} broken on purpose
 * (cycling through the {@link LlmCallDefect}s). The same seed, schedule and rate give the same records.
 */
public final class LlmCallGenerator implements TrafficSource {

    /** Calls per second of event time the demo sends unless told otherwise. */
    public static final int DEFAULT_CALLS_PER_SECOND = 300;
    /** One record in this many is malformed. */
    public static final int MALFORMED_EVERY = 2_500;
    /** Share of calls that fail, with one of the {@link #FAILURES}' types. */
    static final double ERROR_RATE = 0.01;
    /** Share of records sent as Avro single-object encoding; the rest are JSON. */

    /** How calls fail and how long they take to: a rate limit answers at once, a timeout after the client's 30 s. */
    private record Failure(String type, double weight, Lognormal latencySeconds) {}

    private static final Failure RATE_LIMITED = new Failure("429", 0.5, new Lognormal(0.08, 0.3));
    private static final List<Failure> FAILURES = List.of(
            RATE_LIMITED,
            new Failure("500", 0.3, new Lognormal(0.9, 0.5)),
            new Failure("timeout", 0.2, new Lognormal(30, 0.005)));

    static final List<LlmWorkload> WORKLOADS = List.of(
            LlmWorkload.builder("support-bot", "triage", "chat")
                    .model("openai", "gpt-4o-mini", "gpt-4o-mini-2024-07-18").versions("v3").share(0.22)
                    .latency(0.55, 0.35)
                    .input(1_300, 0.25).cacheReads(1_024, 0.6).output(25, 0.3)
                    .contentFilter(0.003).tenanted()
                    .incident(LlmIncident.outage(null, "a prompt-injection campaign: the provider's content filter cuts"
                            + " off 20% of the answers (0.3% before), so answers are shorter and slower to come")
                            .contentFilter(0.2).expect("llm_content_filter_rate_spike", "llm_output_tokens_drift",
                                    "llm_output_tokens_per_second_drift"))
                    .build(),
            LlmWorkload.builder("support-bot", "answer", "chat")
                    .model("anthropic", "claude-sonnet-4-5", "claude-sonnet-4-5-20250929").versions("v7", "v8").share(0.3)
                    .latency(4.8, 0.4).streamed(0.18, 0.3)
                    .input(3_200, 0.3).cacheReads(2_048, 0.85).output(380, 0.45).reasoning(0.3)
                    .judged(0.2).refusals(0.01).tenanted()
                    .incident(LlmIncident.outage("v8", "latency ×3.2, time to first chunk included, with the same"
                            + " tokens; v7, served beside it, unchanged").latency(3.2)
                            .expect("llm_latency_p95", "llm_latency_p99", "llm_latency_drift",
                                    "llm_output_tokens_per_second_drift"))
                    .build(),
            LlmWorkload.builder("support-bot", "summarize", "chat")
                    .model("openai", "gpt-4.1-mini", "gpt-4.1-mini-2025-04-14").versions("v4").share(0.13)
                    .latency(1.6, 0.3)
                    .input(2_400, 0.4).output(160, 0.35)
                    .judged(0.5).refusals(0.01).tenanted()
                    .incident(LlmIncident.release("v5", "released when the incidents start and kept: its stricter"
                            + " system prompt refuses 25% of the requests (1% before) and the judge scores its answers"
                            + " lower; compared with v4 until it has its own baseline, from its third window")
                            .refusals(0.25).evalScores(-1).expect("llm_version_change", "llm_refusal_rate_spike",
                                    "llm_eval_score_drift", "llm_output_tokens_drift",
                                    "llm_output_tokens_per_second_drift"))
                    .build(),
            LlmWorkload.builder("search-api", "rerank", "chat")
                    .model("gcp.gemini", "gemini-2.0-flash", "gemini-2.0-flash-001").versions("v2").share(0.17)
                    .latency(0.9, 0.3)
                    .input(4_000, 0.2).output(120, 0.2)
                    .incident(LlmIncident.outage(null, "the retriever sends 60 candidates instead of 20: input and"
                            + " output tokens ×3, so the mean cost per call ×3 on the same model; latency unchanged")
                            .tokens(3).expect("llm_cost_spike", "llm_output_tokens_drift",
                                    "llm_output_tokens_per_second_drift"))
                    .build(),
            LlmWorkload.builder("search-api", "autocomplete", "text_completion")
                    .model("openai", "gpt-3.5-turbo-instruct", "gpt-3.5-turbo-instruct").versions("v1").share(0.05)
                    .latency(0.35, 0.3)
                    .input(45, 0.3).output(12, 0.4)
                    .build(),
            LlmWorkload.builder("search-api", null, "embeddings")
                    .model("openai", "text-embedding-3-small", "text-embedding-3-small").share(0.13)
                    .latency(0.15, 0.3)
                    .input(40, 0.4).senderPricePerMillionInputTokens(0.02)
                    .incident(LlmIncident.outage(null, "the provider rate-limits the embeddings: 15% of the calls"
                            + " fail with 429 (1% of all calls fail before, for any reason)").rateLimited(0.15).expect("llm_error_rate"))
                    .build());

    private final SplittableRandom rng;
    private final TrafficSchedule schedule;
    private final int callsPerSecond;
    private TrafficFormat format = TrafficFormat.MIXED;
    private int schemaId;
    private long records;

    public LlmCallGenerator(long seed, TrafficSchedule schedule, int callsPerSecond) {
        if (callsPerSecond < 1) {
            throw new IllegalArgumentException("calls per second must be at least 1, was " + callsPerSecond);
        }
        this.rng = new SplittableRandom(seed);
        this.schedule = schedule;
        this.callsPerSecond = callsPerSecond;
    }

    /**
     * Writes the calls in {@code format} instead of {@link TrafficFormat#MIXED}; {@code schemaId} is the id under
     * which the call schema is registered, for {@link TrafficFormat#CONFLUENT_AVRO}.
     */
    public LlmCallGenerator writtenAs(TrafficFormat format, int schemaId) {
        this.format = format;
        this.schemaId = schemaId;
        return this;
    }

    @Override
    public long nextTimestamp() {
        return schedule.eventStart() + records * 1_000 / callsPerSecond;
    }

    @Override
    public GeneratedRecord next() {
        long timestamp = nextTimestamp();
        records++;
        LlmWorkload workload = pick(WORKLOADS, LlmWorkload::share);
        LlmCallEvent call = draw(workload, timestamp);
        byte[] key = workload.service().getBytes(StandardCharsets.UTF_8);
        if (records % MALFORMED_EVERY == 0) {
            LlmCallDefect[] defects = LlmCallDefect.values();
            LlmCallDefect defect = defects[(int) ((records / MALFORMED_EVERY - 1) % defects.length)];
            return new GeneratedRecord(key, timestamp, defect.apply(call, format, schemaId), true);
        }
        return new GeneratedRecord(key, timestamp, format.write(call, rng, schemaId), false);
    }

    /** The keys, models and mix of the traffic, one line each, then what every key shares, for the demo's header. */
    public List<String> describeTraffic() {
        List<String> lines = new ArrayList<>();
        WORKLOADS.forEach(w -> lines.add(w.description()));
        lines.add(String.format(Locale.ROOT, "%d calls per second of event time; %.0f%% fail (%s); calls of %s carry a tenant",
                callsPerSecond, ERROR_RATE * 100, String.join(", ", FAILURES.stream().map(Failure::type).toList()),
                String.join(", ", WORKLOADS.stream().filter(LlmWorkload::tenanted).map(LlmWorkload::service).distinct().toList())));
        PriceTable prices = PriceTable.defaults();
        for (String model : unpricedModels(prices, schedule.eventStart())) {
            lines.add(model + " is in no built-in price: its calls are unpriced (expect a warning that stays firing)");
        }
        return lines;
    }

    /** What changes during the schedule's shift windows, one line per affected key. */
    public List<String> describeIncidents() {
        return WORKLOADS.stream()
                .filter(w -> w.incident() != LlmIncident.NONE)
                .map(w -> w.name() + (w.incident().version() != null ? " " + w.incident().version() : "")
                        + ": " + w.incident().description() + "; expect " + String.join(", ", w.incident().expectedAlerts()))
                .toList();
    }

    /** What no incident touches, and must stay quiet: keys without one, and versions served beside an affected one. */
    public List<String> describeControls() {
        List<String> controls = new ArrayList<>();
        for (LlmWorkload w : WORKLOADS) {
            LlmIncident incident = w.incident();
            if (incident == LlmIncident.NONE) {
                controls.add(w.name());
            } else if (!incident.release() && incident.version() != null) {
                w.versions().stream().filter(v -> !v.equals(incident.version()))
                        .forEach(v -> controls.add(w.name() + " " + v + " (served beside " + incident.version() + ")"));
            }
        }
        return controls;
    }

    /** The models whose calls carry no {@code cost.usd} and that {@code prices} cannot price at {@code atMillis}. */
    static List<String> unpricedModels(PriceTable prices, long atMillis) {
        return WORKLOADS.stream()
                .filter(w -> !w.sendsCost())
                .filter(w -> w.lookupPrice(prices, atMillis).isEmpty())
                .map(LlmWorkload::requestModel)
                .toList();
    }

    private LlmCallEvent draw(LlmWorkload workload, long endMillis) {
        String version = workload.drawVersion(rng, schedule.shiftStarted(endMillis));
        boolean affected = workload.incident().affects(version, schedule.shifted(endMillis));
        LlmCallEvent.Builder call = workload.route(LlmCallEvent.newBuilder(), version)
                .setEventId(new UUID(rng.nextLong(), rng.nextLong()).toString())
                .setTenant(workload.drawTenant(rng));
        double latency;
        double errorRate = workload.errorRate(affected, ERROR_RATE);
        if (rng.nextDouble() < errorRate) {
            Failure failure = errorRate != ERROR_RATE ? RATE_LIMITED : pick(FAILURES, Failure::weight);
            workload.fail(failure.type(), call);
            latency = failure.latencySeconds().draw(rng);
        } else {
            latency = workload.drawSuccess(rng, affected, call);
        }
        long end = endMillis * 1_000_000 + rng.nextLong(1_000_000);
        return call.setEndTimeUnixNano(end).setStartTimeUnixNano(end - Math.round(latency * 1e9)).build();
    }

    /** One of {@code items} at random, each as likely as its weight; the weights add up to 1. */
    private <T> T pick(List<T> items, ToDoubleFunction<T> weight) {
        double u = rng.nextDouble();
        for (T item : items) {
            u -= weight.applyAsDouble(item);
            if (u < 0) {
                return item;
            }
        }
        return items.get(items.size() - 1);
    }
}
