package io.plumbline.cli;

import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.kafka.common.utils.AppInfoParser;
import picocli.CommandLine.IVersionProvider;

/** Names the versions that matter when reporting a problem: ours, Flink's, Kafka's and the JVM's. */
public final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String own = Plumbline.class.getPackage().getImplementationVersion();
        return new String[] {
            "plumbline " + (own == null ? "(development build)" : own),
            "Flink " + EnvironmentInformation.getVersion()
                    + ", Kafka " + AppInfoParser.getVersion()
                    + ", Java " + System.getProperty("java.version"),
        };
    }
}
