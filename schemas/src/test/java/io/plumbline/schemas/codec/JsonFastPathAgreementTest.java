package io.plumbline.schemas.codec;

import static io.plumbline.schemas.codec.JsonEvent.END_NANOS;
import static io.plumbline.schemas.codec.JsonEvent.NOW;
import static io.plumbline.schemas.codec.JsonEvent.TIMESTAMP;
import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.schemas.validation.RejectedRecordException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@link JsonPredictionFastPath} and {@link JsonLlmCallFastPath} against Jackson's reading of the same bytes: on seeded random events in every
 * form the fast path takes (fields in any order, optional fields, whitespace, numbers in every notation) and on
 * mutated copies of them, whenever the fast path answers, Jackson reads the event too and gets an equal record.
 * And it does answer for every well-formed plain event, which is what makes it worth having.
 */
class JsonFastPathAgreementTest {

    private static final long SEED = 20261206L;
    private static final String[] CATEGORIES = {"free", "pro", "", "eu-west", "a b", "x".repeat(256), "x".repeat(257),
        " ", "caf\u00e9", "tab\\tbed", "quote\\\"d"};
    private static final String[] NUMBERS = {"0", "-0", "42", "-7", "0.5", "-0.0", "1e3", "1E-2", "2.5e+10",
        "123456789012345678", "1234567890123456789", "0.1", "3.141592653589793", "1e400", "-1e400", "4.9e-324",
        "12345678901234567890.5", "NaN", "Infinity", "01", "1.", ".5"};

    private final StringInterner interner = new StringInterner(64);
    private final PlausibleTimestamps timestamps = new PlausibleTimestamps(() -> NOW);
    private final JsonPredictionFastPath fastPath = new JsonPredictionFastPath(interner, timestamps);
    private final JsonPredictionReader jackson = new JsonPredictionReader(new StringInterner(64), timestamps);
    private final JsonLlmCallFastPath llmFastPath = new JsonLlmCallFastPath(interner, timestamps, LlmCallLimits.DEFAULTS);
    private final JsonLlmCallReader llmJackson = new JsonLlmCallReader(new StringInterner(64), timestamps,
            LlmCallLimits.DEFAULTS);

    @Test
    void plainEventsAreAllReadByTheFastPathAsJacksonReadsThem() throws RejectedRecordException {
        SplittableRandom random = new SplittableRandom(SEED);
        assertAllRead(() -> event(random, true), fastPath::read, bytes -> jackson.readWithJackson(bytes));
    }

    @Test
    void whateverTheFastPathAnswersForJacksonReadsEqually() {
        SplittableRandom random = new SplittableRandom(SEED + 1);
        assertAgreement(() -> mutate(random, event(random, random.nextBoolean())), fastPath::read,
                bytes -> jackson.readWithJackson(bytes));
    }

    @Test
    void plainLlmCallsAreAllReadByTheFastPathAsJacksonReadsThem() throws RejectedRecordException {
        SplittableRandom random = new SplittableRandom(SEED + 2);
        assertAllRead(() -> llmCall(random, true), llmFastPath::read, bytes -> llmJackson.readWithJackson(bytes));
    }

    @Test
    void whateverTheLlmFastPathAnswersForJacksonReadsEqually() {
        SplittableRandom random = new SplittableRandom(SEED + 3);
        assertAgreement(() -> mutate(random, llmCall(random, random.nextBoolean())), llmFastPath::read,
                bytes -> llmJackson.readWithJackson(bytes));
    }

    private interface JacksonReading<T> {
        T read(byte[] bytes) throws RejectedRecordException;
    }

    /** Each of 20 000 valid events is read by the fast path, as Jackson reads it. */
    private static <T> void assertAllRead(Supplier<byte[]> events, Function<byte[], T> fast,
                                          JacksonReading<T> jackson) throws RejectedRecordException {
        for (int i = 0; i < 20_000; i++) {
            byte[] event = events.get();
            T full = jackson.read(event);
            T fastRecord = fast.apply(event);
            assertThat(fastRecord).as("the fast path reads %s", text(event)).isNotNull();
            assertThat(fastRecord).as(text(event)).isEqualTo(full);
        }
    }

