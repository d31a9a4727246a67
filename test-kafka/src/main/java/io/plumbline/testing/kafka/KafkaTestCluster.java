package io.plumbline.testing.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import javax.security.auth.login.Configuration;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real one-node KRaft Kafka (broker and controller in one process) inside the test JVM.
 *
 * <p>A one-broker cluster must lower the replication of the internal topics, or consumer groups
 * and transactions wait forever for replicas that never come.
 *
 * <p>Its clients listener takes plain connections ({@link #start}) or SASL/PLAIN logins over plain
 * connections ({@link #startWithSaslPlain}); the helpers here connect as {@link #clientProperties} say.
 */
public final class KafkaTestCluster implements AutoCloseable {

    private static final String JAAS_FILE_PROPERTY = "java.security.auth.login.config";
    private static final String PLAIN = "PLAIN";
    private static final String CLIENTS_LISTENER = "CLIENTS";
    /** The broker's own login, for the requests it sends itself (transaction markers). */
    private static final String BROKER_USER = "broker";

    private final KafkaClusterTestKit kit;
    private final Properties security;

    private KafkaTestCluster(KafkaClusterTestKit kit, Properties security) {
        this.kit = kit;
        this.security = security;
    }

    public static KafkaTestCluster start() throws Exception {
        return start(new TestKitNodes.Builder(), Map.of(), new Properties());
    }

    /**
     * A cluster whose clients must log in with SASL/PLAIN (security protocol SASL_PLAINTEXT) as {@code user}
     * with {@code password}, the only user besides the broker's own; a wrong password is refused. Any
     * authenticated user may do anything: there is no authorizer.
     */
    public static KafkaTestCluster startWithSaslPlain(String user, String password) throws Exception {
        TestKitNodes.Builder nodes = new TestKitNodes.Builder()
                .setBrokerListenerName(new ListenerName(CLIENTS_LISTENER))
                .setBrokerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT);
        String brokerPassword = UUID.randomUUID().toString();
        Map<String, String> logins = new LinkedHashMap<>();
        logins.put("username", BROKER_USER);
        logins.put("password", brokerPassword);
        logins.put("user_" + BROKER_USER, brokerPassword);
        logins.put("user_" + user, password);
        Properties security = new Properties();
        security.setProperty(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, SecurityProtocol.SASL_PLAINTEXT.name);
        security.setProperty(SaslConfigs.SASL_MECHANISM, PLAIN);
        security.setProperty(SaslConfigs.SASL_JAAS_CONFIG, plainJaasConfig(user, password));
        return start(nodes, Map.of(
                // the listener's own JAAS setting wins over the JAAS file the test kit writes
                "listener.name." + CLIENTS_LISTENER.toLowerCase(Locale.ROOT) + ".plain." + SaslConfigs.SASL_JAAS_CONFIG,
                plainLoginModule(logins),
                // authenticated is enough; the test kit's default authorizer would refuse all but its own users
                "authorizer.class.name", ""), security);
    }

    /** The client setting that logs in as {@code user} with SASL/PLAIN. */
    public static String plainJaasConfig(String user, String password) {
        return plainLoginModule(Map.of("username", user, "password", password));
    }

    private static String plainLoginModule(Map<String, String> options) {
        StringBuilder line = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
        options.forEach((name, value) -> line.append(' ').append(name).append("=\"").append(value).append('"'));
        return line.append(';').toString();
    }

    private static KafkaTestCluster start(TestKitNodes.Builder nodes, Map<String, String> brokerConfig,
                                          Properties security) throws Exception {
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("transaction.state.log.num.partitions", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0");
        brokerConfig.forEach(builder::setConfigProp);
        KafkaClusterTestKit kit = buildKeepingJaasFileProperty(builder);
        try {
            kit.format();
            kit.startup();
            kit.waitForReadyBrokers();
        } catch (Exception e) {
            kit.close();
            throw e;
        }
        return new KafkaTestCluster(kit, security);
    }

    /**
     * For a SASL listener the test kit points this JVM's JAAS file setting at a file of its own, which it
     * deletes on close; the broker here takes its logins from its config instead, so the setting goes back
     * to what it was, and later clients of this JVM are not sent to a deleted file.
     */
    private static KafkaClusterTestKit buildKeepingJaasFileProperty(KafkaClusterTestKit.Builder builder)
            throws Exception {
        String jaasFile = System.getProperty(JAAS_FILE_PROPERTY);
        try {
            return builder.build();
        } finally {
            if (jaasFile == null) {
                System.clearProperty(JAAS_FILE_PROPERTY);
            } else {
                System.setProperty(JAAS_FILE_PROPERTY, jaasFile);
            }
            Configuration.setConfiguration(null);
        }
    }

    public String bootstrapServers() {
        return kit.bootstrapServers();
    }

    /** What a client of this cluster needs: the bootstrap servers and, for a SASL listener, its login. */
    public Properties clientProperties() {
        Properties props = new Properties();
        props.putAll(security);
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return props;
    }

    public void createTopic(String name, int partitions) throws Exception {
        try (Admin admin = Admin.create(clientProperties())) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
        }
    }

    /** Creates each topic with the same number of partitions. */
    public void createTopics(int partitions, String... names) throws Exception {
        for (String name : names) {
            createTopic(name, partitions);
        }
    }

    /**
     * Sends every record and waits until all are acknowledged. One request in flight: sent to a topic created a
     * moment ago, the first batch may come back NOT_LEADER_OR_FOLLOWER while the broker takes the partition
     * over; with later batches in flight behind it, they were appended first, and the client retried the first
     * one as out of sequence for good (a CI run hung two minutes in {@code flush}).
     */
    public void produce(Collection<ProducerRecord<byte[], byte[]>> records) throws Exception {
        Properties props = clientProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (ProducerRecord<byte[], byte[]> r : records) {
                producer.send(r);
            }
            producer.flush();
        }
    }

    /** Sends the records in one committed transaction, as the jobs' exactly-once sinks do. */
    public void produceInTransaction(Collection<ProducerRecord<byte[], byte[]>> records) {
        Properties props = clientProperties();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test-" + System.nanoTime());
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            records.forEach(producer::send);
            producer.commitTransaction();
        }
    }

    /**
     * Reads a topic from the beginning as a {@code read_committed} consumer (so records of open or
     * aborted transactions never show) until {@code done} holds for what was read so far.
     */
    public List<ConsumerRecord<byte[], byte[]>> consumeCommittedUntil(
            String topic, Predicate<List<ConsumerRecord<byte[], byte[]>>> done, Duration timeout)
            throws TimeoutException {
        return new CommittedReader(clientProperties()).readUntil(topic, done, timeout);
    }

    /** Reads every record committed to a topic so far: up to its partitions' last stable offsets. */
    public List<ConsumerRecord<byte[], byte[]>> consumeAllCommitted(String topic, Duration timeout)
            throws TimeoutException {
        return new CommittedReader(clientProperties()).readAll(topic, timeout);
    }

    @Override
    public void close() throws Exception {
        kit.close();
    }
}
