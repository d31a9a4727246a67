package io.plumbline.delivery.serve;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/** What {@link ServeConsumer} does with the records of the alerts topic. */
public interface AlertFeed {

    /** A record delivered before (below the committed offset): rebuild state from it, send nothing. */
    void replay(ConsumerRecord<byte[], byte[]> record);

    /**
     * New records of one partition, in order: deliver them. The partition's offset is committed past them when
     * the future completes, so it completes only once each is delivered or dead-lettered.
     */
    CompletableFuture<Void> deliver(List<ConsumerRecord<byte[], byte[]>> records);

    /** The partition went to another instance. */
    void revoked(TopicPartition partition);
}