    private static <T> void assertAgreement(Supplier<byte[]> events, Function<byte[], T> fast,
                                            JacksonReading<T> jackson) {
        int answered = 0;
        int rejected = 0;
        int cases = 100_000;
        for (int i = 0; i < cases; i++) {
            byte[] event = events.get();
            T fastRecord = fast.apply(event);
            T full;
            try {
                full = jackson.read(event);
            } catch (RejectedRecordException e) {
                rejected++;
                assertThat(fastRecord).as("Jackson rejects %s (%s), the fast path read it", text(event),
                        e.getMessage()).isNull();
                continue;
            }
            if (fastRecord != null) {
                answered++;
                assertThat(fastRecord).as(text(event)).isEqualTo(full);
            }
        }
        // Both kinds happen, so the agreement above was put to the test on each.
        assertThat(answered).isGreaterThan(cases / 20);
        assertThat(rejected).isGreaterThan(cases / 20);
    }

    /** An LLM call; {@code plain}: only what the fast path takes on, else anything a producer might send. */
    private static byte[] llmCall(SplittableRandom random, boolean plain) {
        long end = END_NANOS - random.nextLong(1_000_000_000_000L);
        long start = end - random.nextLong(1, 30_000_000_000L);
        List<String> fields = new ArrayList<>();
        fields.add(member("event_id", quoted("c-" + random.nextInt(1_000_000))));
        fields.add(member("start_time_unix_nano", Long.toString(start)));
        fields.add(member("end_time_unix_nano", Long.toString(end)));
        fields.add(member("service.name", quoted(random.nextBoolean() ? "support-bot" : "billing")));
        fields.add(member("gen_ai.operation.name", quoted("chat")));
        fields.add(member(random.nextInt(4) == 0 ? "gen_ai.system" : "gen_ai.provider.name", quoted("openai")));
        fields.add(member("gen_ai.request.model", quoted("gpt-4o")));
        optional(random, fields, "gen_ai.response.model", quoted("gpt-4o-2024-08-06"));
        optional(random, fields, "gen_ai.prompt.name", quoted("triage"));
        optional(random, fields, "prompt.version", quoted("v" + random.nextInt(3)));
        long input = random.nextLong(0, 5_000);
        long output = random.nextLong(0, 2_000);
        // a part (cache reads, reasoning) only beside its whole, as a valid call has it
        if (random.nextBoolean()) {
            fields.add(member("gen_ai.usage.input_tokens", Long.toString(input)));
            optional(random, fields, "gen_ai.usage.cache_read.input_tokens", Long.toString(random.nextLong(0, input + 1)));
        }
        if (random.nextBoolean()) {
            fields.add(member("gen_ai.usage.output_tokens", Long.toString(output)));
            optional(random, fields, "gen_ai.usage.reasoning.output_tokens",
                    Long.toString(random.nextLong(0, output + 1)));
        }
        optional(random, fields, "gen_ai.response.finish_reasons", random.nextBoolean() ? "[\"stop\"]"
                : "[\"length\", \"content_filter\"]");
        optional(random, fields, "gen_ai.response.time_to_first_chunk",
                Double.toString((end - start) / 1e9 * random.nextDouble()));
        optional(random, fields, "error.type", quoted("timeout"));
        optional(random, fields, "refusal", random.nextBoolean() ? "true" : "false");
        optional(random, fields, "cost.usd", Double.toString(random.nextDouble() / 100));
        optional(random, fields, "eval.score", Double.toString(random.nextDouble()));
        optional(random, fields, "tenant", quoted("acme"));
        if (!plain && random.nextInt(4) == 0) {
            fields.add(member("gen_ai.prompt", quoted("Hello")));
        }
        if (!plain && random.nextInt(4) == 0) {
            fields.add(member("cost.usd", NUMBERS[random.nextInt(NUMBERS.length)]));
        }
        Collections.shuffle(fields, new java.util.Random(random.nextLong()));
        return ("{" + String.join(", ", fields) + "}").getBytes(StandardCharsets.UTF_8);
    }

    /** The member, its value or null, or nothing. */
    private static void optional(SplittableRandom random, List<String> fields, String name, String value) {
        switch (random.nextInt(3)) {
            case 0 -> fields.add(member(name, value));
            case 1 -> fields.add(member(name, "null"));
            default -> {
            }
        }
    }

