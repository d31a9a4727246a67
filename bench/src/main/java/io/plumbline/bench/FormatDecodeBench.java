package io.plumbline.bench;

import io.plumbline.cli.demo.GeneratedRecord;
import io.plumbline.cli.demo.LlmCallGenerator;
import io.plumbline.cli.demo.TrafficFormat;
import io.plumbline.cli.demo.TrafficSchedule;
import io.plumbline.schemas.LlmCallEvent;
import io.plumbline.schemas.PredictionEvent;
import io.plumbline.schemas.codec.EventSink;
import io.plumbline.schemas.codec.HeaderLookup;
import io.plumbline.schemas.codec.InferenceLogDecoder;
import io.plumbline.schemas.codec.InferenceLogEncoder;
import io.plumbline.schemas.codec.InferenceLogOptions;
import io.plumbline.schemas.codec.InferencePairs;
import io.plumbline.schemas.codec.LlmCallDecoder;
import io.plumbline.schemas.codec.LlmCallLimits;
import io.plumbline.schemas.codec.OtlpCallEncoder;
import io.plumbline.schemas.codec.PayloadFormat;
import io.plumbline.schemas.codec.PredictionDecoder;
import io.plumbline.schemas.codec.PredictionEncoder;
import io.plumbline.schemas.codec.WriterSchemaIds;
import io.plumbline.schemas.event.InferenceHalf;
import io.plumbline.schemas.event.LlmCallRecord;
import io.plumbline.schemas.event.PredictionRecord;
import io.plumbline.schemas.validation.RejectReason;
import io.plumbline.schemas.validation.RejectedRecordException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.avro.message.SchemaStore;

/**
 * Each format's decoding beside JSON's, in memory, on one thread: the same events written in every format the
 * jobs read, each decoded by the decoder the job's source uses ({@link PredictionDecoder}, {@link LlmCallDecoder}),
 * in {@code auto}, which detects the format per record, or for OTLP in its format; KServe's inference logs, a
 * request and a response per prediction, are decoded and joined as the drift job does. Confluent Avro's writer schema
 * comes from an in-memory registry: the job asks the real one once per schema id, then keeps it. OTLP exports hold
 * one call each, as {@code produce --format otlp-*} writes them, or {@value #OTLP_BATCH} each, as a Collector's
 * batch processor sends them; their times are per call. Every format's events are first checked equal to JSON's
 * (a prediction's features in any order; a span's call but for its event id, and its refusal as a finish reason),
 * so every side does the same work; then each decodes all payloads {@value #WARMUP_PASSES} times to warm up and
 * {@value #PASSES} times measured, and the median pass gives ns per event.
 * Args: [records] (default 200 000 of each kind).
 */
public final class FormatDecodeBench {

    private static final int WARMUP_PASSES = 5;
    private static final int PASSES = 7;
    private static final int SCHEMA_ID = 7;
    private static final int OTLP_BATCH = 100;
    /**
     * Model servers' inference logs: two records, a request and a response, per prediction; structured-mode
     * CloudEvents, so that each record is its value alone, with V2 bodies, each feature a named tensor.
     */
    private static final String KSERVE = "kserve (request + response)";

    /** One decode of one payload: its events. */
    private interface Decoder {
        List<?> decode(byte[] payload) throws RejectedRecordException;
    }

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        BenchEvents events = new BenchEvents(7, 2, 5_000, 1_735_689_600_000L);
        List<PredictionEvent> predictions = new ArrayList<>(records);
        for (int i = 0; i < records; i++) {
            predictions.add(events.nextEvent());
        }
        Map<String, List<byte[]>> predictionPayloads = new LinkedHashMap<>();
        predictionPayloads.put("json", encoded(predictions, PredictionEncoder::json));
        predictionPayloads.put("avro-single-object", encoded(predictions, PredictionEncoder::avroSingleObject));
        predictionPayloads.put("confluent-avro", encoded(predictions, e -> PredictionEncoder.confluent(SCHEMA_ID, e)));
        predictionPayloads.put(KSERVE, predictions.stream()
                .flatMap(e -> InferenceLogEncoder.write(e, InferenceLogEncoder.Mode.STRUCTURED,
                        InferenceLogEncoder.Protocol.V2).stream())
                .map(InferenceLogEncoder.LogRecord::value).toList());

        Map<String, List<byte[]>> callPayloads = new LinkedHashMap<>();
        for (TrafficFormat format : List.of(TrafficFormat.JSON, TrafficFormat.AVRO_SINGLE_OBJECT, TrafficFormat.CONFLUENT_AVRO)) {
            callPayloads.put(format.optionName(), calls(records, format));
        }
        List<LlmCallEvent> callEvents = callEvents(records);
        callPayloads.put("otlp-proto", encoded(callEvents, call -> OtlpCallEncoder.proto(List.of(call))));
        callPayloads.put("otlp-json", encoded(callEvents, call -> OtlpCallEncoder.json(List.of(call))));
        callPayloads.put("otlp-proto, " + OTLP_BATCH + " spans a record", batches(callEvents, OtlpCallEncoder::proto));
        callPayloads.put("otlp-json, " + OTLP_BATCH + " spans a record", batches(callEvents, OtlpCallEncoder::json));

