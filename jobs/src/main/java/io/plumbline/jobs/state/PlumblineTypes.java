package io.plumbline.jobs.state;

import io.plumbline.detectors.baseline.ReferenceBaseline;
import io.plumbline.jobs.kafka.DeadLetter;
import io.plumbline.jobs.kafka.DecodedBaseline;
import io.plumbline.jobs.kafka.DecodedRecord;
import io.plumbline.jobs.kafka.KeyedMessage;
import io.plumbline.schemas.event.PredictionRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/** The type information of every stream the jobs emit that Flink could not type without Kryo. */
public final class PlumblineTypes {

    public static final TypeInformation<PredictionRecord> PREDICTION_RECORD =
            new SerializerTypeInfo<>(PredictionRecord.class, PredictionRecordSerializer.INSTANCE);
    public static final TypeInformation<DecodedRecord> DECODED_RECORD =
            new SerializerTypeInfo<>(DecodedRecord.class, DecodedRecordSerializer.INSTANCE);
    public static final TypeInformation<DecodedBaseline> DECODED_BASELINE =
            new SerializerTypeInfo<>(DecodedBaseline.class, DecodedBaselineSerializer.INSTANCE);
    public static final TypeInformation<ReferenceBaseline> REFERENCE_BASELINE =
            new SerializerTypeInfo<>(ReferenceBaseline.class, ReferenceBaselineSerializer.INSTANCE);
    public static final TypeInformation<DeadLetter> DEAD_LETTER =
            new SerializerTypeInfo<>(DeadLetter.class, DeadLetterSerializer.INSTANCE);
    public static final TypeInformation<KeyedMessage> KEYED_MESSAGE =
            new SerializerTypeInfo<>(KeyedMessage.class, KeyedMessageSerializer.INSTANCE);

    private PlumblineTypes() {
    }
}