    /** An event; {@code plain}: only what the fast path takes on, else anything a producer might send. */
    private static byte[] event(SplittableRandom random, boolean plain) {
        List<String> fields = new ArrayList<>();
        fields.add(member("event_id", quoted("e-" + random.nextInt(1_000_000))));
        fields.add(member("timestamp", Long.toString(TIMESTAMP - random.nextInt(1_000_000))));
        fields.add(member("model_id", quoted(random.nextBoolean() ? "churn" : "fraud")));
        fields.add(member("model_version", quoted("v" + random.nextInt(3))));
        fields.add(member("features", features(random, plain)));
        fields.add(member("prediction", random.nextInt(4) == 0 ? quoted("yes") : number(random, plain)));
        if (random.nextBoolean()) {
            fields.add(member("latency_ms", random.nextBoolean() ? "null" : number(random, plain)));
        }
        if (random.nextBoolean()) {
            fields.add(member("label", switch (random.nextInt(3)) {
                case 0 -> "null";
                case 1 -> quoted("fraud");
                default -> number(random, plain);
            }));
        }
        if (random.nextBoolean()) {
            fields.add(member("segment", plain || random.nextBoolean() ? "null" : "{\"country\": \"DE\"}"));
        }
        if (random.nextBoolean()) {
            fields.add(member("prediction_scores", plain || random.nextBoolean() ? "null" : "{\"yes\": 0.7}"));
        }
        if (!plain && random.nextInt(4) == 0) {
            fields.add(member("trace_id", quoted("t-1")));
        }
        Collections.shuffle(fields, new java.util.Random(random.nextLong()));
        String ws = random.nextBoolean() ? "" : " \n\t\r".substring(random.nextInt(4));
        return (ws + "{" + ws + String.join("," + ws, fields) + ws + "}" + ws).getBytes(StandardCharsets.UTF_8);
    }

    private static String features(SplittableRandom random, boolean plain) {
        List<String> members = new ArrayList<>();
        int n = random.nextInt(0, 25);
        for (int f = 0; f < n; f++) {
            String name = "f" + f;
            String value = switch (random.nextInt(plain ? 5 : 7)) {
                case 0, 1 -> number(random, plain);
                case 2 -> quoted(plain ? CATEGORIES[random.nextInt(2)] : CATEGORIES[random.nextInt(CATEGORIES.length)]);
                case 3 -> random.nextBoolean() ? "true" : "false";
                case 4 -> "null";
                case 5 -> "[1, 2]";
                default -> "{\"a\": 1}";
            };
            members.add(member(name, value));
        }
        return "{" + String.join(", ", members) + "}";
    }

    private static String number(SplittableRandom random, boolean plain) {
        return switch (random.nextInt(plain ? 3 : 4)) {
            case 0 -> Double.toString(random.nextGaussian() * Math.pow(10, random.nextInt(-30, 30)));
            case 1 -> Long.toString(random.nextLong(-1_000_000, 1_000_000));
            case 2 -> plain ? NUMBERS[random.nextInt(10)] : NUMBERS[random.nextInt(NUMBERS.length)];
            default -> NUMBERS[random.nextInt(NUMBERS.length)];
        };
    }

    /** A third as they are; the rest with one to three edits: a byte replaced, removed or inserted, a stretch repeated. */
    private static byte[] mutate(SplittableRandom random, byte[] event) {
        if (random.nextInt(3) == 0) {
            return event;
        }
        byte[] out = event;
        byte[] alphabet = "{}[]:,\"\\ -+.eE0123456789tfnulx\u00e9".getBytes(StandardCharsets.UTF_8);
        for (int edits = random.nextInt(1, 4); edits > 0 && out.length > 0; edits--) {
            int at = random.nextInt(out.length);
            byte b = random.nextInt(8) == 0 ? (byte) random.nextInt(256) : alphabet[random.nextInt(alphabet.length)];
            out = switch (random.nextInt(4)) {
                case 0 -> {
                    byte[] copy = out.clone();
                    copy[at] = b;
                    yield copy;
                }
                case 1 -> concat(slice(out, 0, at), slice(out, at + 1, out.length));
                case 2 -> concat(slice(out, 0, at), new byte[] {b}, slice(out, at, out.length));
                default -> {
                    int end = Math.min(out.length, at + random.nextInt(1, 20));
                    yield concat(slice(out, 0, end), slice(out, at, out.length));
                }
            };
        }
        return out;
    }

    private static String member(String name, String value) {
        return quoted(name) + ": " + value;
    }

    private static String quoted(String s) {
        return "\"" + s + "\"";
    }

    private static byte[] slice(byte[] bytes, int from, int to) {
        return java.util.Arrays.copyOfRange(bytes, from, to);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    private static String text(byte[] event) {
        return new String(event, StandardCharsets.UTF_8);
    }
}
