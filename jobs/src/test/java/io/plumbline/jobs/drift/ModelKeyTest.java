package io.plumbline.jobs.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.schemas.event.PredictionRecord;
import org.junit.jupiter.api.Test;

class ModelKeyTest {

    @Test
    void readsBackIdAndVersionWhateverTheyContain() {
        for (String[] pair : new String[][] {
                {"credit-risk", "v3"}, {"a/b", "c/d"}, {"12:x", ":/"}, {"", ""}, {"模型", "版本"}}) {
            String key = ModelKey.of(pair[0], pair[1]);

            assertThat(ModelKey.modelId(key)).isEqualTo(pair[0]);
            assertThat(ModelKey.modelVersion(key)).isEqualTo(pair[1]);
        }
    }

    @Test
    void keysDifferWhereTheSplitDiffers() {
        assertThat(ModelKey.of("a/b", "c")).isNotEqualTo(ModelKey.of("a", "b/c"));
        assertThat(new PredictionPartials(60_000, 10, 10).key(new PredictionRecord().reset("e", 0, "credit-risk", "v3")))
                .isEqualTo("11:credit-risk/v3");
    }
}
