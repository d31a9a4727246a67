package io.plumbline.schemas.codec;

import io.plumbline.schemas.LlmCallEvent;
import io.plumbline.schemas.PredictionEvent;
import io.plumbline.schemas.event.LlmCallRecord;
import io.plumbline.schemas.event.PredictionRecord;
import io.plumbline.schemas.event.ValueKind;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a decoded record says, as a sorted map: identity, prediction and features by name, since Avro
 * maps do not keep the writer's order. An event's view is what decoding it must produce; for an LLM
 * call, which has no maps, that is simply the record it must decode to.
 */
final class RecordViews {

    static Map<String, Object> view(PredictionRecord r) {
        Map<String, Object> view = new TreeMap<>();
        view.put("event_id", r.eventId());
        view.put("timestamp", r.timestamp());
        view.put("model_id", r.modelId());
        view.put("model_version", r.modelVersion());
        view.put("prediction", r.predictionKind() == ValueKind.NUMBER ? r.predictionNumber() : r.predictionCategory());
        for (int i = 0; i < r.featureCount(); i++) {
            Object value = switch (r.featureKind(i)) {
                case NUMBER -> r.number(i);
                case CATEGORY -> r.category(i);
                default -> r.featureKind(i);
            };
            view.put("features." + r.featureName(i), value);
        }
        return view;
    }

    static Map<String, Object> view(PredictionEvent e) {
        Map<String, Object> view = new TreeMap<>();
        view.put("event_id", e.getEventId());
        view.put("timestamp", e.getTimestamp());
        view.put("model_id", e.getModelId());
        view.put("model_version", e.getModelVersion());
        view.put("prediction", e.getPrediction());
        e.getFeatures().forEach((name, value) -> view.put("features." + name,
                value == null ? ValueKind.MISSING : value instanceof Boolean b ? b.toString() : value));
        return view;
    }

    /** The record an LLM call decodes to, field by field from the contract, independently of the decoder. */
    static LlmCallRecord decoded(LlmCallEvent e) {
        return LlmCallRecord.builder()
                .eventId(e.getEventId())
                .startTimeNanos(e.getStartTimeUnixNano())
                .endTimeNanos(e.getEndTimeUnixNano())
                .service(e.getServiceName())
                .operation(e.getGenAiOperationName())
                .provider(e.getGenAiProviderName())
                .requestModel(e.getGenAiRequestModel())
                .responseModel(e.getGenAiResponseModel())
                .promptName(e.getGenAiPromptName())
                .promptVersion(e.getPromptVersion())
                .inputTokens(orNoCount(e.getGenAiUsageInputTokens()))
                .outputTokens(orNoCount(e.getGenAiUsageOutputTokens()))
                .cacheReadTokens(orNoCount(e.getGenAiUsageCacheReadInputTokens()))
                .reasoningTokens(orNoCount(e.getGenAiUsageReasoningOutputTokens()))
                .finishReasons(e.getGenAiResponseFinishReasons() == null ? List.of() : e.getGenAiResponseFinishReasons())
                .ttftSeconds(orNaN(e.getGenAiResponseTimeToFirstChunk()))
                .errorType(e.getErrorType())
                .refusal(e.getRefusal())
                .costUsd(orNaN(e.getCostUsd()))
                .evalScore(orNaN(e.getEvalScore()))
                .tenant(e.getTenant())
                .build();
    }

    private static long orNoCount(Long count) {
        return count == null ? LlmCallRecord.NO_COUNT : count;
    }

    private static double orNaN(Double value) {
        return value == null ? Double.NaN : value;
    }

    private RecordViews() {
    }
}
