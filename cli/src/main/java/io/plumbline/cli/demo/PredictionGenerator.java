package io.plumbline.cli.demo;

import io.plumbline.schemas.PredictionEvent;
import io.plumbline.schemas.codec.InferenceLogEncoder;
import io.plumbline.schemas.codec.PredictionEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The demo's prediction traffic, in event-time order: two models taking turns, the first of which
 * shifts during the schedule's shift windows while the second never does. Records are JSON or Avro
 * single-object encoded at random, as services of both kinds would send, or in one format ({@link #writtenAs}),
 * with a few malformed ones mixed in for the dead-letter topic. The same seed and schedule give the same records.
 */
public final class PredictionGenerator implements TrafficSource {

    /** Share of events sent as Avro single-object encoding; the rest are JSON. */
    static final double AVRO_SHARE = 0.3;
    /** One record in this many is malformed. */
    public static final int MALFORMED_EVERY = 2_500;

    private static final List<byte[]> MALFORMED = List.of(
            "{\"event_id\":\"broken-1\",\"timestamp\":17".getBytes(StandardCharsets.UTF_8),
            "{\"event_id\":\"broken-2\",\"timestamp\":1700000000000,\"model_version\":\"v3\",\"features\":{},\"prediction\":0.5}"
                    .getBytes(StandardCharsets.UTF_8),
            "{\"event_id\":\"broken-3\",\"timestamp\":\"yesterday\",\"model_id\":\"credit-risk\",\"model_version\":\"v3\",\"features\":{},\"prediction\":0.5}"
                    .getBytes(StandardCharsets.UTF_8),
            new byte[] {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 42});

    private final SplittableRandom rng;
    private final TrafficSchedule schedule;
    private final int eventsPerModelPerWindow;
    private final List<SyntheticModel> models = List.of(new CreditRiskModel(), new ChurnModel());
    private long events;
    private long records;
    private TrafficFormat format = TrafficFormat.MIXED;
    private int schemaId;

    public PredictionGenerator(long seed, TrafficSchedule schedule, int eventsPerModelPerWindow) {
        this.rng = new SplittableRandom(seed);
        this.schedule = schedule;
        this.eventsPerModelPerWindow = eventsPerModelPerWindow;
    }

    /** The event time of the next record: evenly spaced, the same for both models' turns. */
    @Override
    public long nextTimestamp() {
        long perModel = events / models.size();
        return schedule.eventStart() + perModel * schedule.windowMillis() / eventsPerModelPerWindow;
    }

    @Override
    public GeneratedRecord next() {
        long timestamp = nextTimestamp();
        if (++records % MALFORMED_EVERY == 0) {
            return new GeneratedRecord(null, timestamp, MALFORMED.get(rng.nextInt(MALFORMED.size())), true);
        }
        SyntheticModel model = models.get((int) (events % models.size()));
        boolean shifted = model == shiftedModel() && schedule.shifted(timestamp);
        Map<String, Object> features = new LinkedHashMap<>();
        double prediction = model.draw(rng, shifted, features);
        PredictionEvent event = PredictionEvent.newBuilder()
                .setEventId(model.id() + "-" + events)
                .setTimestamp(timestamp)
                .setModelId(model.id())
                .setModelVersion(model.version())
                .setFeatures(features)
                .setPrediction(prediction)
                .setLatencyMs(Math.round(Math.exp(2.3 + 0.4 * rng.nextGaussian()) * 10) / 10.0)
                .build();
        events++;
        // Drawn in every format, so that the same seed gives the same events whichever way they are written.
        boolean avro = rng.nextDouble() < AVRO_SHARE;
        return switch (format) {
            case MIXED -> new GeneratedRecord(null, timestamp, avro ? PredictionEncoder.avroSingleObject(event)
                    : PredictionEncoder.json(event), false);
            case JSON -> new GeneratedRecord(null, timestamp, PredictionEncoder.json(event), false);
            case AVRO_SINGLE_OBJECT -> new GeneratedRecord(null, timestamp, PredictionEncoder.avroSingleObject(event),
                    false);
            case CONFLUENT_AVRO -> new GeneratedRecord(null, timestamp, PredictionEncoder.confluent(schemaId, event),
                    false);
            case KSERVE -> inferenceLogs(event, timestamp);
            case OTLP_PROTO, OTLP_JSON -> throw new IllegalStateException(format.optionName() + " carries no predictions");
        };
    }

    /**
     * Writes each prediction in {@code format} instead of {@link TrafficFormat#MIXED}: {@link TrafficFormat#KSERVE}
     * as a model server logs its inference, a request and a response CloudEvent in binary mode with Open Inference
     * Protocol (V2) bodies, as KServe's logger does through a Knative KafkaSink; {@code schemaId} is the registered
     * schema's, for {@link TrafficFormat#CONFLUENT_AVRO}.
     */
    public PredictionGenerator writtenAs(TrafficFormat format, int schemaId) {
        if (!format.carriesPredictions()) {
            throw new IllegalArgumentException(format.optionName() + " carries no predictions: expected one of "
                    + TrafficFormat.names(false));
        }
        this.format = format;
        this.schemaId = schemaId;
        return this;
    }

    private static GeneratedRecord inferenceLogs(PredictionEvent event, long timestamp) {
        List<InferenceLogEncoder.LogRecord> logs = InferenceLogEncoder.write(event, InferenceLogEncoder.Mode.BINARY,
                InferenceLogEncoder.Protocol.V2);
        InferenceLogEncoder.LogRecord response = logs.get(1);
        return new GeneratedRecord(null, timestamp, logs.get(0).value(), false, logs.get(0).headers(),
                new GeneratedRecord(null, timestamp, response.value(), false, response.headers(), null));
    }

    /** The models' ids, in the order they take turns. */
    public List<String> modelIds() {
        return models.stream().map(SyntheticModel::id).toList();
    }

    /** The model that shifts; the others are the control that must stay quiet. */
    public SyntheticModel shiftedModel() {
        return models.get(0);
    }

    public List<SyntheticModel> models() {
        return models;
    }
}
