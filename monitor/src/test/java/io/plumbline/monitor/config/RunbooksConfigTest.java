package io.plumbline.monitor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.plumbline.alerts.lifecycle.Runbooks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code alerts.runbook-base-url}: where every alert's runbook_url points. */
class RunbooksConfigTest {

    private static final String EXPECTED = "expected an http(s) URL such as https://wiki.example.com/plumbline/runbooks,"
            + " or a relative path such as docs/runbooks.md, without '#' (each alert adds '#' and its rule)";

    @TempDir
    Path dir;

    @Test
    void theRunbooksOfTheSourceTreeByDefault() throws Exception {
        assertThat(load(Map.of()).runbooks()).isEqualTo(Runbooks.DEFAULT);
    }

    @Test
    void aTeamPointsTheAlertsAtItsOwnRunbooks() throws Exception {
        Path file = Files.writeString(dir.resolve("plumbline.yaml"), """
                kafka:
                  bootstrap-servers: localhost:9092
                alerts:
                  runbook-base-url: https://wiki.example.com/ml/plumbline-runbooks
                """);

        assertThat(ConfigLoader.load(file, Map.of(), Map.of()).runbooks())
                .isEqualTo(new Runbooks("https://wiki.example.com/ml/plumbline-runbooks"));
        assertThat(ConfigLoader.load(file, Map.of("alerts.runbook-base-url", "runbooks/plumbline.md"), Map.of())
                .runbooks()).as("the command line wins").isEqualTo(new Runbooks("runbooks/plumbline.md"));
    }

    @Test
    void aBaseThatIsNoLinkOrHasAnAnchorIsRefusedNamingTheKey() {
        for (String bad : new String[] {"docs/runbooks.md#psi", "file:///etc/plumbline/runbooks.md", "/docs/runbooks.md",
            "wiki.example.com/runbooks page"}) {
            Throwable t = catchThrowable(() -> load(Map.of("alerts.runbook-base-url", bad)));

            assertThat(t).isInstanceOf(ConfigException.class);
            assertThat(((ConfigException) t).problems())
                    .containsExactly("alerts.runbook-base-url: " + EXPECTED + ", got '" + bad + "'");
        }
    }

    @Test
    void aMisspeltKeyOfTheSectionSuggestsIt() {
        Throwable t = catchThrowable(() -> load(Map.of("alerts.runbook_base_url", "https://wiki.example.com")));

        assertThat(((ConfigException) t).problems())
                .containsExactly("unknown key 'alerts.runbook_base_url' (did you mean 'alerts.runbook-base-url'?)");
    }

    private static PlumblineConfig load(Map<String, String> keys) throws ConfigException {
        Map<String, String> all = new LinkedHashMap<>(Map.of("kafka.bootstrap-servers", "localhost:9092"));
        all.putAll(keys);
        return ConfigLoader.load(null, all, Map.of());
    }
}
