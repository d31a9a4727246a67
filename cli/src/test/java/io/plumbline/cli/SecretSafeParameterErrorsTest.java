package io.plumbline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SecretSafeParameterErrorsTest {

    /** An unquoted JAAS line falls apart into arguments picocli cannot match, and it printed them. */
    @Test
    void anUnquotedKafkaPropertyValueIsNotEchoed() {
        StringWriter err = new StringWriter();
        CommandLine cli = Plumbline.commandLine();
        cli.setErr(new PrintWriter(err, true));

        int exit = cli.execute("run", "--set",
                "kafka.properties.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule",
                "required", "username=\"svc\"", "password=\"hunter2\";");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).doesNotContain("hunter2").doesNotContain("svc")
                .contains("not shown as they hold kafka.properties values");
    }

    @Test
    void otherMistakesAreShownAsPicocliSaysThem() {
        StringWriter err = new StringWriter();
        CommandLine cli = Plumbline.commandLine();
        cli.setErr(new PrintWriter(err, true));

        int exit = cli.execute("run", "--bootstrap-servers", "b:9092", "stray");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("stray");
    }
}
