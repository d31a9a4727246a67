package io.plumbline.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.plumbline.schemas.codec.InferenceLogDecoder;
import io.plumbline.schemas.codec.InferenceLogOptions;
import io.plumbline.schemas.codec.InferencePairs;
import io.plumbline.schemas.codec.PayloadFormat;
import io.plumbline.schemas.codec.PredictionDecoder;
import io.plumbline.schemas.event.InferenceHalf;
import io.plumbline.schemas.event.PredictionRecord;
import io.plumbline.schemas.event.ValueKind;
import io.plumbline.schemas.validation.RejectedRecordException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PredictionGeneratorTest {

    private static final int PER_WINDOW = 6_000;
    private static final long NOW = System.currentTimeMillis();
    private final TrafficSchedule schedule =
            TrafficSchedule.startingNow(NOW, Duration.ofMinutes(4), Duration.ofSeconds(10), 8, 6, 12);
    private final PredictionDecoder decoder = new PredictionDecoder(PayloadFormat.AUTO);

    @Test
    void sameSeedSameRecords() {
        PredictionGenerator a = new PredictionGenerator(7, schedule, PER_WINDOW);
        PredictionGenerator b = new PredictionGenerator(7, schedule, PER_WINDOW);
        PredictionGenerator other = new PredictionGenerator(8, schedule, PER_WINDOW);
        boolean differs = false;
        for (int i = 0; i < 5_000; i++) {
            byte[] payload = a.next().payload();
            assertThat(b.next().payload()).isEqualTo(payload);
            differs |= !Arrays.equals(other.next().payload(), payload);
        }
        assertThat(differs).isTrue();
    }

    @Test
    void sendsEveryModelItsEventsPerWindowInTimeOrder() throws Exception {
        List<PredictionRecord> window = decodedWindow(new PredictionGenerator(1, schedule, PER_WINDOW), 0);

        assertThat(window).filteredOn(r -> r.modelId().equals("credit-risk")).hasSize(PER_WINDOW)
                .allMatch(r -> r.modelVersion().equals("v3") && r.featureCount() == 10);
        assertThat(window).filteredOn(r -> r.modelId().equals("churn-predictor")).hasSize(PER_WINDOW)
                .allMatch(r -> r.modelVersion().equals("v1") && r.featureCount() == 10);
        assertThat(window).extracting(PredictionRecord::timestamp).isSorted()
                .allMatch(t -> schedule.windowIndex(t) == 0);
    }

    /** As inference logs, the same seed gives the same predictions, once each request is paired with its response. */
    @Test
    void asInferenceLogsEachPredictionIsARequestThenItsResponse() throws Exception {
        PredictionGenerator events = new PredictionGenerator(5, schedule, PER_WINDOW);
        PredictionGenerator logs = new PredictionGenerator(5, schedule, PER_WINDOW).writtenAs(TrafficFormat.KSERVE, 0);
        InferenceLogDecoder inferenceLogs = new InferenceLogDecoder(InferenceLogOptions.DEFAULTS);
        int paired = 0;
        for (int i = 0; i < 3_000; i++) {
            GeneratedRecord event = events.next();
            GeneratedRecord request = logs.next();
            if (event.malformed()) {
                assertThat(request.malformed()).isTrue();
                continue;
            }
            List<InferenceHalf> halves = new ArrayList<>();
            for (GeneratedRecord part = request; part != null; part = part.then()) {
                halves.add(inferenceLogs.decode(part.payload(), part.headers()::get, part.timestamp()));
            }
            assertThat(halves).extracting(InferenceHalf::isResponse).containsExactly(false, true);
            assertThat(InferencePairs.join(halves.get(0), halves.get(1))).singleElement()
                    .satisfies(r -> assertThat(byFeatureName(r)).isEqualTo(byFeatureName(decoder.decode(event.payload()))));
            paired++;
        }
        assertThat(paired).isGreaterThan(2_990);
    }

    /** The record with its features in name order: an Avro map keeps no order. */
    private static PredictionRecord byFeatureName(PredictionRecord r) {
        PredictionRecord sorted = new PredictionRecord().reset(r.eventId(), r.timestamp(), r.modelId(), r.modelVersion());
        IntStream.range(0, r.featureCount()).boxed()
                .sorted(Comparator.comparing(r::featureName))
                .forEach(i -> {
                    switch (r.featureKind(i)) {
                        case NUMBER -> sorted.addNumber(r.featureName(i), r.number(i));
                        case CATEGORY -> sorted.addCategory(r.featureName(i), r.category(i));
                        case MISSING -> sorted.addMissing(r.featureName(i));
                        case UNSUPPORTED -> sorted.addUnsupported(r.featureName(i));
                    }
                });
        return sorted.predictionNumber(r.predictionNumber());
    }

    @Test
    void mixesJsonAvroAndAFewMalformedRecords() {
        PredictionGenerator generator = new PredictionGenerator(3, schedule, PER_WINDOW);
        int json = 0;
        int avro = 0;
        int malformed = 0;
        for (int i = 0; i < 20_000; i++) {
            GeneratedRecord record = generator.next();
            if (record.malformed()) {
                malformed++;
                assertThatThrownBy(() -> decoder.decode(record.payload())).isInstanceOf(RejectedRecordException.class);
            } else if (record.payload()[0] == '{') {
                json++;
            } else {
                avro++;
                assertThat(record.payload()[0]).isEqualTo((byte) 0xC3);
            }
        }
        assertThat(malformed).isEqualTo(20_000 / PredictionGenerator.MALFORMED_EVERY);
        assertThat((double) avro / (json + avro)).isBetween(0.27, 0.33);
    }

    @Test
    void shiftsOnlyTheFirstModelAndOnlyDuringTheShiftWindows() throws Exception {
        PredictionGenerator generator = new PredictionGenerator(11, schedule, PER_WINDOW);
        List<PredictionRecord> before = decodedWindow(generator, 3);
        List<PredictionRecord> during = decodedWindow(generator, 7);
        List<PredictionRecord> after = decodedWindow(generator, 13);

        ToDoubleFunction<List<PredictionRecord>> logIncome = w -> mean(w, "credit-risk", "income", Math::log);
        assertThat(logIncome.applyAsDouble(before) - logIncome.applyAsDouble(during)).isGreaterThan(0.5 * 0.5);
        assertThat(logIncome.applyAsDouble(after) - logIncome.applyAsDouble(before)).isCloseTo(0, within(0.05));

        ToDoubleFunction<List<PredictionRecord>> dti = w -> mean(w, "credit-risk", "debt_to_income", v -> v);
        assertThat(dti.applyAsDouble(during) - dti.applyAsDouble(before)).isGreaterThan(0.5 * 0.1);
        assertThat(dti.applyAsDouble(after) - dti.applyAsDouble(before)).isCloseTo(0, within(0.01));

        ToDoubleFunction<List<PredictionRecord>> south = w -> share(w, "credit-risk", "region", "south");
        assertThat(south.applyAsDouble(during) - south.applyAsDouble(before)).isGreaterThan(0.12);
        assertThat(south.applyAsDouble(after) - south.applyAsDouble(before)).isCloseTo(0, within(0.03));

        ToDoubleFunction<List<PredictionRecord>> score = w -> predictionMean(w, "credit-risk");
        assertThat(score.applyAsDouble(during)).isGreaterThan(score.applyAsDouble(before) + 0.05);

        ToDoubleFunction<List<PredictionRecord>> charges = w -> mean(w, "churn-predictor", "monthly_charges", v -> v);
        assertThat(charges.applyAsDouble(during) - charges.applyAsDouble(before)).isCloseTo(0, within(0.1 * 20));
        ToDoubleFunction<List<PredictionRecord>> churnSouth = w -> share(w, "churn-predictor", "region", "south");
        assertThat(churnSouth.applyAsDouble(during) - churnSouth.applyAsDouble(before)).isCloseTo(0, within(0.03));
        assertThat(predictionMean(during, "churn-predictor") - predictionMean(before, "churn-predictor"))
                .isCloseTo(0, within(0.02));
    }

    /** Skips to the given window and decodes the well-formed records of it. */
    private List<PredictionRecord> decodedWindow(PredictionGenerator generator, int window) throws Exception {
        List<PredictionRecord> records = new ArrayList<>();
        while (schedule.windowIndex(generator.nextTimestamp()) <= window) {
            GeneratedRecord record = generator.next();
            if (!record.malformed() && schedule.windowIndex(record.timestamp()) == window) {
                records.add(decoder.decode(record.payload()));
            }
        }
        return records;
    }

    private static double mean(List<PredictionRecord> window, String model, String feature,
                               DoubleUnaryOperator transform) {
        return window.stream().filter(r -> r.modelId().equals(model))
                .mapToDouble(r -> {
                    int i = indexOf(r, feature);
                    assertThat(r.featureKind(i)).isEqualTo(ValueKind.NUMBER);
                    return transform.applyAsDouble(r.number(i));
                })
                .average().orElseThrow();
    }

    private static double share(List<PredictionRecord> window, String model, String feature, String category) {
        return window.stream().filter(r -> r.modelId().equals(model))
                .mapToDouble(r -> category.equals(r.category(indexOf(r, feature))) ? 1 : 0)
                .average().orElseThrow();
    }

    private static double predictionMean(List<PredictionRecord> window, String model) {
        return window.stream().filter(r -> r.modelId().equals(model))
                .mapToDouble(PredictionRecord::predictionNumber).average().orElseThrow();
    }

    private static int indexOf(PredictionRecord record, String feature) {
        for (int i = 0; i < record.featureCount(); i++) {
            if (record.featureName(i).equals(feature)) {
                return i;
            }
        }
        throw new AssertionError(feature + " missing from " + record);
    }

}
