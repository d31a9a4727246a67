package io.plumbline.testing.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * the name of its source topic, which differs from run to run. Numbers are compared within a relative
 * tolerance: a window's events reach its state in another order in another run (two partitions read in
 * parallel), and sums such as a mean's are not associative in floating point.
 */
public record CommittedOutputs(List<String> stats, List<String> alerts, List<String> deadLetters) {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MathContext SIGNIFICANT = new MathContext(9);
    private static final double TOLERANCE = 1e-6;
    private static final Pattern REASON = Pattern.compile("plumbline\\.reason=(\\S+)");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");

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

    /** Waits until {@code topic} holds a committed record: a checkpoint of the job writing it has completed. */
    public static void awaitAny(String bootstrapServers, String topic, Duration timeout) throws Exception {
        new CommittedReader(bootstrapServers).readUntil(topic, read -> !read.isEmpty(), timeout);
    }

    /** How many dead letters give each reason, such as {@code late=3}. */
    public Map<String, Long> deadLetterReasons() {
        Map<String, Long> reasons = new TreeMap<>();
        for (String letter : deadLetters) {
            Matcher reason = REASON.matcher(letter);
            reasons.merge(reason.find() ? reason.group(1) : "?", 1L, Long::sum);
        }
        return reasons;
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

    /**
     * Compares record by record: the records of each shape (the line with its numbers taken out) must be as
     * many on both sides, and their numbers equal within a relative {@value #TOLERANCE}, since a sum over the
     * same values in another order differs in its last digits.
     */
    private static void assertSame(String output, List<String> actual, List<String> expected) {
        Map<String, List<double[]>> actualByShape = byShape(actual);
        Map<String, List<double[]>> expectedByShape = byShape(expected);
        List<String> twice = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> different = new ArrayList<>();
        Set<String> shapes = new TreeSet<>(actualByShape.keySet());
        shapes.addAll(expectedByShape.keySet());
        for (String shape : shapes) {
            List<double[]> a = actualByShape.getOrDefault(shape, List.of());
            List<double[]> e = expectedByShape.getOrDefault(shape, List.of());
            if (a.size() > e.size()) {
                twice.add(shape);
            } else if (a.size() < e.size()) {
                missing.add(shape);
            } else {
                for (int i = 0; i < a.size(); i++) {
                    if (!close(a.get(i), e.get(i))) {
                        different.add(shape + " " + Arrays.toString(a.get(i)) + " against " + Arrays.toString(e.get(i)));
                    }
                }
            }
        }
        assertThat(twice).as("%s published more often than without the failure (%d records against %d)", output,
                actual.size(), expected.size()).isEmpty();
        assertThat(missing).as("%s missing against the run without the failure (%d records against %d)", output,
                actual.size(), expected.size()).isEmpty();
        assertThat(different).as("%s with other values than without the failure", output).isEmpty();
        assertThat(expected).as("%s of the run without the failure", output).isNotEmpty();
    }

    private static Map<String, List<double[]>> byShape(List<String> lines) {
        Map<String, List<double[]>> byShape = new HashMap<>();
        for (String line : lines) {
            Matcher numbers = NUMBER.matcher(line);
            List<Double> values = new ArrayList<>();
            while (numbers.find()) {
                values.add(Double.parseDouble(numbers.group()));
            }
            byShape.computeIfAbsent(NUMBER.matcher(line).replaceAll("#"), shape -> new ArrayList<>())
                    .add(values.stream().mapToDouble(Double::doubleValue).toArray());
        }
        byShape.values().forEach(records -> records.sort(Arrays::compare));
        return byShape;
    }

    private static boolean close(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i] - b[i]) > TOLERANCE * Math.max(Math.abs(a[i]), Math.abs(b[i]))) {
                return false;
            }
        }
        return true;
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