        System.out.println("| events | format | ns per event | events/s | bytes per event | time against JSON |");
        System.out.println("|---|---|---:|---:|---:|---:|");
        WriterSchemaIds predictionSchema = id -> PredictionEvent.getClassSchema();
        compare("prediction events (20 features)", predictionPayloads, format -> {
            if (format.equals(KSERVE)) {
                return pairing(new InferenceLogDecoder(InferenceLogOptions.DEFAULTS));
            }
            PredictionDecoder decoder = new PredictionDecoder(PayloadFormat.AUTO, System::currentTimeMillis,
                    new SchemaStore.Cache(), predictionSchema);
            return payload -> List.of(decoder.decode(payload));
        });
        WriterSchemaIds callSchema = id -> LlmCallEvent.getClassSchema();
        compare("LLM calls", callPayloads, format -> {
            LlmCallDecoder decoder = new LlmCallDecoder(format.startsWith("otlp-proto") ? PayloadFormat.OTLP_PROTO
                    : format.startsWith("otlp-json") ? PayloadFormat.OTLP_JSON : PayloadFormat.AUTO,
                    System::currentTimeMillis, new SchemaStore.Cache(), callSchema, LlmCallLimits.DEFAULTS);
            return payload -> {
                List<LlmCallRecord> calls = new ArrayList<>(1);
                decoder.decode(payload, new EventSink<>() {
                    @Override
                    public void accept(LlmCallRecord call) {
                        calls.add(call);
                    }

                    @Override
                    public void reject(RejectReason reason, String detail) {
                        throw new IllegalStateException(reason.code() + ": " + detail);
                    }

                    @Override
                    public void skip() {
                        throw new IllegalStateException("a span of no call");
                    }
                });
                return calls;
            };
        });
    }

    /**
     * Inference logs decoded as the job's source does, each response joined with the request before it as the
     * pairing does (here without the shuffle and the state between them): no events for a request, the
     * predictions for a response.
     */
    private static Decoder pairing(InferenceLogDecoder decoder) {
        InferenceHalf[] request = new InferenceHalf[1];
        return payload -> {
            InferenceHalf half = decoder.decode(payload, HeaderLookup.NONE, 0);
            if (!half.isResponse()) {
                request[0] = half;
                return List.of();
            }
            return InferencePairs.join(request[0], half);
        };
    }

    /** A format's decoder, by the format's name in the table. */
    private interface DecoderFactory {
        Decoder create(String format);
    }

    /** The calls of {@link #calls}, not yet encoded: read back from their JSON. */
    private static List<LlmCallEvent> callEvents(int records) throws Exception {
        List<LlmCallEvent> events = new ArrayList<>(records);
        for (byte[] payload : calls(records, TrafficFormat.AVRO_SINGLE_OBJECT)) {
            events.add(LlmCallEvent.getDecoder().decode(payload));
        }
        return events;
    }

    private static List<byte[]> batches(List<LlmCallEvent> calls, Function<List<LlmCallEvent>, byte[]> encoder) {
        List<byte[]> batches = new ArrayList<>();
        for (int i = 0; i < calls.size(); i += OTLP_BATCH) {
            batches.add(encoder.apply(calls.subList(i, Math.min(calls.size(), i + OTLP_BATCH))));
        }
        return batches;
    }

    private static <E> List<byte[]> encoded(List<E> events, Function<E, byte[]> encoder) {
        return events.stream().map(encoder).toList();
    }

    /** The demo's valid LLM calls, the same ones in every format (the same seed, and no draw for the format). */
    private static List<byte[]> calls(int records, TrafficFormat format) {
        long start = 1_767_225_600_000L;
        LlmCallGenerator generator = new LlmCallGenerator(11, new TrafficSchedule(start, start, 60_000, 2, 30, 60),
                LlmCallGenerator.DEFAULT_CALLS_PER_SECOND).writtenAs(format, SCHEMA_ID);
        List<byte[]> calls = new ArrayList<>(records);
        while (calls.size() < records) {
            GeneratedRecord r = generator.next();
            if (!r.malformed()) {
                calls.add(r.payload());
            }
        }
        return calls;
    }

    private static void compare(String kind, Map<String, List<byte[]>> payloads, DecoderFactory decoders)
            throws Exception {
        List<?> json = inTimeOrder(decodeAll(payloads.get("json"), decoders.create("json")));
        for (Map.Entry<String, List<byte[]>> format : payloads.entrySet()) {
            List<?> events = inTimeOrder(decodeAll(format.getValue(), decoders.create(format.getKey())));
            if (events.size() != json.size()) {
                throw new IllegalStateException(format.getKey() + " decodes " + events.size() + " events, json "
                        + json.size());
            }
            for (int i = 0; i < json.size(); i++) {
                if (!sameEvent(json.get(i), events.get(i))) {
                    throw new IllegalStateException(format.getKey() + " decodes event " + i + " otherwise than json: "
                            + events.get(i) + " against " + json.get(i));
                }
            }
        }
        double jsonNanos = 0;
        for (Map.Entry<String, List<byte[]>> format : payloads.entrySet()) {
            List<byte[]> records = format.getValue();
            double nanos = measure(records, decoders.create(format.getKey()), json.size());
            if (format.getKey().equals("json")) {
                jsonNanos = nanos;
            }
            double bytes = (double) records.stream().mapToInt(p -> p.length).sum() / json.size();
            System.out.printf(Locale.ROOT, "| %s | %s | %.0f | %,.0f | %.0f | %.2fx |%n", kind, format.getKey(), nanos,
                    1e9 / nanos, bytes, nanos / jsonNanos);
        }
    }

    /**
     * Equal, a prediction's features in any order (an Avro map does not keep the order JSON wrote them in), a
     * span's call but for its event id and the finish reason that tells its refusal.
     */
    private static boolean sameEvent(Object a, Object b) {
        if (a instanceof PredictionRecord p && b instanceof PredictionRecord q) {
            return features(p).equals(features(q)) && p.eventId().equals(q.eventId()) && p.timestamp() == q.timestamp()
                    && p.modelId().equals(q.modelId()) && p.modelVersion().equals(q.modelVersion())
                    && Objects.equals(p.predictionCategory(), q.predictionCategory())
                    && Double.compare(p.predictionNumber(), q.predictionNumber()) == 0;
        }
        if (a instanceof LlmCallRecord json && b instanceof LlmCallRecord span && !json.eventId().equals(span.eventId())) {
            List<String> reasons = new ArrayList<>(span.finishReasons());
            if (span.refusal() && !json.finishReasons().contains("refusal")) {
                reasons.remove("refusal");
            }
            return reasons.equals(json.finishReasons()) && LlmCallRecord.builder().clear().eventId(json.eventId())
                    .startTimeNanos(span.startTimeNanos()).endTimeNanos(span.endTimeNanos()).service(span.service())
                    .operation(span.operation()).provider(span.provider()).requestModel(span.requestModel())
                    .responseModel(span.responseModel()).promptName(span.promptName())
                    .promptVersion(span.promptVersion()).inputTokens(span.inputTokens())
                    .outputTokens(span.outputTokens()).cacheReadTokens(span.cacheReadTokens())
                    .reasoningTokens(span.reasoningTokens()).finishReasons(json.finishReasons())
                    .ttftSeconds(span.ttftSeconds()).errorType(span.errorType()).refusal(span.refusal())
                    .costUsd(span.costUsd()).evalScore(span.evalScore()).tenant(span.tenant()).build().equals(json);
        }
        return Objects.equals(a, b);
    }

    private static Map<String, String> features(PredictionRecord r) {
        Map<String, String> features = new TreeMap<>();
        for (int i = 0; i < r.featureCount(); i++) {
            features.put(r.featureName(i), r.featureKind(i) + " " + r.number(i) + " " + r.category(i));
        }
        return features;
    }

    /** Calls by their times: a trace export groups its spans by service, not in the order they were made. */
    private static List<?> inTimeOrder(List<?> events) {
        if (events.isEmpty() || !(events.get(0) instanceof LlmCallRecord)) {
            return events;
        }
        return events.stream().map(LlmCallRecord.class::cast)
                .sorted(Comparator.comparingLong(LlmCallRecord::endTimeNanos)
                        .thenComparingLong(LlmCallRecord::startTimeNanos).thenComparing(LlmCallRecord::service))
                .toList();
    }

    private static List<?> decodeAll(List<byte[]> payloads, Decoder decoder) throws Exception {
        List<Object> events = new ArrayList<>();
        for (byte[] payload : payloads) {
            events.addAll(decoder.decode(payload));
        }
        return events;
    }

    /** The median ns per event over the measured passes. */
    private static double measure(List<byte[]> payloads, Decoder decoder, int events) throws Exception {
        for (int pass = 0; pass < WARMUP_PASSES; pass++) {
            timePass(payloads, decoder, events);
        }
        double[] nanos = new double[PASSES];
        for (int pass = 0; pass < PASSES; pass++) {
            nanos[pass] = timePass(payloads, decoder, events);
        }
        Arrays.sort(nanos);
        return nanos[PASSES / 2];
    }

    /** One pass over all payloads: ns per event. Every event is counted, so the JIT cannot drop the decoding. */
    private static double timePass(List<byte[]> payloads, Decoder decoder, int events) throws Exception {
        long t0 = System.nanoTime();
        long decoded = 0;
        for (byte[] payload : payloads) {
            decoded += decoder.decode(payload).size();
        }
        if (decoded != events) {
            throw new IllegalStateException("decoded " + decoded + " events, not " + events);
        }
        return (double) (System.nanoTime() - t0) / events;
    }
}
