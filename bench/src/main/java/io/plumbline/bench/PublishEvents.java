package io.plumbline.bench;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Fills a topic with the benchmark's events. Args: bootstrap topic events [partitions models hot-share
 * per-model-per-window]: by default one partition and two models taking turns, 5 000 events each per 10 s
 * window. With more partitions, event i goes to partition i mod partitions, so each partition's event time
 * still only grows; with a hot share, model-0 has that share of the events; either way the models together
 * have per-model-per-window events per window for each model.
 */
public final class PublishEvents {

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String topic = args[1];
        long events = Long.parseLong(args[2]);
        int partitions = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        int models = args.length > 4 ? Integer.parseInt(args[4]) : 2;
        double hotShare = args.length > 5 ? Double.parseDouble(args[5]) : 0;
        int perModelPerWindow = args.length > 6 ? Integer.parseInt(args[6]) : 5_000;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 1 << 20);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        BenchEvents source = new BenchEvents(7, models, hotShare, perModelPerWindow, 1_735_689_600_000L); // 2025-01-01
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (long i = 0; i < events; i++) {
                producer.send(new ProducerRecord<>(topic, (int) (i % partitions), null, source.next()));
            }
            producer.flush();
        }
        System.out.println("published " + events + " events to " + topic);
    }
}
