package io.plumbline.cli;

import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;

/**
 * Arguments that could not be read are not echoed when the command line carries a {@code kafka.properties}
 * value: an unquoted JAAS line ({@code --set kafka.properties.sasl.jaas.config=... password="..."}) falls
 * apart into several arguments, and picocli would print the pieces it could not match, password included.
 * Other command lines get picocli's own message.
 */
final class SecretSafeParameterErrors implements IParameterExceptionHandler {

    private static final String SECRETS = "kafka.properties";

    private final IParameterExceptionHandler standard;

    SecretSafeParameterErrors(IParameterExceptionHandler standard) {
        this.standard = standard;
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) throws Exception {
        if (Arrays.stream(args).noneMatch(a -> a.contains(SECRETS))) {
            return standard.handleParseException(e, args);
        }
        CommandLine command = e.getCommandLine();
        command.getErr().println(command.getColorScheme().errorText("plumbline " + command.getCommandName()
                + ": the arguments could not be read, and are not shown as they hold " + SECRETS
                + " values, which may be secrets. Quote a value with spaces, e.g. --set '"
                + SECRETS + ".sasl.jaas.config=... password=\"...\";', or put it in the config file."));
        command.getErr().println("Try 'plumbline " + command.getCommandName() + " --help' for the options.");
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }
}
