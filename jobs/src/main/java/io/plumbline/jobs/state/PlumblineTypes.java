package io.plumbline.jobs.state;

import io.plumbline.detectors.baseline.ReferenceBaseline;
import io.plumbline.jobs.drift.PanePartial;
import io.plumbline.jobs.kafka.DeadLetter;
import io.plumbline.jobs.kafka.DecodedBaseline;
import io.plumbline.jobs.kafka.DecodedRecord;
import io.plumbline.jobs.kafka.KeyedMessage;
import io.plumbline.jobs.llm.CallPartial;
import io.plumbline.jobs.llm.Spend;
import io.plumbline.schemas.event.InferenceHalf;
import io.plumbline.schemas.event.LlmCallRecord;
import io.plumbline.schemas.event.PredictionRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.types.Either;

/** The type information of every stream the jobs emit that Flink could not type without Kryo. */
public final class PlumblineTypes {

    public static final TypeInformation<PredictionRecord> PREDICTION_RECORD =
            new SerializerTypeInfo<>(PredictionRecord.class, PredictionRecordSerializer.INSTANCE);
    /** Decoded predictions, accepted or rejected. */
    public static final TypeInformation<DecodedRecord<PredictionRecord>> DECODED_RECORD =
            decoded(PredictionRecordSerializer.INSTANCE);
    public static final TypeInformation<InferenceHalf> INFERENCE_HALF =
            new SerializerTypeInfo<>(InferenceHalf.class, InferenceHalfSerializer.INSTANCE);
    /** Decoded halves of logged inferences, accepted or rejected. */
    public static final TypeInformation<DecodedRecord<InferenceHalf>> DECODED_INFERENCE_HALF =
            decoded(InferenceHalfSerializer.INSTANCE);
    public static final TypeInformation<LlmCallRecord> LLM_CALL_RECORD =
            new SerializerTypeInfo<>(LlmCallRecord.class, LlmCallRecordSerializer.INSTANCE);
    public static final TypeInformation<DecodedRecord<LlmCallRecord>> DECODED_LLM_CALL =
            decoded(LlmCallRecordSerializer.INSTANCE);
    public static final TypeInformation<DecodedBaseline> DECODED_BASELINE =
            new SerializerTypeInfo<>(DecodedBaseline.class, DecodedBaselineSerializer.INSTANCE);
    public static final TypeInformation<ReferenceBaseline> REFERENCE_BASELINE =
            new SerializerTypeInfo<>(ReferenceBaseline.class, ReferenceBaselineSerializer.INSTANCE);
    public static final TypeInformation<DeadLetter> DEAD_LETTER =
            new SerializerTypeInfo<>(DeadLetter.class, DeadLetterSerializer.INSTANCE);
    public static final TypeInformation<KeyedMessage> KEYED_MESSAGE =
            new SerializerTypeInfo<>(KeyedMessage.class, KeyedMessageSerializer.INSTANCE);
    public static final TypeInformation<PanePartial> PANE_PARTIAL =
            new SerializerTypeInfo<>(PanePartial.class, PanePartialSerializer.INSTANCE);
    /** What reaches the drift stage: an event, or a partial of a pane's events folded before the shuffle. */
    public static final TypeInformation<Either<PredictionRecord, PanePartial>> MODEL_UPDATE =
            new EitherTypeInfo<>(PREDICTION_RECORD, PANE_PARTIAL);
    public static final TypeInformation<CallPartial> CALL_PARTIAL =
            new SerializerTypeInfo<>(CallPartial.class, CallPartialSerializer.INSTANCE);
    /** What reaches the LLM stage: a call, or a partial of a window's calls folded before the shuffle. */
    public static final TypeInformation<Either<LlmCallRecord, CallPartial>> CALL_UPDATE =
            new EitherTypeInfo<>(LLM_CALL_RECORD, CALL_PARTIAL);
    public static final TypeInformation<Spend> SPEND = new SerializerTypeInfo<>(Spend.class, SpendSerializer.INSTANCE);

    private PlumblineTypes() {
    }

    /** The class of a generic type is the raw class: the cast is what the language asks to say so. */
    @SuppressWarnings("unchecked")
    private static <E> TypeInformation<DecodedRecord<E>> decoded(TypeSerializer<E> events) {
        return new SerializerTypeInfo<>((Class<DecodedRecord<E>>) (Class<?>) DecodedRecord.class,
                new DecodedRecordSerializer<>(events));
    }
}
