package io.plumbline.jobs.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** The job's output records read back as any consumer of its topics would: their JSON values, their headers. */
public final class JsonRecords {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonRecords() {
    }

    /** The value of the record's last header of that name, as UTF-8; "" when it has none. */
    public static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    public static List<JsonNode> values(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> {
            try {
                return JSON.readTree(r.value());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }
}
