package io.plumbline.delivery.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.plumbline.delivery.testing.Receiver;
import io.plumbline.delivery.testing.Receiver.Answer;
import io.plumbline.delivery.webhook.AlertRecord;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Against a real local HTTP server standing in for Alertmanager's API: what is posted, and when. */
class AlertmanagerPushTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant STARTS = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant ENDS = Instant.parse("2026-01-01T00:05:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private Receiver alertmanager;
    private AlertmanagerPush push;

    @AfterEach
    void stop() {
        if (push != null) {
            push.close();
        }
        if (alertmanager != null) {
            alertmanager.close();
        }
    }

    @Test
    void sendsAChangeAtOnceAndEveryFiringAlertAgainEachResendInterval() throws Exception {
        alertmanager = new Receiver(0, Answer.of(200));
        push = start(Duration.ofMillis(400));

        push.accept(alert("a", "firing", null), "p0");
        List<JsonNode> first = await(posts -> !posts.isEmpty()).get(0);
        assertThat(first).singleElement().satisfies(alert -> {
            assertThat(alert.get("labels").get("alertname").asText()).isEqualTo("psi");
            assertThat(alert.get("labels").get("model_id").asText()).isEqualTo("fraud");
            assertThat(alert.get("annotations").get("summary").asText()).isEqualTo("PSI of amount is 0.31");
            assertThat(alert.get("startsAt").asText()).isEqualTo(STARTS.toString());
            assertThat(alert.has("endsAt")).as("a firing alert has not ended").isFalse();
            assertThat(alert.get("generatorURL").asText()).isEqualTo("https://grafana.example.com/d/x");
        });
        assertThat(alertmanager.requests().get(0).path()).isEqualTo("/hook/api/v2/alerts");

        // re-sent while it fires
        await(posts -> posts.size() >= 3);
        push.accept(alert("a", "resolved", ENDS), "p0");
        List<List<JsonNode>> posts = await(all -> all.stream().anyMatch(p -> p.get(0).has("endsAt")));
        JsonNode resolution = posts.stream().filter(p -> p.get(0).has("endsAt")).findFirst().orElseThrow().get(0);
        assertThat(resolution.get("endsAt").asText()).isEqualTo(ENDS.toString());
        int afterResolution = alertmanager.requests().size();
        Thread.sleep(1200);
        assertThat(alertmanager.requests()).as("nothing fires: nothing to re-send").hasSize(afterResolution);
    }

    @Test
    void anOutageLosesNothingAndARefusalIsNotRetried() throws Exception {
        alertmanager = new Receiver(0, Answer.of(503), Answer.of(503), Answer.of(200));
        push = start(Duration.ofMinutes(10));

        push.accept(alert("a", "firing", null), "p0");
        push.accept(alert("b", "firing", null), "p0");
        push.accept(alert("b", "resolved", ENDS), "p0");
        List<List<JsonNode>> posts = await(all -> all.size() >= 3);
        assertThat(posts.get(2)).as("after the outage: both changes, the later one of b replacing its firing")
                .extracting(a -> a.get("labels").get("feature").asText() + (a.has("endsAt") ? " ended" : ""))
                .containsExactly("a", "b ended");
        assertThat(count("failed")).isEqualTo(2);
        assertThat(count("taken")).isEqualTo(1);
        Thread.sleep(800);
        assertThat(alertmanager.requests()).as("taken: nothing held, and no resend due for 10 minutes").hasSize(3);

        alertmanager.close();
        alertmanager = new Receiver(0, Answer.of(400, "invalid label"));
        push.close();
        push = start(Duration.ofMinutes(10));
        push.accept(alert("c", "firing", null), "p0");
        await(all -> all.size() == 1);
        Thread.sleep(1500);
        assertThat(alertmanager.requests()).as("a 4xx is not retried").hasSize(1);
        assertThat(count("refused")).isEqualTo(1);
    }

    @Test
    void replayedAlertsAreReSentNotSentAnewAndForgottenWithTheirPartition() throws Exception {
        alertmanager = new Receiver(0, Answer.of(200));
        push = start(Duration.ofMillis(300));
        push.replay(alert("a", "firing", null), "p0");
        push.replay(alert("b", "firing", null), "p1");
        push.replay(alert("b", "resolved", ENDS), "p1");
        push.replay(alert("c", "firing", null), "p1");

        // A resend may fall between two replays and send what was replayed so far (a alone, or a and b while b
        // still fired), and one under way as the replays end may still carry that: the second post after them
        // was built after them all.
        int replayed = alertmanager.requests().size();
        List<List<JsonNode>> posts = await(all -> all.size() >= replayed + 2);
        assertThat(posts.get(posts.size() - 1)).extracting(a -> a.get("labels").get("feature").asText())
                .containsExactly("a", "c");
        assertThat(push.firingCount()).isEqualTo(2);

        push.forget("p1");
        int before = alertmanager.requests().size();
        List<List<JsonNode>> later = await(all -> all.size() >= before + 2);
        assertThat(later.get(later.size() - 1)).extracting(a -> a.get("labels").get("feature").asText())
                .containsExactly("a");
    }

    @Test
    void anInfoNoticeIsSentOnceEndingOneResendIntervalLater() throws Exception {
        alertmanager = new Receiver(0, Answer.of(200));
        push = start(Duration.ofMillis(500));
        Instant before = Instant.now();
        push.accept(alert("release", "info", null), "p0");

        JsonNode notice = await(posts -> !posts.isEmpty()).get(0).get(0);
        Instant endsAt = Instant.parse(notice.get("endsAt").asText());
        assertThat(endsAt).isBetween(before.plusMillis(500), Instant.now().plusMillis(500));
        Thread.sleep(1200);
        assertThat(alertmanager.requests()).as("an info notice never fires: not re-sent").hasSize(1);
    }

    private AlertmanagerPush start(Duration resend) {
        AlertmanagerPush started = new AlertmanagerPush(List.of(alertmanager.url()), resend,
                alert -> "https://grafana.example.com/d/x", registry, HttpClient.newHttpClient(), Clock.systemUTC(),
                new Random(7));
        started.start();
        return started;
    }

    /** Posts to this test's Alertmanager with the outcome. */
    private double count(String outcome) {
        return registry.get("plumbline_alertmanager_posts").tag("alertmanager", alertmanager.url().getAuthority())
                .tag("outcome", outcome).counter().count();
    }

    /** The posted arrays, once the predicate holds; fails after 10 s. */
    private List<List<JsonNode>> await(Predicate<List<List<JsonNode>>> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            List<List<JsonNode>> posts = new ArrayList<>();
            for (Receiver.Request request : alertmanager.requests()) {
                List<JsonNode> alerts = new ArrayList<>();
                JSON.readTree(request.body()).forEach(alerts::add);
                posts.add(alerts);
            }
            if (done.test(posts)) {
                return posts;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Alertmanager did not get what was awaited in 10 s; it got " + posts);
            }
            Thread.sleep(50);
        }
    }

    private static AlertRecord alert(String feature, String status, Instant endsAt) {
        return new AlertRecord("fp-" + feature, status, Map.of("alertname", "psi", "model_id", "fraud",
                "feature", feature, "severity", "warning"), Map.of("summary", "PSI of amount is 0.31"), STARTS,
                endsAt);
    }
}
