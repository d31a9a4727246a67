package io.plumbline.jobs.testing;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;

/**
 * Flink's KeyedTwoInputStreamOperatorTestHarness on an environment of the caller's, which that one does not
 * take (its one-input sibling does): for a two-input keyed operator whose metrics a test reads
 * ({@link OperatorMetrics}). Only what such tests call.
 */
public final class KeyedTwoInputHarness<K, IN1, IN2, OUT> extends AbstractStreamOperatorTestHarness<OUT> {

    private final TwoInputStreamOperator<IN1, IN2, OUT> twoInputs;

    public KeyedTwoInputHarness(TwoInputStreamOperator<IN1, IN2, OUT> operator, KeySelector<IN1, K> firstKey,
                                KeySelector<IN2, K> secondKey, TypeInformation<K> keyType, MockEnvironment environment)
            throws Exception {
        super(operator, environment);
        this.twoInputs = operator;
        config.setStatePartitioner(0, firstKey);
        config.setStatePartitioner(1, secondKey);
        config.setStateKeySerializer(keyType.createSerializer(executionConfig.getSerializerConfig()));
        config.serializeAllConfigs();
    }

    public void processElement1(IN1 value, long timestamp) throws Exception {
        StreamRecord<IN1> record = new StreamRecord<>(value, timestamp);
        twoInputs.setKeyContextElement1(record);
        twoInputs.processElement1(record);
    }

    public void processElement2(IN2 value, long timestamp) throws Exception {
        StreamRecord<IN2> record = new StreamRecord<>(value, timestamp);
        twoInputs.setKeyContextElement2(record);
        twoInputs.processElement2(record);
    }

    public void processBothWatermarks(Watermark watermark) throws Exception {
        twoInputs.processWatermark1(watermark);
        twoInputs.processWatermark2(watermark);
    }
}
