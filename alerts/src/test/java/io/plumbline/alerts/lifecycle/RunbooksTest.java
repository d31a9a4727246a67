package io.plumbline.alerts.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RunbooksTest {

    @Test
    void aRulesLinkIsTheBaseAndTheRuleAsAnchor() {
        assertThat(Runbooks.DEFAULT.url("psi")).isEqualTo("docs/runbooks.md#psi");
        assertThat(new Runbooks("https://wiki.example.com/ml/plumbline-runbooks").url("llm_latency_p95"))
                .isEqualTo("https://wiki.example.com/ml/plumbline-runbooks#llm_latency_p95");
    }

    @ParameterizedTest
    @ValueSource(strings = {"docs/runbooks.md", "../runbooks.md", "runbooks", "https://wiki.example.com",
        "http://wiki.internal:8090/display/ML/Plumbline+runbooks", "HTTPS://wiki.example.com/x?page=runbooks"})
    void anHttpUrlOrARelativePathIsABase(String base) {
        assertThat(Runbooks.parse(base)).isEqualTo(new Runbooks(base));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "docs/runbooks.md#psi", "https://wiki.example.com/runbooks#", "/docs/runbooks.md",
        "//wiki.example.com/runbooks", "file:///opt/plumbline/docs/runbooks.md", "ftp://example.com/runbooks",
        "https:///runbooks", "docs/run books.md", "?page=runbooks", "mailto:oncall@example.com"})
    void anythingElseIsRefusedSayingWhatABaseIs(String base) {
        assertThat(Runbooks.parse(base)).isNull();
        assertThatThrownBy(() -> new Runbooks(base)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("runbook base URL: expected an http(s) URL such as"
                        + " https://wiki.example.com/plumbline/runbooks, or a relative path such as docs/runbooks.md,"
                        + " without '#' (each alert adds '#' and its rule), got '" + base + "'");
    }

    @Test
    void noBaseIsNoBase() {
        assertThat(Runbooks.parse(null)).isNull();
        assertThatThrownBy(() -> new Runbooks(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
