package io.plumbline.cli.demo;

import io.plumbline.jobs.llm.pricing.PriceTable;
import io.plumbline.schemas.LlmCallEvent;
import io.plumbline.schemas.codec.LlmCallEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.ToDoubleFunction;

/**
 * The demo's LLM traffic, in event-time order: two services calling five models, with two versions
 * of one prompt served side by side. During the schedule's shift windows two incidents run at once,
 * each on its own key: {@code support-bot/answer} v8 becomes 2.5 times slower while v7 beside it does
 * not, and {@code search-api/rerank} costs three times as much per call on the same model, because its
 * retriever sends three times as many candidates. Every other key is the control that must stay
 * quiet, apart from the warning for the one model that no built-in price covers.
 *
 * <p>A call's event time is its end, evenly spaced at the given rate; records are keyed by service,
 * JSON or Avro single-object encoded at random, with one in {@link #MALFORMED_EVERY} broken on purpose
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
    static final double AVRO_SHARE = 0.3;

    /** How calls fail and how long they take to: a rate limit answers at once, a timeout after the client's 30 s. */
    private record Failure(String type, double weight, Lognormal latencySeconds) {}

    private static final List<Failure> FAILURES = List.of(
            new Failure("429", 0.5, new Lognormal(0.08, 0.3)),
            new Failure("500", 0.3, new Lognormal(0.9, 0.5)),
            new Failure("timeout", 0.2, new Lognormal(30, 0.005)));

    static final List<LlmWorkload> WORKLOADS = List.of(
            LlmWorkload.builder("support-bot", "triage", "chat")
                    .model("openai", "gpt-4o-mini", "gpt-4o-mini-2024-07-18").versions("v3").share(0.25)
                    .latency(0.55, 0.35)
                    .input(1_300, 0.25).cacheReads(1_024, 0.6).output(25, 0.3)
                    .contentFilter(0.003).tenanted()
                    .build(),
            LlmWorkload.builder("support-bot", "answer", "chat")
                    .model("anthropic", "claude-sonnet-4-5", "claude-sonnet-4-5-20250929").versions("v7", "v8").share(0.35)
                    .latency(4.8, 0.4).streamed(0.18, 0.3)
                    .input(3_200, 0.3).cacheReads(2_048, 0.85).output(380, 0.45).reasoning(0.3)
                    .judged(0.2).refusals(0.01).tenanted()
                    .incident("v8", 2.5, 1, "latency ×2.5, time to first chunk included, with the same tokens;"
                            + " v7, served beside it, unchanged")
                    .build(),
            LlmWorkload.builder("search-api", "rerank", "chat")
                    .model("gcp.gemini", "gemini-2.0-flash", "gemini-2.0-flash-001").versions("v2").share(0.20)
                    .latency(0.9, 0.3)
                    .input(4_000, 0.2).output(120, 0.2)
                    .incident(null, 1, 3, "the retriever sends 60 candidates instead of 20: input and output tokens ×3,"
                            + " so the mean cost per call ×3 on the same model; latency unchanged")
                    .build(),
            LlmWorkload.builder("search-api", "autocomplete", "text_completion")
                    .model("openai", "gpt-3.5-turbo-instruct", "gpt-3.5-turbo-instruct").versions("v1").share(0.05)
                    .latency(0.35, 0.3)
                    .input(45, 0.3).output(12, 0.4)
                    .build(),
            LlmWorkload.builder("search-api", null, "embeddings")
                    .model("openai", "text-embedding-3-small", "text-embedding-3-small").share(0.15)
                    .latency(0.15, 0.3)
                    .input(40, 0.4).senderPricePerMillionInputTokens(0.02)
                    .build());

    private final SplittableRandom rng;
    private final TrafficSchedule schedule;
    private final int callsPerSecond;
    private long records;

    public LlmCallGenerator(long seed, TrafficSchedule schedule, int callsPerSecond) {
        if (callsPerSecond < 1) {
            throw new IllegalArgumentException("calls per second must be at least 1, was " + callsPerSecond);
        }
        this.rng = new SplittableRandom(seed);
        this.schedule = schedule;
        this.callsPerSecond = callsPerSecond;
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
            return new GeneratedRecord(key, timestamp, defect.apply(call), true);
        }
        byte[] payload = rng.nextDouble() < AVRO_SHARE ? LlmCallEncoder.avroSingleObject(call) : LlmCallEncoder.json(call);
        return new GeneratedRecord(key, timestamp, payload, false);
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
                .filter(w -> w.incident() != LlmWorkload.Incident.NONE)
                .map(w -> w.name() + (w.incident().version() != null ? " " + w.incident().version() : "")
                        + ": " + w.incident().description())
                .toList();
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
        String version = workload.drawVersion(rng);
        LlmCallEvent.Builder call = workload.route(LlmCallEvent.newBuilder(), version)
                .setEventId(new UUID(rng.nextLong(), rng.nextLong()).toString())
                .setTenant(workload.drawTenant(rng));
        double latency;
        if (rng.nextDouble() < ERROR_RATE) {
            Failure failure = pick(FAILURES, Failure::weight);
            workload.fail(failure.type(), call);
            latency = failure.latencySeconds().draw(rng);
        } else {
            latency = workload.drawSuccess(rng, version, schedule.shifted(endMillis), call);
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
