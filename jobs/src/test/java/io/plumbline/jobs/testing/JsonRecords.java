package io.plumbline.jobs.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** The job's output records read back as JSON, as any consumer of its topics would. */
public final class JsonRecords {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonRecords() {
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
