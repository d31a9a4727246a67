package io.plumbline.cli.command;

import io.plumbline.monitor.config.ConfigException;
import io.plumbline.monitor.config.ConfigLoader;
import io.plumbline.monitor.config.PlumblineConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The config file and its overrides, as run and serve take them. */
final class ConfigOptions {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Kafka to read from and write to (kafka.bootstrap-servers).")
    String bootstrapServers;

    @Option(names = "--config", paramLabel = "FILE", description = "The plumbline.yaml; without it, defaults and flags only.")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Overrides one config key, e.g. --set window.size=10s (repeatable; wins over the file).")
    Map<String, String> settings = new LinkedHashMap<>();

    /** The config, or null once its problems are printed to {@code err}. */
    PlumblineConfig load(PrintWriter err) {
        try {
            return ConfigLoader.load(config, overrides());
        } catch (ConfigException e) {
            ConfigProblems.print(err, source(), e);
            return null;
        }
    }

    /** What the problems are of, for their heading. */
    String source() {
        return config == null ? "configuration" : config.toString();
    }

    /** Flags win over --set, which wins over the file. */
    private Map<String, String> overrides() {
        Map<String, String> overrides = new LinkedHashMap<>(settings);
        if (bootstrapServers != null) {
            overrides.put("kafka.bootstrap-servers", bootstrapServers);
        }
        return overrides;
    }
}
