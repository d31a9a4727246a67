package io.plumbline.testing.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;


/**
 * What a {@code read_committed} reader sees of a job's three outputs, each record as one comparable line, so
 * that two runs of the same traffic can be compared record for record. A dead letter is compared without
 * the name of its source topic, which differs from run to run. Numbers are compared to 9 significant digits:
 * a window's events reach its state in another order in another run (two partitions read in parallel), and
 * sums such as a mean's are not associative in floating point.
 */
public record CommittedOutputs(List<String> stats, List<String> alerts, List<String> deadLetters) {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MathContext SIGNIFICANT = new MathContext(9);

    public static CommittedOutputs read(KafkaTestCluster kafka, String statsTopic, String alertsTopic,
                                        String deadLetterTopic) throws Exception {
        return read(kafka.bootstrapServers(), statsTopic, alertsTopic, deadLetterTopic);
    }

    /** The outputs as committed on the broker at {@code bootstrapServers}, which may be of another process. */
    public static CommittedOutputs read(String bootstrapServers, String statsTopic, String alertsTopic,
                                        String deadLetterTopic) throws Exception {
        CommittedReader reader = new CommittedReader(bootstrapServers);
        return new CommittedOutputs(keyAndValue(reader.readAll(statsTopic, READ_TIMEOUT)),
                keyAndValue(reader.readAll(alertsTopic, READ_TIMEOUT)),
                deadLetters(reader.readAll(deadLetterTopic, READ_TIMEOUT)));
    }

    public int size() {
        return stats.size() + alerts.size() + deadLetters.size();
    }

    /** Every output holds the same records as {@code reference}'s, as often: none missing, none twice. */
    public void assertSameAs(CommittedOutputs reference) {
        assertSame("drift or LLM stats", stats, reference.stats);
        assertSame("alerts", alerts, reference.alerts);
        assertSame("dead letters", deadLetters, reference.deadLetters);
    }

    private static void assertSame(String output, List<String> actual, List<String> expected) {
        Map<String, Integer> surplus = counts(actual);
        counts(expected).forEach((line, n) -> surplus.merge(line, -n, Integer::sum));
        List<String> twice = surplus.entrySet().stream().filter(e -> e.getValue() > 0).map(Map.Entry::getKey).toList();
        List<String> missing = surplus.entrySet().stream().filter(e -> e.getValue() < 0).map(Map.Entry::getKey)
                .toList();
        assertThat(twice).as("%s published more often than without the failure (%d records against %d)", output,
                actual.size(), expected.size()).isEmpty();
        assertThat(missing).as("%s missing against the run without the failure (%d records against %d)", output,
                actual.size(), expected.size()).isEmpty();
        assertThat(expected).as("%s of the run without the failure", output).isNotEmpty();
    }

    private static Map<String, Integer> counts(List<String> lines) {
        Map<String, Integer> counts = new HashMap<>();
        lines.forEach(line -> counts.merge(line, 1, Integer::sum));
        return counts;
    }

    private static List<String> keyAndValue(List<ConsumerRecord<byte[], byte[]>> records) {
        List<String> lines = new ArrayList<>(records.size());
        for (ConsumerRecord<byte[], byte[]> r : records) {
            lines.add(text(r.key()) + " " + canonical(r.value()));
        }
        return lines;
    }

    private static List<String> deadLetters(List<ConsumerRecord<byte[], byte[]>> records) {
        List<String> lines = new ArrayList<>(records.size());
        for (ConsumerRecord<byte[], byte[]> r : records) {
            StringBuilder line = new StringBuilder();
            for (Header h : r.headers()) {
                if (!h.key().equals("plumbline.source.topic")) {
                    line.append(h.key()).append('=').append(text(h.value())).append(' ');
                }
            }
            lines.add(line.append(base64(r.key())).append(' ').append(base64(r.value())).toString());
        }
        return lines;
    }

    /** The JSON value with every fractional number rounded to 9 significant digits. */
    private static String canonical(byte[] json) {
        try {
            return round(JSON.readTree(json)).toString();
        } catch (IOException e) {
            throw new UncheckedIOException("an output record that is not JSON: " + text(json), e);
        }
    }

    private static JsonNode round(JsonNode node) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            object.properties().forEach(field -> object.set(field.getKey(), round(field.getValue())));
        } else if (node.isArray()) {
            ArrayNode array = (ArrayNode) node;
            for (int i = 0; i < array.size(); i++) {
                array.set(i, round(array.get(i)));
            }
        } else if (node.isFloatingPointNumber() && Double.isFinite(node.doubleValue())) {
            return DecimalNode.valueOf(new BigDecimal(node.doubleValue()).round(SIGNIFICANT).stripTrailingZeros());
        }
        return node;
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "null" : new String(bytes, StandardCharsets.UTF_8);
    }

    private static String base64(byte[] bytes) {
        return bytes == null ? "null" : Base64.getEncoder().encodeToString(bytes);
    }
}
