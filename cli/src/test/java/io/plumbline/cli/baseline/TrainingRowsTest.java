package io.plumbline.cli.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.plumbline.schemas.event.PredictionRecord;
import io.plumbline.schemas.event.ValueKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingRowsTest {

    @TempDir Path dir;

    private List<PredictionRecord> read(String name, String content) throws IOException {
        List<PredictionRecord> rows = new ArrayList<>();
        long n = TrainingRows.read(Files.writeString(dir.resolve(name), content), "m", "v1", rows::add);
        assertThat(n).isEqualTo(rows.size());
        return rows;
    }

    @Test
    void csvValuesGetTheStreamsKinds() throws IOException {
        List<PredictionRecord> rows = read("train.csv", """
                income,region,member,prediction
                52000.5,"south, coast",TRUE,0.2
                ,north,false,NaN

                1e3,"say ""hi""
                there",true,approve
                """);

        assertThat(rows).hasSize(3);
        PredictionRecord first = rows.get(0);
        assertThat(first.modelId()).isEqualTo("m");
        assertThat(first.featureKind(0)).isEqualTo(ValueKind.NUMBER);
        assertThat(first.number(0)).isEqualTo(52000.5);
        assertThat(first.category(1)).isEqualTo("south, coast");
        assertThat(first.category(2)).isEqualTo("true");
        assertThat(first.predictionNumber()).isEqualTo(0.2);
        assertThat(rows.get(1).featureKind(0)).isEqualTo(ValueKind.MISSING);
        assertThat(rows.get(1).predictionKind()).isEqualTo(ValueKind.MISSING);
        assertThat(rows.get(2).category(1)).isEqualTo("say \"hi\"\nthere");
        assertThat(rows.get(2).predictionCategory()).isEqualTo("approve");
    }

    @Test
    void jsonLinesMayBeFlatOrShapedLikeEvents() throws IOException {
        List<PredictionRecord> rows = read("train.jsonl", """
                {"income": 52000, "region": "south", "tags": [1], "prediction": 0.3}
                {"event_id": "x", "features": {"income": null, "region": "north"}, "prediction": "deny"}
                """);

        assertThat(rows.get(0).featureCount()).isEqualTo(3);
        assertThat(rows.get(0).featureKind(2)).isEqualTo(ValueKind.UNSUPPORTED);
        assertThat(rows.get(0).predictionNumber()).isEqualTo(0.3);
        assertThat(rows.get(1).featureName(0)).isEqualTo("income");
        assertThat(rows.get(1).featureKind(0)).isEqualTo(ValueKind.MISSING);
        assertThat(rows.get(1).predictionCategory()).isEqualTo("deny");
    }

    @Test
    void badInputIsRefusedNamingTheFileAndLine() {
        assertThatThrownBy(() -> read("short.csv", "a,b\n1,2\n3\n"))
                .hasMessageContaining("short.csv line 3").hasMessageContaining("1 fields, but the header has 2");
        assertThatThrownBy(() -> read("broken.jsonl", "{\"a\":1}\n{nope\n"))
                .hasMessageContaining("broken.jsonl line 2: not JSON");
        assertThatThrownBy(() -> read("open.csv", "a\n\"never closed\n"))
                .hasMessageContaining("never closed");
        assertThatThrownBy(() -> read("train.parquet", "x"))
                .hasMessageContaining("expected a .csv file with a header row or a .jsonl file");
    }

    @Test
    void aByteOrderMarkDoesNotRenameTheFirstColumn() throws IOException {
        Path file = dir.resolve("excel.csv");
        Files.write(file, ("\uFEFFincome,prediction\n52000,0.2\n").getBytes(StandardCharsets.UTF_8));
        List<PredictionRecord> rows = new ArrayList<>();

        TrainingRows.read(file, "m", "v1", rows::add);

        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.featureName(0)).isEqualTo("income");
            assertThat(row.number(0)).isEqualTo(52000);
        });
    }

    @Test
    void headerNamesAreTrimmed() throws IOException {
        List<PredictionRecord> rows = read("spaced.csv", "income , region,prediction \n52000,south,0.2\n");

        assertThat(rows.get(0).featureName(0)).isEqualTo("income");
        assertThat(rows.get(0).featureName(1)).isEqualTo("region");
        assertThat(rows.get(0).predictionNumber()).isEqualTo(0.2);
    }

    @Test
    void aColumnNamedTwiceIsRefusedAsInJson() {
        assertThatThrownBy(() -> read("twice.csv", "income,region,income\n1,north,2\n"))
                .hasMessageContaining("twice.csv line 1: column 'income' is named twice");
        assertThatThrownBy(() -> read("twice-trimmed.csv", "income, income\n1,2\n"))
                .hasMessageContaining("column 'income' is named twice");
    }

    @Test
    void aFeatureNamedAsThePredictionIsRefusedAsTheStreamRefusesIt() {
        assertThatThrownBy(() -> read("events.jsonl", """
                {"features": {"income": 1}, "prediction": 0.3}
                {"features": {"income": 2, "prediction": 0.9}, "prediction": 0.4}
                """))
                .hasMessageContaining("events.jsonl line 2: feature 'prediction' is a reserved name: it names the"
                        + " prediction in drift records, alerts and metrics; rename the feature");
    }
}
