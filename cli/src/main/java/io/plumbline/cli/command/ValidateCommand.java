package io.plumbline.cli.command;

import io.plumbline.monitor.config.ConfigException;
import io.plumbline.monitor.config.ConfigLoader;
import io.plumbline.monitor.config.PlumblineConfig;
import io.plumbline.monitor.config.PlumblineConfig.JobKind;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "validate", description = "Checks a plumbline.yaml and lists every problem with the key and the fix.")
public final class ValidateCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "The config file, e.g. plumbline.yaml.")
    Path file;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        try {
            PlumblineConfig config = ConfigLoader.load(file, Map.of());
            for (JobKind kind : JobKind.values()) {
                if (config.job().runs(kind)) {
                    spec.commandLine().getOut().println("OK: " + ConfigSummary.describe(kind, config));
                }
            }
            return 0;
        } catch (ConfigException e) {
            ConfigProblems.print(spec.commandLine().getErr(), file.toString(), e);
            return 1;
        }
    }
}
