package io.plumbline.cli.command;

import io.plumbline.cli.demo.EmbeddedBroker;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** The topics a test broker holds, to check that a command created none it should not have. */
final class BrokerTopics {

    private BrokerTopics() {
    }

    static List<String> of(EmbeddedBroker broker) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            return List.copyOf(admin.listTopics().names().get(30, TimeUnit.SECONDS));
        }
    }
}
