package io.plumbline.jobs.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.detectors.llm.CallVariant;
import org.junit.jupiter.api.Test;

class CallVariantsTest {

    @Test
    void everyCallOfAVariantGetsTheSameInstanceFromFreshStrings() {
        CallVariants variants = new CallVariants();

        CallVariant first = variants.of("openai", "gpt-4o", "v7");
        CallVariant again = variants.of(new String("openai"), new String("gpt-4o"), new String("v7"));

        assertThat(again).isSameAs(first).isEqualTo(new CallVariant("openai", "gpt-4o", "v7"));
        assertThat(variants.of("openai", "gpt-4o", "v8")).isNotEqualTo(first);
        assertThat(variants.of("azure.ai.openai", "gpt-4o", "v7")).isNotEqualTo(first);
        assertThat(variants.size()).isEqualTo(3);
    }

    @Test
    void pastItsCapacityTheCacheStartsOverAndStillAnswersByValue() {
        CallVariants variants = new CallVariants();
        CallVariant first = variants.of("openai", "gpt-4o", "v0");

        for (int i = 1; i <= CallVariants.CAPACITY; i++) {
            variants.of("openai", "gpt-4o", "v" + i);
            assertThat(variants.size()).isLessThanOrEqualTo(CallVariants.CAPACITY);
        }

        assertThat(variants.size()).isEqualTo(1);
        CallVariant later = variants.of("openai", "gpt-4o", "v0");
        assertThat(later).isEqualTo(first).isNotSameAs(first);
    }
}
