package io.plumbline.jobs.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Breaks a valid record the ways a faulty or hostile producer does. Any record: bits flipped, a byte
 * set, bytes inserted, a range deleted, the end cut off. JSON besides: two values swapped, a value or a
 * key replaced by a hostile one (another type, NaN, 1e400, deep nesting, a long, blank or ill-formed
 * string, a repeated or reserved key), a member repeated, an unknown member added. Avro besides: a
 * corrupt schema fingerprint, a length or count no record can hold. Which mutation and where come
 * from the given {@link Random}, so a seed repeats a run.
 */
public final class RecordFuzzer {

    /** Values a JSON producer should not send, or sends by mistake; each is valid somewhere, invalid elsewhere. */
    private static final List<byte[]> HOSTILE_VALUES = List.of(
            bytes("NaN"), bytes("Infinity"), bytes("-Infinity"), bytes("+Infinity"), bytes("1e400"), bytes("-1e400"),
            bytes("1E999999999"), bytes("99999999999999999999"), bytes("-1"), bytes("0"), bytes("1.5"),
            bytes("1748735940000.0"), bytes("\"NaN\""), bytes("\"Infinity\""), bytes("\"12\""), bytes("null"),
            bytes("true"), bytes("\"\""), bytes("\" \""), bytes("\"x\""), bytes("[]"), bytes("{}"),
            bytes("[\"stop\"]"), bytes("{\"a\": 1}"), bytes("\"\\uD800\""), bytes("\"\\u0000\""),
            bytes("\"" + "x".repeat(257) + "\""), bytes("\"" + "y".repeat(10_000) + "\""),
            bytes("[".repeat(1_001)), bytes("[".repeat(999) + "]".repeat(999)), bytes("{\"a\":".repeat(1_001)),
            new byte[] {'"', (byte) 0xC0, (byte) 0xAF, '"'},
            new byte[] {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'},
            new byte[] {'"', 'a', (byte) 0xFF, '"'}, new byte[] {'"', (byte) 0xC3, '(', '"'});
    /** Far beyond any parser's nesting limit: rare, as each is 100 kB. */
    private static final byte[] ABYSS = bytes("[".repeat(100_000));
    private static final List<byte[]> HOSTILE_KEYS = List.of(bytes("\"prediction\""), bytes("\"\""),
            bytes("\"" + "k".repeat(300) + "\""), bytes("\"x-extra\""), bytes("\"income \""),
            new byte[] {'"', 'k', (byte) 0xFF, '"'});
    /** Varints of a huge length, -2, and of 2^31 - 1 in zigzag: what a corrupt Avro record may declare. */
    private static final List<byte[]> HOSTILE_LENGTHS = List.of(new byte[] {(byte) 0xFE, (byte) 0xFF, (byte) 0xFF,
            (byte) 0xFF, 0x0F}, new byte[] {0x03}, new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
            (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01});

    private final Random random;

    public RecordFuzzer(Random random) {
        this.random = random;
    }

    /** A broken copy of {@code record}, a JSON object or an Avro single-object record. */
    public byte[] mutate(byte[] record) {
        if (record[0] != '{') {
            return switch (random.nextInt(7)) {
                case 0 -> fingerprint(record);
                case 1 -> insert(record, 10 + random.nextInt(record.length - 10),
                        HOSTILE_LENGTHS.get(random.nextInt(HOSTILE_LENGTHS.size())));
                default -> bytewise(record);
            };
        }
        Spans spans = new Spans(record);
        return switch (random.nextInt(12)) {
            case 0, 1 -> bytewise(record);
            case 2 -> swap(record, spans.values);
            case 3, 4, 5 -> replace(record, pick(spans.values), hostileValue());
            case 6 -> replace(record, pick(spans.keys), random.nextBoolean() ? slice(record, pick(spans.keys))
                    : HOSTILE_KEYS.get(random.nextInt(HOSTILE_KEYS.size())));
            case 7 -> {
                int[] member = pick(spans.members);
                yield insert(record, member[1], concat(bytes(","), slice(record, member)));
            }
            case 8 -> insert(record, 1, concat(concat(bytes("\"x-extra\":"), hostileValue()), bytes(",")));
            case 9 -> replace(record, pick(spans.values), slice(record, pick(spans.values))); // another field's value
            default -> replace(record, pick(spans.values), random.nextBoolean() ? bytes("\"7\"") : bytes("7"));
        };
    }

    private byte[] hostileValue() {
        return random.nextInt(5_000) == 0 ? ABYSS : HOSTILE_VALUES.get(random.nextInt(HOSTILE_VALUES.size()));
    }

    private byte[] bytewise(byte[] record) {
        byte[] b = record.clone();
        switch (random.nextInt(5)) {
            case 0 -> {
                for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                    b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 1 -> b[random.nextInt(b.length)] = (byte) random.nextInt(256);
            case 2 -> b = Arrays.copyOf(b, random.nextInt(b.length));
            case 3 -> {
                byte[] inserted = new byte[1 + random.nextInt(4)];
                random.nextBytes(inserted);
                b = insert(b, random.nextInt(b.length + 1), inserted);
            }
            default -> {
                int from = random.nextInt(b.length);
                int to = Math.min(b.length, from + 1 + random.nextInt(16));
                b = concat(Arrays.copyOf(b, from), Arrays.copyOfRange(b, to, b.length));
            }
        }
        return b;
    }

    private byte[] fingerprint(byte[] record) {
        byte[] b = record.clone();
        b[2 + random.nextInt(8)] ^= (byte) (1 + random.nextInt(255));
        return b;
    }

    /** Two values that do not overlap, exchanged; the record unchanged when the two picked overlap. */
    private byte[] swap(byte[] record, List<int[]> values) {
        int[] a = pick(values);
        int[] b = pick(values);
        if (a[0] > b[0]) {
            int[] first = b;
            b = a;
            a = first;
        }
        if (a[1] > b[0]) {
            return bytewise(record);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(record.length);
        out.write(record, 0, a[0]);
        out.write(record, b[0], b[1] - b[0]);
        out.write(record, a[1], b[0] - a[1]);
        out.write(record, a[0], a[1] - a[0]);
        out.write(record, b[1], record.length - b[1]);
        return out.toByteArray();
    }

    private int[] pick(List<int[]> spans) {
        return spans.get(random.nextInt(spans.size()));
    }

    private static byte[] replace(byte[] record, int[] span, byte[] with) {
        return concat(concat(Arrays.copyOf(record, span[0]), with), Arrays.copyOfRange(record, span[1], record.length));
    }

    private static byte[] insert(byte[] record, int at, byte[] inserted) {
        return replace(record, new int[] {at, at}, inserted);
    }

    private static byte[] slice(byte[] record, int[] span) {
        return Arrays.copyOfRange(record, span[0], span[1]);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Where the keys, values and members (key to end of value) of a valid JSON text are, at every depth,
     * each as {start, end}; the outermost object is none of them.
     */
    private static final class Spans {
        final List<int[]> keys = new ArrayList<>();
        final List<int[]> values = new ArrayList<>();
        final List<int[]> members = new ArrayList<>();
        private final byte[] json;

        Spans(byte[] json) {
            this.json = json;
            value(0);
            values.remove(values.size() - 1); // the event itself, which closes last
        }

        private int value(int from) {
            int start = whitespace(from);
            int end = switch (json[start]) {
                case '{' -> members(start + 1, '}');
                case '[' -> members(start + 1, ']');
                case '"' -> string(start);
                default -> {
                    int i = start;
                    while (i < json.length && ",}] \n\r\t".indexOf(json[i]) < 0) {
                        i++;
                    }
                    yield i;
                }
            };
            values.add(new int[] {start, end});
            return end;
        }

        /** The members of an object (with keys) or the items of an array, up to and past {@code close}. */
        private int members(int from, char close) {
            int i = whitespace(from);
            while (json[i] != close) {
                int start = i;
                if (close == '}') {
                    int keyEnd = string(i);
                    keys.add(new int[] {i, keyEnd});
                    i = whitespace(keyEnd) + 1; // the colon
                }
                i = value(i);
                if (close == '}') {
                    members.add(new int[] {start, i});
                }
                i = whitespace(i);
                if (json[i] == ',') {
                    i = whitespace(i + 1);
                }
            }
            return i + 1;
        }

        private int string(int from) {
            int i = from + 1;
            while (json[i] != '"') {
                i += json[i] == '\\' ? 2 : 1;
            }
            return i + 1;
        }

        private int whitespace(int from) {
            int i = from;
            while (i < json.length && " \n\r\t".indexOf(json[i]) >= 0) {
                i++;
            }
            return i;
        }
    }
}
