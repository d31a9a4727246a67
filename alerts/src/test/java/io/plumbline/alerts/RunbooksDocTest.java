package io.plumbline.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.alerts.lifecycle.Runbooks;
import io.plumbline.alerts.llm.LlmRule;
import io.plumbline.alerts.llm.VersionChange;
import io.plumbline.alerts.rules.DriftRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/runbooks.md, where every alert's runbook_url points by default: a rule without a section there would
 * send on-call to the top of the page.
 */
class RunbooksDocTest {

    /** The source tree's runbooks, from this module's directory (where the tests run). */
    private static final Path DOC = Path.of("..").resolve(Runbooks.DEFAULT.baseUrl());
    private static final Pattern HEADING = Pattern.compile("#{1,6}\\s+(.+?)\\s*#*\\s*");
    /** What GitHub drops from a heading's text to make its anchor: all but letters, digits, '-', '_' and spaces. */
    private static final Pattern DROPPED = Pattern.compile("[^\\p{L}\\p{M}\\p{N}\\p{Pc}\\- ]");
    private static final List<String> PARTS = List.of("**What it means.**", "**Check first.**", "**Silence**");

    /** Every rule the alerts topic can carry: each alert's alertname and the rule its runbook_url names. */
    private static Set<String> rules() {
        Set<String> rules = new TreeSet<>();
        for (DriftRule rule : DriftRule.values()) {
            rules.add(rule.alertName());
        }
        for (LlmRule rule : LlmRule.values()) {
            rules.add(rule.alertName());
        }
        rules.add(VersionChange.RULE);
        return rules;
    }

    @Test
    void everyRuleHasASectionUnderItsOwnName() throws IOException {
        Map<String, String> sections = sections(Files.readString(DOC));

        assertThat(sections.keySet()).as("anchors of %s", DOC).containsAll(rules());
    }

    @Test
    void everyRulesSectionSaysWhatItMeansWhatToCheckAndWhenToSilenceIt() throws IOException {
        Map<String, String> sections = sections(Files.readString(DOC));

        for (String rule : rules()) {
            assertThat(sections.get(rule)).as("section #%s of %s", rule, DOC).isNotNull().contains(PARTS);
        }
    }

    @Test
    void anchorsAreMadeAsGitHubMakesThem() {
        assertThat(sections("""
                # Runbooks
                ## Drift rules
                ### psi
                ### llm_latency_p95
                ### PlumblineNoWindowClosed
                ```
                # not a heading
                ```
                ### Drift rules
                """).keySet()).containsExactly("runbooks", "drift-rules", "psi", "llm_latency_p95",
                "plumblinenowindowclosed", "drift-rules-1");
    }

    /** Each heading's anchor, as GitHub renders the page, with the text up to the next heading. */
    private static Map<String, String> sections(String markdown) {
        Map<String, String> sections = new LinkedHashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        List<String> body = new ArrayList<>();
        String anchor = null;
        boolean fenced = false;
        for (String line : markdown.split("\n", -1)) {
            if (line.startsWith("```")) {
                fenced = !fenced;
            }
            Matcher heading = HEADING.matcher(line);
            if (!fenced && heading.matches()) {
                if (anchor != null) {
                    sections.put(anchor, String.join("\n", body));
                }
                String slug = DROPPED.matcher(heading.group(1).toLowerCase(Locale.ROOT)).replaceAll("").replace(' ', '-');
                int repeats = seen.merge(slug, 1, Integer::sum) - 1;
                anchor = repeats == 0 ? slug : slug + "-" + repeats;
                body.clear();
            } else {
                body.add(line);
            }
        }
        if (anchor != null) {
            sections.put(anchor, String.join("\n", body));
        }
        return sections;
    }
}
