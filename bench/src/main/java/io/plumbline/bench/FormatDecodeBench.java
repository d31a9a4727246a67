package io.plumbline.bench;

import io.plumbline.cli.demo.CallFormat;
import io.plumbline.cli.demo.GeneratedRecord;
import io.plumbline.cli.demo.LlmCallGenerator;
import io.plumbline.cli.demo.TrafficSchedule;
import io.plumbline.schemas.LlmCallEvent;
import io.plumbline.schemas.PredictionEvent;
import io.plumbline.schemas.codec.LlmCallDecoder;
import io.plumbline.schemas.codec.LlmCallLimits;
import io.plumbline.schemas.codec.PayloadFormat;
import io.plumbline.schemas.codec.PredictionDecoder;
import io.plumbline.schemas.codec.PredictionEncoder;
import io.plumbline.schemas.codec.WriterSchemaIds;
import io.plumbline.schemas.event.PredictionRecord;
import io.plumbline.schemas.validation.RejectedRecordException;
import java.util.ArrayList;
import java.util.Arrays;
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
 * jobs read, each decoded by the decoder the job's source uses ({@link PredictionDecoder}, {@link LlmCallDecoder},
 * in {@code auto}, which detects the format per record). Confluent Avro's writer schema comes from an in-memory
 * registry: the job asks the real one once per schema id, then keeps it. Every format's records are first checked
 * equal to JSON's (a prediction's features in any order), so every side does the same work; then each decodes all payloads {@value #WARMUP_PASSES} times
 * to warm up and {@value #PASSES} times measured, and the median pass gives ns per record.
 * Args: [records] (default 200 000 of each kind).
 */
public final class FormatDecodeBench {

    private static final int WARMUP_PASSES = 5;
    private static final int PASSES = 7;
    private static final int SCHEMA_ID = 7;

    /** One decode of one payload. */
    private interface Decoder {
        Object decode(byte[] payload) throws RejectedRecordException;
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

        Map<String, List<byte[]>> callPayloads = new LinkedHashMap<>();
        for (CallFormat format : List.of(CallFormat.JSON, CallFormat.AVRO_SINGLE_OBJECT, CallFormat.CONFLUENT_AVRO)) {
            callPayloads.put(format.optionName(), calls(records, format));
        }

        System.out.println("| records | format | ns per record | records/s | bytes per record | time against JSON |");
        System.out.println("|---|---|---:|---:|---:|---:|");
        WriterSchemaIds predictionSchema = id -> PredictionEvent.getClassSchema();
        compare("prediction events (20 features)", predictionPayloads,
                () -> new PredictionDecoder(PayloadFormat.AUTO, System::currentTimeMillis, new SchemaStore.Cache(),
                        predictionSchema)::decode);
        WriterSchemaIds callSchema = id -> LlmCallEvent.getClassSchema();
        compare("LLM calls", callPayloads,
                () -> new LlmCallDecoder(PayloadFormat.AUTO, System::currentTimeMillis, new SchemaStore.Cache(),
                        callSchema, LlmCallLimits.DEFAULTS)::decode);
    }

    private interface DecoderFactory {
        Decoder create();
    }

    private static <E> List<byte[]> encoded(List<E> events, Function<E, byte[]> encoder) {
        return events.stream().map(encoder).toList();
    }

    /** The demo's valid LLM calls, the same ones in every format (the same seed, and no draw for the format). */
    private static List<byte[]> calls(int records, CallFormat format) {
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
        List<byte[]> json = payloads.get("json");
        Decoder reference = decoders.create();
        for (Map.Entry<String, List<byte[]>> format : payloads.entrySet()) {
            Decoder decoder = decoders.create();
            for (int i = 0; i < json.size(); i++) {
                if (!sameRecord(reference.decode(json.get(i)), decoder.decode(format.getValue().get(i)))) {
                    throw new IllegalStateException(format.getKey() + " decodes record " + i + " otherwise than json: "
                            + decoder.decode(format.getValue().get(i)) + " against " + reference.decode(json.get(i)));
                }
            }
        }
        double jsonNanos = 0;
        for (Map.Entry<String, List<byte[]>> format : payloads.entrySet()) {
            List<byte[]> records = format.getValue();
            double nanos = measure(records, decoders.create());
            if (format.getKey().equals("json")) {
                jsonNanos = nanos;
            }
            double bytes = records.stream().mapToInt(p -> p.length).average().orElse(0);
            System.out.printf(Locale.ROOT, "| %s | %s | %.0f | %,.0f | %.0f | %.2fx |%n", kind, format.getKey(), nanos,
                    1e9 / nanos, bytes, nanos / jsonNanos);
        }
    }

    /** Equal, a prediction's features in any order: an Avro map does not keep the order JSON wrote them in. */
    private static boolean sameRecord(Object a, Object b) {
        if (a instanceof PredictionRecord p && b instanceof PredictionRecord q) {
            return features(p).equals(features(q)) && p.eventId().equals(q.eventId()) && p.timestamp() == q.timestamp()
                    && p.modelId().equals(q.modelId()) && p.modelVersion().equals(q.modelVersion())
                    && Objects.equals(p.predictionCategory(), q.predictionCategory())
                    && Double.compare(p.predictionNumber(), q.predictionNumber()) == 0;
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

    /** The median ns per record over the measured passes. */
    private static double measure(List<byte[]> payloads, Decoder decoder) throws Exception {
        for (int pass = 0; pass < WARMUP_PASSES; pass++) {
            timePass(payloads, decoder);
        }
        double[] nanos = new double[PASSES];
        for (int pass = 0; pass < PASSES; pass++) {
            nanos[pass] = timePass(payloads, decoder);
        }
        Arrays.sort(nanos);
        return nanos[PASSES / 2];
    }

    /** One pass over all payloads: ns per record. Every record is counted, so the JIT cannot drop the decoding. */
    private static double timePass(List<byte[]> payloads, Decoder decoder) throws Exception {
        long t0 = System.nanoTime();
        long decoded = 0;
        for (byte[] payload : payloads) {
            decoded += decoder.decode(payload) != null ? 1 : 0;
        }
        if (decoded != payloads.size()) {
            throw new IllegalStateException("a decoder returned no record");
        }
        return (double) (System.nanoTime() - t0) / payloads.size();
    }
}
