package io.plumbline.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.plumbline.cli.Plumbline;
import io.plumbline.cli.baseline.BaselinePublisher;
import io.plumbline.cli.demo.EmbeddedBroker;
import io.plumbline.detectors.baseline.ReferenceBaseline;
import io.plumbline.detectors.format.ReferenceBaselineFormat;
import io.plumbline.detectors.sketch.CategoricalSketch;
import io.plumbline.detectors.sketch.FeatureType;
import io.plumbline.detectors.sketch.NumericSketch;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class BaselineCommandTest {

    @TempDir Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** 5 000 rows: income ~ N(50 000, 10 000), region one of three, a score prediction. */
    private Path trainingCsv(double[] incomes) throws Exception {
        Random random = new Random(11);
        StringBuilder csv = new StringBuilder("income,region,prediction\n");
        String[] regions = {"north", "south", "east"};
        for (int i = 0; i < incomes.length; i++) {
            incomes[i] = Math.rint(50_000 + 10_000 * random.nextGaussian());
            csv.append(incomes[i]).append(',').append(regions[i % 3]).append(',').append(random.nextDouble()).append('\n');
        }
        return Files.writeString(dir.resolve("train.csv"), csv);
    }

    @Test
    void buildsAndPublishesACompactedReferenceKeyedByModelAndVersion() throws Exception {
        double[] incomes = new double[5_000];
        Path csv = trainingCsv(incomes);
        try (EmbeddedBroker broker = EmbeddedBroker.start(0, null)) {
            int exit = execute("baseline", "build", "--input", csv.toString(), "--model", "credit-risk",
                    "--version", "v3", "--bootstrap-servers", broker.bootstrapServers());

            assertThat(exit).as(err.toString()).isZero();
            assertThat(out.toString()).contains("Baseline for credit-risk v3 from train.csv: 5000 rows, 2 features")
                    .contains("Published to plumbline.baselines");

            ConsumerRecord<byte[], byte[]> record = readOne(broker, "plumbline.baselines");
            assertThat(record.key()).isEqualTo(BaselinePublisher.key("credit-risk", "v3"));
            ReferenceBaseline baseline = ReferenceBaselineFormat.read(record.value());
            assertThat(baseline.modelId()).isEqualTo("credit-risk");
            assertThat(baseline.source()).isEqualTo("train.csv");
            assertThat(baseline.types().typeOf("region")).isEqualTo(FeatureType.CATEGORICAL);
            NumericSketch income = (NumericSketch) baseline.profile().feature("income");
            assertThat(income.count()).isEqualTo(5_000);
            assertThat(income.mean()).isCloseTo(java.util.Arrays.stream(incomes).average().orElseThrow(), within(1e-6));
            assertThat(((CategoricalSketch) baseline.profile().feature("region")).count("south")).isEqualTo(1_667);
            assertThat(baseline.profile().prediction().count()).isEqualTo(5_000);

            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "plumbline.baselines");
                Config config = admin.describeConfigs(List.of(topic)).all().get().get(topic);
                assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
            }
        }
    }

    @Test
    void publishesWithTheKafkaClientPropertiesAndTopicOfRunsConfig() throws Exception {
        Path csv = trainingCsv(new double[100]);
        try (EmbeddedBroker broker = EmbeddedBroker.start(0, null)) {
            Path config = Files.writeString(dir.resolve("plumbline.yaml"), """
                    kafka:
                      bootstrap-servers: %s
                      properties: { security.protocol: SASL_PLAINTEXT, sasl.mechanism: PLAIN }
                    topics: { baselines: team.baselines }
                    """.formatted(broker.bootstrapServers()));

            int exit = execute("baseline", "build", "--input", csv.toString(), "--model", "m", "--version", "1",
                    "--config", config.toString());

            assertThat(exit).isEqualTo(1);
            assertThat(err.toString()).as("the SASL property reached the client").contains("JAAS");

            exit = execute("baseline", "build", "--input", csv.toString(), "--model", "m", "--version", "1",
                    "--config", config.toString(), "--set", "kafka.properties.security.protocol=PLAINTEXT");

            assertThat(exit).as(err.toString()).isZero();
            assertThat(out.toString()).contains("Published to team.baselines");
            assertThat(readOne(broker, "team.baselines").key()).isEqualTo(BaselinePublisher.key("m", "1"));
        }
    }

    @Test
    void itsCategoricalSketchesNameAsManyCategoriesAsTheConfigSays() throws Exception {
        Path csv = trainingCsv(new double[100]);
        try (EmbeddedBroker broker = EmbeddedBroker.start(0, null)) {
            int exit = execute("baseline", "build", "--input", csv.toString(), "--model", "m", "--version", "1",
                    "--bootstrap-servers", broker.bootstrapServers(), "--set", "features.max-categories=2");

            assertThat(exit).as(err.toString()).isZero();
            CategoricalSketch region = (CategoricalSketch) ReferenceBaselineFormat.read(readOne(broker, "plumbline.baselines")
                    .value()).profile().feature("region");
            assertThat(region.maxDistinct()).isEqualTo(2);
            assertThat(region.otherCount()).as("three regions").isPositive();
        }
    }

    @Test
    void writesToAFileWithoutKafka() throws Exception {
        Path csv = trainingCsv(new double[300]);
        Path output = dir.resolve("baseline.bin");

        int exit = execute("baseline", "build", "--input", csv.toString(), "--model", "m", "--version", "1",
                "--output", output.toString());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(ReferenceBaselineFormat.read(Files.readAllBytes(output)).profile().events()).isEqualTo(300);
    }

    @Test
    void refusesToBuildANowhereBoundBaseline() throws Exception {
        Path csv = trainingCsv(new double[10]);

        int exit = execute("baseline", "build", "--input", csv.toString(), "--model", "m", "--version", "1");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--bootstrap-servers").contains("--output");
    }

    private int execute(String... args) {
        CommandLine cli = Plumbline.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private static ConsumerRecord<byte[], byte[]> readOne(EmbeddedBroker broker, String topic) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (records.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        assertThat(records).hasSize(1);
        return records.get(0);
    }
}
