package io.plumbline.jobs.kafka;

/**
 * The Kafka key of a stats record: its identifying parts joined by '/', each with '%' and '/' percent-encoded
 * ({@code %25}, {@code %2F}), so that ids containing a slash can never make two series share a key
 * ("a/b" + "c" is {@code a%2Fb/c}, "a" + "b/c" is {@code a/b%2Fc}). A consumer that splits on '/' and
 * decodes each part gets the ids back; ids without '%' or '/' read as they are.
 */
public final class OutputKey {

    private OutputKey() {
    }

    public static String of(String... parts) {
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                key.append('/');
            }
            String part = parts[i];
            for (int c = 0; c < part.length(); c++) {
                char ch = part.charAt(c);
                switch (ch) {
                    case '%' -> key.append("%25");
                    case '/' -> key.append("%2F");
                    default -> key.append(ch);
                }
            }
        }
        return key.toString();
    }
}
