package io.plumbline.alerts.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertBookTest {

    private static final Map<String, String> INCOME_KS = SampleAlertBooks.labels("income", "ks");
    private static final Map<String, String> DRIFT_SHARE = SampleAlertBooks.labels(null, "drift_share");

    static byte[] golden(String file) throws IOException {
        try (InputStream in = AlertBookTest.class.getResourceAsStream("/golden/" + file)) {
            assertThat(in).as("golden file %s on the test classpath", file).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void firesOnFirstHoldingWindowAndResolvesOnFirstThatDoesNot() {
        AlertBook book = new AlertBook();
        assertThat(book.observe(INCOME_KS, false, 0).kind()).isEqualTo(AlertChange.Kind.UNCHANGED);
        assertThat(book.observe(INCOME_KS, true, 10_000)).isEqualTo(new AlertChange(AlertChange.Kind.FIRED, 10_000));
        assertThat(book.observe(INCOME_KS, true, 20_000).kind()).isEqualTo(AlertChange.Kind.UNCHANGED);
        assertThat(book.isFiring(Fingerprint.of(INCOME_KS))).isTrue();
        assertThat(book.observe(INCOME_KS, false, 30_000)).isEqualTo(new AlertChange(AlertChange.Kind.RESOLVED, 10_000));
        assertThat(book.firingCount()).isZero();
    }

    @Test
    void knowsTheLabelsOfEachAlertFiringInTheOrderOfTheirFingerprints() {
        AlertBook book = SampleAlertBooks.firing();

        assertThat(book.firingLabels()).containsExactlyElementsOf(
                Fingerprint.of(INCOME_KS).compareTo(Fingerprint.of(DRIFT_SHARE)) < 0
                        ? List.of(INCOME_KS, DRIFT_SHARE) : List.of(DRIFT_SHARE, INCOME_KS));
        book.observe(INCOME_KS, false, 0);
        assertThat(book.firingLabels()).containsExactly(DRIFT_SHARE);
    }

    @Test
    void roundTripsThroughItsBinaryForm() {
        AlertBook book = SampleAlertBooks.firing();
        AlertBook copy = AlertBook.fromBytes(book.toBytes());
        assertThat(copy).isEqualTo(book);
        assertThat(copy.firingLabels()).containsExactlyInAnyOrder(INCOME_KS, DRIFT_SHARE);
        assertThat(copy.observe(INCOME_KS, false, 99))
                .isEqualTo(new AlertChange(AlertChange.Kind.RESOLVED, SampleAlertBooks.SINCE));
    }

    @Test
    void readsTheGoldenFileOfVersion2ByteForByte() throws IOException {
        byte[] golden = golden(AlertBookGoldenFileGenerator.FILE);

        AlertBook book = AlertBook.fromBytes(golden);
        assertThat(book).isEqualTo(SampleAlertBooks.golden());
        assertThat(SampleAlertBooks.golden().toBytes()).isEqualTo(golden);
        assertThat(book.firingCount()).isEqualTo(3);
        assertThat(book.firingLabels()).as("income's alert came from version 1, without labels")
                .containsExactlyInAnyOrder(DRIFT_SHARE, SampleAlertBooks.labels("age", "psi"));
        assertThat(book.observe(INCOME_KS, false, 0))
                .isEqualTo(new AlertChange(AlertChange.Kind.RESOLVED, SampleAlertBooks.SINCE));
    }

    /** A book of version 1 knows its alerts by fingerprint only: they fire and resolve, without labels. */
    @Test
    void readsTheGoldenFileOfVersion1AndKeepsItsAlertsWithoutLabelsThroughVersion2() throws IOException {
        AlertBook old = AlertBook.fromBytes(golden("alert-book-v1.bin"));

        assertThat(old.firingCount()).isEqualTo(2);
        assertThat(old.isFiring(Fingerprint.of(INCOME_KS))).isTrue();
        assertThat(old.isFiring(Fingerprint.of(DRIFT_SHARE))).isTrue();
        assertThat(old.firingLabels()).as("version 1 kept no labels").isEmpty();

        AlertBook rewritten = AlertBook.fromBytes(old.toBytes());
        assertThat(rewritten).isEqualTo(old);
        assertThat(rewritten.observe(DRIFT_SHARE, false, 0))
                .isEqualTo(new AlertChange(AlertChange.Kind.RESOLVED, SampleAlertBooks.SINCE + 60_000));
        assertThat(rewritten.observe(INCOME_KS, false, 0))
                .isEqualTo(new AlertChange(AlertChange.Kind.RESOLVED, SampleAlertBooks.SINCE));
    }

    @Test
    void anAlertFiredWithoutLabelsLearnsThemWhenJudgedAgain() throws IOException {
        AlertBook old = AlertBook.fromBytes(golden("alert-book-v1.bin"));

        assertThat(old.observe(INCOME_KS, true, SampleAlertBooks.SINCE + 600_000).kind())
                .isEqualTo(AlertChange.Kind.UNCHANGED);

        assertThat(old.firingLabels()).containsExactly(INCOME_KS);
        assertThat(old.observe(INCOME_KS, false, 0))
                .as("still firing since it first fired").isEqualTo(
                        new AlertChange(AlertChange.Kind.RESOLVED, SampleAlertBooks.SINCE));
    }

    @Test
    void refusesForeignAndDamagedBytesWithAPreciseMessage() throws IOException {
        assertThatThrownBy(() -> AlertBook.fromBytes(new byte[] {1, 2, 3, 4, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an alert book");
        byte[] future = new AlertBook().toBytes();
        future[4] = 9;
        assertThatThrownBy(() -> AlertBook.fromBytes(future))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version 9");
        byte[] golden = golden(AlertBookGoldenFileGenerator.FILE);
        assertThatThrownBy(() -> AlertBook.fromBytes(Arrays.copyOf(golden, golden.length - 3)))
                .hasMessageStartingWith("corrupt alert book: truncated at offset");
        assertThatThrownBy(() -> AlertBook.fromBytes(Arrays.copyOf(golden, golden.length + 1)))
                .hasMessageStartingWith("corrupt alert book: 1 unexpected bytes after the end");
    }
}
