package io.plumbline.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StringInternerTest {

    @Test
    void equalStringsBecomeOneObject() {
        StringInterner interner = new StringInterner(64);
        String first = interner.intern(new String("plan"));

        assertThat(interner.intern(new String("plan"))).isSameAs(first);
        assertThat(interner.intern("xplanx".toCharArray(), 1, 4)).isSameAs(first);
    }

    @Test
    void charactersLookUpTheSameSlotAsStrings() {
        StringInterner interner = new StringInterner(64);
        String fromChars = interner.intern("São Paulo".toCharArray(), 0, 9);

        assertThat(interner.intern(new String("São Paulo"))).isSameAs(fromChars);
        assertThat(interner.intern("São Paulx".toCharArray(), 0, 9)).isEqualTo("São Paulx");
    }

    @Test
    void aNewcomerEvictsTheStringInItsSlot() {
        StringInterner oneSlot = new StringInterner(1);
        String a = oneSlot.intern(new String("a"));

        oneSlot.intern("b");
        String again = oneSlot.intern(new String("a"));

        assertThat(again).isEqualTo("a").isNotSameAs(a);
    }

    @Test
    void longStringsAreNotCached() {
        StringInterner interner = new StringInterner(64);
        String text = "x".repeat(StringInterner.MAX_CACHED_LENGTH + 1);
        String first = interner.intern(new String(text));

        assertThat(interner.intern(new String(text))).isEqualTo(text).isNotSameAs(first);
        assertThat(interner.intern(text.toCharArray(), 0, text.length())).isEqualTo(text).isNotSameAs(first);
    }

    @Test
    void theSlotCountIsAPowerOfTwo() {
        assertThatThrownBy(() -> new StringInterner(1000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("slots must be a power of two: 1000");
    }
}
