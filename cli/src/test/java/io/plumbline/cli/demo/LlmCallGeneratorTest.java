package io.plumbline.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.plumbline.monitor.pricing.CallCost;
import io.plumbline.monitor.pricing.PriceTable;
import io.plumbline.schemas.codec.LlmCallDecoder;
import io.plumbline.schemas.codec.PayloadFormat;
import io.plumbline.schemas.event.LlmCallRecord;
import io.plumbline.schemas.validation.RejectedRecordException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LlmCallGeneratorTest {

    private static final int RATE = LlmCallGenerator.DEFAULT_CALLS_PER_SECOND;
    private static final long NOW = System.currentTimeMillis();
    private static final TrafficSchedule SCHEDULE =
            TrafficSchedule.startingNow(NOW, Duration.ofMinutes(4), Duration.ofSeconds(10), 8, 6, 12);
    private static final PriceTable PRICES = PriceTable.defaults();

    /** Six windows of each phase: before the incidents, during them, after them. */
    private static List<LlmCallRecord> before;
    private static List<LlmCallRecord> during;
    private static List<LlmCallRecord> after;

    @BeforeAll
    static void generateEighteenWindows() throws RejectedRecordException {
        LlmCallDecoder decoder = new LlmCallDecoder(PayloadFormat.AUTO);
        LlmCallGenerator generator = new LlmCallGenerator(5, SCHEDULE, RATE);
        before = new ArrayList<>();
        during = new ArrayList<>();
        after = new ArrayList<>();
        while (SCHEDULE.windowIndex(generator.nextTimestamp()) < 18) {
            GeneratedRecord record = generator.next();
            if (!record.malformed()) {
                long window = SCHEDULE.windowIndex(record.timestamp());
                (window < 6 ? before : window < 12 ? during : after).add(decoder.decode(record.payload()));
            }
        }
    }

    @Test
    void sameSeedSameRecords() {
        LlmCallGenerator a = new LlmCallGenerator(7, SCHEDULE, RATE);
        LlmCallGenerator b = new LlmCallGenerator(7, SCHEDULE, RATE);
        LlmCallGenerator other = new LlmCallGenerator(8, SCHEDULE, RATE);
        boolean differs = false;
        for (int i = 0; i < 5_000; i++) {
            GeneratedRecord record = a.next();
            GeneratedRecord same = b.next();
            assertThat(same.payload()).isEqualTo(record.payload());
            assertThat(same.key()).isEqualTo(record.key());
            assertThat(same.timestamp()).isEqualTo(record.timestamp());
            differs |= !Arrays.equals(other.next().payload(), record.payload());
        }
        assertThat(differs).isTrue();
    }

    @Test
    void everyCallDecodesKeyedByItsServiceAtItsEventTimeAndTheMalformedOnesAreRejectedForTheirDefect() throws Exception {
        LlmCallDecoder decoder = new LlmCallDecoder(PayloadFormat.AUTO);
        LlmCallGenerator generator = new LlmCallGenerator(3, SCHEDULE, RATE);
        int records = 8 * LlmCallGenerator.MALFORMED_EVERY;
        int json = 0;
        int avro = 0;
        List<String> rejections = new ArrayList<>();
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < records; i++) {
            GeneratedRecord record = generator.next();
            assertThat(record.timestamp()).isGreaterThanOrEqualTo(previous);
            previous = record.timestamp();
            if (record.malformed()) {
                assertThatThrownBy(() -> decoder.decode(record.payload()))
                        .isInstanceOfSatisfying(RejectedRecordException.class, e -> rejections.add(e.reason().code()));
                continue;
            }
            LlmCallRecord call = decoder.decode(record.payload());
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(call.service());
            assertThat(call.eventTimeMillis()).isEqualTo(record.timestamp());
            if (record.payload()[0] == '{') {
                json++;
            } else {
                avro++;
            }
        }
        assertThat(rejections).containsExactlyElementsOf(
                Arrays.stream(LlmCallDefect.values()).map(d -> d.reason().code()).toList());
        assertThat((double) avro / (json + avro)).isBetween(0.28, 0.32);
        assertThat(previous - SCHEDULE.eventStart()).isEqualTo((records - 1) * 1_000L / RATE);
    }

    @Test
    void sendsTheMixOfKeysModelsAndVersionsItDescribes() {
        assertThat(LlmCallGenerator.WORKLOADS.stream().mapToDouble(LlmWorkload::share).sum()).isCloseTo(1, within(1e-9));
        Map<String, Long> byKey = countBy(before, c -> c.service() + "/" + c.promptName() + "/" + c.operation());
        double n = before.size();
        assertThat(byKey.keySet()).containsExactlyInAnyOrder("support-bot/triage/chat", "support-bot/answer/chat",
                "support-bot/summarize/chat", "search-api/rerank/chat", "search-api/autocomplete/text_completion",
                "search-api//embeddings");
        assertThat(byKey.get("support-bot/answer/chat") / n).isCloseTo(0.3, within(0.01));
        assertThat(byKey.get("search-api/autocomplete/text_completion") / n).isCloseTo(0.05, within(0.005));
        assertThat(before).extracting(LlmCallRecord::responseModel).containsOnly("gpt-4o-mini-2024-07-18",
                "claude-sonnet-4-5-20250929", "gpt-4.1-mini-2025-04-14", "gemini-2.0-flash-001", "gpt-3.5-turbo-instruct",
                "text-embedding-3-small");

        Map<String, Long> answerVersions = countBy(ofKey(before, "answer"), LlmCallRecord::promptVersion);
        assertThat(answerVersions.keySet()).containsExactlyInAnyOrder("v7", "v8");
        assertThat((double) answerVersions.get("v8") / (answerVersions.get("v7") + answerVersions.get("v8")))
                .isCloseTo(0.5, within(0.02));
    }

    @Test
    void callsLookRealErrorsRefusalsFiltersCachesReasoningStreamingJudgesAndTenants() {
        List<LlmCallRecord> calls = before;
        List<LlmCallRecord> failed = calls.stream().filter(c -> c.errorType() != null).toList();
        assertThat((double) failed.size() / calls.size()).isCloseTo(LlmCallGenerator.ERROR_RATE, within(0.002));
        assertThat(failed).extracting(LlmCallRecord::errorType).containsOnly("429", "500", "timeout");
        assertThat(failed).allMatch(c -> c.inputTokens() == LlmCallRecord.NO_COUNT && c.finishReasons().isEmpty());

        List<LlmCallRecord> answers = ofKey(calls, "answer").stream().filter(c -> c.errorType() == null).toList();
        assertThat(share(answers, LlmCallRecord::refusal)).isCloseTo(0.01, within(0.004));
        assertThat(share(answers, c -> !Double.isNaN(c.evalScore()))).isCloseTo(0.2, within(0.02));
        assertThat(answers).allMatch(c -> c.ttftSeconds() > 0 && c.ttftSeconds() < c.latencySeconds());
        List<LlmCallRecord> cacheable = answers.stream().filter(c -> c.inputTokens() > 2_048).toList();
        assertThat(share(cacheable, c -> c.cacheReadTokens() == 2_048)).isCloseTo(0.85, within(0.03));
        assertThat(share(answers, c -> c.reasoningTokens() > 0)).isGreaterThan(0.95);
        assertThat(answers).allMatch(c -> c.tenant() != null && c.reasoningTokens() <= c.outputTokens());

        List<LlmCallRecord> triage = ofKey(calls, "triage").stream().filter(c -> c.errorType() == null).toList();
        assertThat(share(triage, LlmCallRecord::contentFiltered)).isBetween(0.001, 0.008);
        assertThat(share(triage, c -> c.cacheReadTokens() == 1_024)).isBetween(0.3, 0.6);
        assertThat(triage).allMatch(c -> c.cacheReadTokens() == LlmCallRecord.NO_COUNT || c.inputTokens() > 1_024);

        List<LlmCallRecord> summaries = ofKey(calls, "summarize").stream().filter(c -> c.errorType() == null).toList();
        assertThat(share(summaries, LlmCallRecord::refusal)).isCloseTo(0.01, within(0.006));
        assertThat(share(summaries, c -> !Double.isNaN(c.evalScore()))).isCloseTo(0.5, within(0.03));

        List<LlmCallRecord> others = calls.stream().filter(c -> !Set.of("answer", "summarize").contains(c.promptName()))
                .toList();
        assertThat(others).allMatch(c -> Double.isNaN(c.ttftSeconds()) && Double.isNaN(c.evalScore()) && !c.refusal());
        assertThat(ofKey(calls, "summarize")).allMatch(c -> Double.isNaN(c.ttftSeconds()));
        assertThat(calls).allMatch(c -> (c.tenant() != null) == c.service().equals("support-bot"));
        assertThat(calls).filteredOn(c -> c.operation().equals("embeddings") && c.errorType() == null)
                .allMatch(c -> c.costUsd() > 0 && c.outputTokens() == LlmCallRecord.NO_COUNT);
    }

    @Test
    void slowsDownOnlyAnswerV8AndOnlyDuringTheIncident() {
        double v7Before = p95(before, "answer", "v7");
        double v8Before = p95(before, "answer", "v8");
        double v7During = p95(during, "answer", "v7");
        double v8During = p95(during, "answer", "v8");
        assertThat(v8Before / v7Before).isCloseTo(1, within(0.08));
        assertThat(v8During / v7During).isCloseTo(3.2, within(0.2));
        assertThat(v7During / v7Before).isCloseTo(1, within(0.08));
        assertThat(p95(after, "answer", "v8") / p95(after, "answer", "v7")).isCloseTo(1, within(0.08));
        for (String prompt : List.of("triage", "rerank", "autocomplete", "summarize")) {
            assertThat(p95(during, prompt, null) / p95(before, prompt, null)).as(prompt).isCloseTo(1, within(0.08));
        }
    }

    @Test
    void theContentFilterCutsOffAFifthOfTriageOnlyDuringTheIncident() {
        assertThat(share(succeeded(before, "triage"), LlmCallRecord::contentFiltered)).isBetween(0.001, 0.008);
        assertThat(share(succeeded(during, "triage"), LlmCallRecord::contentFiltered)).isCloseTo(0.2, within(0.02));
        assertThat(share(succeeded(after, "triage"), LlmCallRecord::contentFiltered)).isBetween(0.001, 0.008);
        assertThat(during).filteredOn(c -> !"triage".equals(c.promptName())).noneMatch(LlmCallRecord::contentFiltered);
    }

    @Test
    void theEmbeddingsAreRateLimitedOnlyDuringTheIncident() {
        List<LlmCallRecord> embeddings = ofKey(during, "");
        assertThat(share(embeddings, c -> c.errorType() != null)).isCloseTo(0.15, within(0.02));
        assertThat(embeddings).filteredOn(c -> c.errorType() != null).extracting(LlmCallRecord::errorType).containsOnly("429");
        assertThat(share(ofKey(after, ""), c -> c.errorType() != null)).isCloseTo(LlmCallGenerator.ERROR_RATE, within(0.006));
        List<LlmCallRecord> others = during.stream().filter(c -> !c.operation().equals("embeddings")).toList();
        assertThat(share(others, c -> c.errorType() != null)).isCloseTo(LlmCallGenerator.ERROR_RATE, within(0.003));
    }

    @Test
    void summarizeReleasesV5WhenTheIncidentsStartWhichRefusesAQuarterAndScoresLower() {
        assertThat(ofKey(before, "summarize")).extracting(LlmCallRecord::promptVersion).containsOnly("v4");
        assertThat(ofKey(during, "summarize")).extracting(LlmCallRecord::promptVersion).containsOnly("v5");
        assertThat(ofKey(after, "summarize")).extracting(LlmCallRecord::promptVersion).containsOnly("v5");
        assertThat(share(succeeded(during, "summarize"), LlmCallRecord::refusal)).isCloseTo(0.25, within(0.02));
        assertThat(share(succeeded(after, "summarize"), LlmCallRecord::refusal)).isCloseTo(0.25, within(0.02));
        double scoredBefore = medianEvalScore(before, "summarize");
        assertThat(scoredBefore).isCloseTo(0.83, within(0.02));
        assertThat(medianEvalScore(during, "summarize")).isCloseTo(0.65, within(0.02));
        assertThat(medianEvalScore(during, "answer")).isCloseTo(medianEvalScore(before, "answer"), within(0.02));
    }

    @Test
    void triplesTheMeanCostPerCallOfRerankOnlyAndOnlyDuringTheIncident() {
        assertThat(meanCost(during, "rerank") / meanCost(before, "rerank")).isCloseTo(3, within(0.1));
        assertThat(meanCost(after, "rerank") / meanCost(before, "rerank")).isCloseTo(1, within(0.05));
        for (String prompt : List.of("triage", "answer")) {
            assertThat(meanCost(during, prompt) / meanCost(before, prompt)).as(prompt).isCloseTo(1, within(0.05));
        }
        // Rate-limited during the incident: a failed embedding costs its sender nothing, a successful one as before.
        assertThat(meanCost(succeeded(during, ""), "") / meanCost(succeeded(before, ""), "")).as("embeddings")
                .isCloseTo(1, within(0.05));
    }

    @Test
    void onlyTheLegacyCompletionModelIsUnpricedByTheBuiltInTable() {
        Set<String> unpriced = before.stream()
                .filter(c -> cost(c).basis() == CallCost.Basis.UNPRICED)
                .map(LlmCallRecord::requestModel)
                .collect(Collectors.toSet());
        assertThat(unpriced).containsExactly("gpt-3.5-turbo-instruct");
        assertThat(LlmCallGenerator.unpricedModels(PRICES, NOW)).containsExactly("gpt-3.5-turbo-instruct");
        assertThat(before).filteredOn(c -> c.operation().equals("embeddings"))
                .allMatch(c -> cost(c).basis() == CallCost.Basis.REPORTED);
    }

    @Test
    void describesTheTrafficAndWhatChangesDuringTheIncident() {
        LlmCallGenerator generator = new LlmCallGenerator(1, SCHEDULE, 120);
        assertThat(generator.describeTraffic())
                .anyMatch(line -> line.startsWith("support-bot/answer") && line.contains("v7/v8")
                        && line.contains("claude-sonnet-4-5") && line.contains("streamed"))
                .anyMatch(line -> line.startsWith("120 calls per second"))
                .anyMatch(line -> line.startsWith("gpt-3.5-turbo-instruct is in no built-in price"));
        assertThat(generator.describeTraffic())
                .anyMatch(line -> line.startsWith("support-bot/summarize") && line.contains("v4>v5"));
        assertThat(generator.describeControls())
                .containsExactly("support-bot/answer v7 (served beside v8)", "search-api/autocomplete");
        assertThat(generator.describeIncidents()).hasSize(5)
                .anyMatch(line -> line.startsWith("support-bot/answer v8: latency ×3.2")
                        && line.endsWith("; expect llm_latency_p95, llm_latency_p99, llm_latency_drift,"
                                + " llm_output_tokens_per_second_drift"))
                .anyMatch(line -> line.startsWith("search-api/rerank: ") && line.contains("cost per call ×3"))
                .anyMatch(line -> line.startsWith("support-bot/summarize v5: released")
                        && line.contains("expect llm_version_change, llm_refusal_rate_spike, llm_eval_score_drift"))
                .anyMatch(line -> line.startsWith("support-bot/triage: a prompt-injection campaign"))
                .anyMatch(line -> line.startsWith("search-api/embeddings: ") && line.endsWith("expect llm_error_rate"));
    }

    @Test
    void refusesARateBelowOneCallPerSecond() {
        assertThatThrownBy(() -> new LlmCallGenerator(1, SCHEDULE, 0)).hasMessageContaining("at least 1");
    }

    private static List<LlmCallRecord> succeeded(List<LlmCallRecord> calls, String prompt) {
        return ofKey(calls, prompt).stream().filter(c -> c.errorType() == null).toList();
    }

    private static double medianEvalScore(List<LlmCallRecord> calls, String prompt) {
        double[] scores = ofKey(calls, prompt).stream().mapToDouble(LlmCallRecord::evalScore)
                .filter(score -> !Double.isNaN(score)).sorted().toArray();
        assertThat(scores).hasSizeGreaterThan(500);
        return scores[scores.length / 2];
    }

    private static List<LlmCallRecord> ofKey(List<LlmCallRecord> calls, String prompt) {
        return calls.stream().filter(c -> c.promptName().equals(prompt)).toList();
    }

    /** The exact 95th percentile (nearest rank) of the latency of a prompt's calls, of one version or all. */
    private static double p95(List<LlmCallRecord> calls, String prompt, String version) {
        double[] latencies = ofKey(calls, prompt).stream()
                .filter(c -> version == null || c.promptVersion().equals(version))
                .mapToDouble(LlmCallRecord::latencySeconds).sorted().toArray();
        assertThat(latencies).hasSizeGreaterThan(500);
        return latencies[(int) Math.ceil(0.95 * latencies.length) - 1];
    }

    /** Mean cost per call, failed calls included, as the job computes it: the sender's cost, else the built-in table's. */
    private static double meanCost(List<LlmCallRecord> calls, String prompt) {
        return ofKey(calls, prompt).stream().mapToDouble(c -> cost(c).usd()).average().orElseThrow();
    }

    private static CallCost cost(LlmCallRecord c) {
        return CallCost.of(Double.isNaN(c.costUsd()) ? null : c.costUsd(),
                PRICES.lookup(c.provider(), c.responseModel(), c.requestModel(), c.startTimeNanos() / 1_000_000),
                count(c.inputTokens()), count(c.outputTokens()), count(c.cacheReadTokens()), count(c.reasoningTokens()));
    }

    private static long count(long tokens) {
        return tokens == LlmCallRecord.NO_COUNT ? 0 : tokens;
    }

    private static <K> Map<K, Long> countBy(List<LlmCallRecord> calls, java.util.function.Function<LlmCallRecord, K> key) {
        return calls.stream().collect(Collectors.groupingBy(key, Collectors.counting()));
    }

    private static double share(List<LlmCallRecord> calls, Predicate<LlmCallRecord> which) {
        return (double) calls.stream().filter(which).count() / calls.size();
    }
}
