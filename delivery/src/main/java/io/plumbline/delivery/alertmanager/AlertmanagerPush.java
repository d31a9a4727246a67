package io.plumbline.delivery.alertmanager;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.plumbline.delivery.webhook.AlertRecord;
import io.plumbline.delivery.webhook.Backoff;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every Alertmanager of {@code serve.alertmanager.urls} told of Plumbline's alerts, the way Prometheus
 * does: {@code POST /api/v2/alerts} with every firing alert again every resend interval (Alertmanager resolves
 * an alert it has not heard of within its resolve_timeout), each change at once, and a resolution with its
 * {@code endsAt}.
 *
 * <p>An outage loses nothing: what could not be sent (changes, resolutions, notices) is held per Alertmanager
 * and sent with the next attempt, retried with backoff, until it is taken. Alertmanager takes a resolution
 * from the past too, so a late one still resolves. A 4xx is not retried: Alertmanager refused the alerts, and
 * the same request would be refused again.
 *
 * <p>Info notices are sent once, ending one resend interval later: they route and notify like any alert,
 * then end by themselves.
 *
 * <p>The firing set is rebuilt at start by {@link #replay} from the alerts topic, so a restarted serve goes on
 * re-sending what still fires. Each alert is tagged with where it was read ({@code source}, a partition) so
 * that the alerts of a partition another instance takes over are left to that instance ({@link #forget}).
 */
public final class AlertmanagerPush implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertmanagerPush.class);
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration TICK = Duration.ofMillis(250);

    private final List<Target> targets = new ArrayList<>();
    private final Map<String, Firing> firing = new LinkedHashMap<>();
    private final Duration resendInterval;
    private final AlertmanagerAlerts format;
    private final HttpClient http;
    private final Clock clock;
    private final Backoff backoff;
    private final ScheduledExecutorService scheduler;

    /**
     * @param generatorUrl the link each alert carries as {@code generatorURL} (empty for none)
     * @param registry     where {@code plumbline_alertmanager_posts_total} is counted
     */
    public AlertmanagerPush(List<URI> urls, Duration resendInterval, Function<AlertRecord, String> generatorUrl,
            MeterRegistry registry, HttpClient http, Clock clock, Random random) {
        if (resendInterval == null || resendInterval.isNegative() || resendInterval.isZero()) {
            throw new IllegalArgumentException("serve.alertmanager.resend-interval must be positive, got "
                    + resendInterval);
        }
        for (URI url : urls) {
            targets.add(new Target(url.resolve(url.getPath().endsWith("/") ? "api/v2/alerts" : url.getPath()
                    + "/api/v2/alerts"), registry));
        }
        this.resendInterval = resendInterval;
        this.format = new AlertmanagerAlerts(generatorUrl);
        this.http = http;
        this.clock = clock;
        this.backoff = new Backoff(Duration.ofMillis(500), resendInterval, random);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "plumbline-alertmanager-push");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts sending: at once what fires already, then every tick what is due. */
    public void start() {
        if (!targets.isEmpty()) {
            scheduler.scheduleWithFixedDelay(this::tick, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** An alert read again at start: it rebuilds the firing set, and sends nothing of its own. */
    public synchronized void replay(AlertRecord alert, Object source) {
        track(alert, source);
    }

    /** A new alert change: tracked, and sent with the next tick. */
    public synchronized void accept(AlertRecord alert, Object source) {
        track(alert, source);
        for (Target target : targets) {
            target.hold(alert);
        }
    }

    /** Stops re-sending the alerts read from {@code source}: another instance owns it now. */
    public synchronized void forget(Object source) {
        firing.values().removeIf(f -> f.source().equals(source));
    }

    /** The alerts firing now, for tests and logs. */
    public synchronized int firingCount() {
        return firing.size();
    }

    private void track(AlertRecord alert, Object source) {
        switch (alert.status()) {
            case "firing" -> firing.put(alert.fingerprint(), new Firing(alert, source));
            case "resolved" -> firing.remove(alert.fingerprint());
            default -> {
                // an info notice never fires
            }
        }
    }

    private void tick() {
        try {
            Instant now = clock.instant();
            for (Target target : targets) {
                List<AlertRecord> batch = target.due(now);
                if (batch != null) {
                    target.sent(now, post(target, batch, now));
                }
            }
        } catch (RuntimeException e) {
            // the scheduler would stop at the first exception: log it and go on at the next tick
            LOG.error("pushing alerts to Alertmanager failed", e);
        }
    }

    private Outcome post(Target target, List<AlertRecord> alerts, Instant now) {
        HttpRequest request = HttpRequest.newBuilder(target.url)
                .timeout(ATTEMPT_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(format.body(alerts, now.plus(resendInterval))))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status / 100 == 2) {
                return Outcome.TAKEN;
            }
            LOG.warn("Alertmanager {} answered HTTP {} to {} alerts: {}", target.url, status, alerts.size(),
                    abbreviate(response.body()));
            return status / 100 == 4 && status != 429 ? Outcome.REFUSED : Outcome.FAILED;
        } catch (IOException e) {
            LOG.warn("Alertmanager {} not reached ({}); its {} alerts are held and sent again", target.url,
                    e.toString(), alerts.size());
            return Outcome.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.FAILED;
        }
    }

    private static String abbreviate(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    private enum Outcome { TAKEN, REFUSED, FAILED }

    private record Firing(AlertRecord alert, Object source) {
    }

    /** One Alertmanager: what it has not taken yet, and when to send it next. */
    private final class Target {
        private final URI url;
        /** By fingerprint: a later change of an alert replaces the earlier one not sent yet. */
        private final Map<String, AlertRecord> held = new LinkedHashMap<>();
        private final Map<Outcome, Counter> posts = new LinkedHashMap<>();
        private Instant nextResend = Instant.MIN;
        private Instant nextRetry = Instant.MIN;
        private int failures;
        private List<AlertRecord> inFlight = List.of();

        Target(URI url, MeterRegistry registry) {
            this.url = url;
            for (Outcome outcome : Outcome.values()) {
                posts.put(outcome, Counter.builder("plumbline_alertmanager_posts")
                        .description("POSTs of alerts to Alertmanager, by outcome: taken, refused (4xx, not retried)"
                                + " or failed (retried)")
                        .tag("alertmanager", url.getAuthority())
                        .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                        .register(registry));
            }
        }

        void hold(AlertRecord alert) {
            held.remove(alert.fingerprint());
            held.put(alert.fingerprint(), alert);
        }

        /** What to send now (every firing alert and everything held, when a resend is due), or null. */
        List<AlertRecord> due(Instant now) {
            synchronized (AlertmanagerPush.this) {
                boolean resend = !now.isBefore(nextResend);
                boolean retry = !held.isEmpty() && !now.isBefore(nextRetry);
                if (!resend && !retry) {
                    return null;
                }
                Map<String, AlertRecord> batch = new LinkedHashMap<>();
                if (resend) {
                    firing.forEach((fingerprint, f) -> batch.put(fingerprint, f.alert()));
                }
                held.forEach((fingerprint, alert) -> {
                    batch.remove(fingerprint);
                    batch.put(fingerprint, alert);
                });
                if (batch.isEmpty()) {
                    // nothing fires and nothing is held: the next look is at the next resend
                    nextResend = now.plus(resendInterval);
                    return null;
                }
                inFlight = List.copyOf(held.values());
                return new ArrayList<>(batch.values());
            }
        }

        void sent(Instant now, Outcome outcome) {
            synchronized (AlertmanagerPush.this) {
                posts.get(outcome).increment();
                if (outcome == Outcome.FAILED) {
                    failures++;
                    nextRetry = now.plus(backoff.delay(failures));
                    // every firing alert goes again with the retry that gets through
                    nextResend = nextRetry;
                    return;
                }
                failures = 0;
                nextResend = now.plus(resendInterval);
                // taken or refused for good: what was held then is done, unless it changed meanwhile
                for (AlertRecord sent : inFlight) {
                    held.remove(sent.fingerprint(), sent);
                }
                inFlight = List.of();
            }
        }
    }
}
