package io.plumbline.alerts.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AlertBookTest {

    @Test
    void firesOnFirstHoldingWindowAndResolvesOnFirstThatDoesNot() {
        AlertBook book = new AlertBook();
        assertThat(book.observe("f1", false, 0).kind()).isEqualTo(AlertChange.Kind.UNCHANGED);
        assertThat(book.observe("f1", true, 10_000)).isEqualTo(new AlertChange(AlertChange.Kind.FIRED, 10_000));
        assertThat(book.observe("f1", true, 20_000).kind()).isEqualTo(AlertChange.Kind.UNCHANGED);
        assertThat(book.isFiring("f1")).isTrue();
        assertThat(book.observe("f1", false, 30_000)).isEqualTo(new AlertChange(AlertChange.Kind.RESOLVED, 10_000));
        assertThat(book.firingCount()).isZero();
    }

    @Test
    void roundTripsThroughItsBinaryForm() {
        AlertBook book = new AlertBook();
        book.observe("0123456789abcdef", true, 42);
        book.observe("fedcba9876543210", true, 7);
        AlertBook copy = AlertBook.fromBytes(book.toBytes());
        assertThat(copy).isEqualTo(book);
        assertThat(copy.observe("0123456789abcdef", false, 99)).isEqualTo(new AlertChange(AlertChange.Kind.RESOLVED, 42));
    }

    @Test
    void refusesForeignBytesWithAPreciseMessage() {
        assertThatThrownBy(() -> AlertBook.fromBytes(new byte[] {1, 2, 3, 4, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an alert book");
        byte[] future = new AlertBook().toBytes();
        future[4] = 9;
        assertThatThrownBy(() -> AlertBook.fromBytes(future))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version 9");
    }
}
