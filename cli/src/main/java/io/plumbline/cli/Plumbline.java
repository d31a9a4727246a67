package io.plumbline.cli;

import io.plumbline.cli.command.AlertsCommand;
import io.plumbline.cli.command.BaselineCommand;
import io.plumbline.cli.command.BrokerCommand;
import io.plumbline.cli.command.DemoCommand;
import io.plumbline.cli.command.ProduceCommand;
import io.plumbline.cli.command.RunCommand;
import io.plumbline.cli.command.ServeCommand;
import io.plumbline.cli.command.ValidateCommand;
import io.plumbline.cli.command.VerifyWebhookCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/** The {@code plumbline} command. Subcommands inherit --help and --version through the inherited scope. */
@Command(
        name = "plumbline",
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Streaming drift and quality monitor for ML models and LLM calls: Kafka in, Flink inside, alerts out.",
        subcommands = {
            DemoCommand.class,
            RunCommand.class,
            ServeCommand.class,
            VerifyWebhookCommand.class,
            BrokerCommand.class,
            ProduceCommand.class,
            ValidateCommand.class,
            AlertsCommand.class,
            BaselineCommand.class,
        })
public final class Plumbline implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine command = new CommandLine(new Plumbline()).setExecutionExceptionHandler(new ErrorReporter());
        return command.setParameterExceptionHandler(
                new SecretSafeParameterErrors(command.getParameterExceptionHandler()));
    }

    /** Without a subcommand there is nothing to do but say what there is. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command");
    }
}
