package io.plumbline.cli.baseline;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads RFC 4180 CSV: comma-separated, fields optionally in double quotes, a quote inside quotes
 * doubled, line breaks allowed inside quotes. The first record is the header.
 */
final class CsvRows {

    private final BufferedReader in;
    private long line;

    CsvRows(BufferedReader in) {
        this.in = in;
    }

    /** The next record's fields, or null at the end of the input. */
    List<String> next() throws IOException {
        String text = in.readLine();
        line++;
        while (text != null && text.isBlank()) {
            text = in.readLine();
            line++;
        }
        if (text == null) {
            return null;
        }
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        long startLine = line;
        int i = 0;
        while (true) {
            if (i == text.length()) {
                if (!quoted) {
                    break;
                }
                String more = in.readLine();
                line++;
                if (more == null) {
                    throw new IOException("line " + startLine + ": a quoted field is never closed");
                }
                field.append('\n');
                text = more;
                i = 0;
                continue;
            }
            char c = text.charAt(i++);
            if (quoted) {
                if (c == '"' && i < text.length() && text.charAt(i) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.isEmpty()) {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    /** The line the last record started on (1-based), for error messages. */
    long line() {
        return line;
    }
}
