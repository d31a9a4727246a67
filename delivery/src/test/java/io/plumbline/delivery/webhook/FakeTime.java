package io.plumbline.delivery.webhook;

import io.plumbline.delivery.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A clock that only moves when the delivery sleeps, and records each sleep. */
final class FakeTime extends ManualClock implements Sleeper {

    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private final Instant start;
    private Runnable onFirstSleep = () -> { };
    private Duration laterAfter = Duration.ofDays(36_500);
    private Runnable later = () -> { };

    FakeTime() {
        super(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        start = instant();
    }

    @Override
    public void sleep(Duration duration) {
        sleeps.add(duration);
        advance(duration);
        if (sleeps.size() == 1) {
            onFirstSleep.run();
        }
        if (!instant().isBefore(start.plus(laterAfter))) {
            laterAfter = Duration.ofDays(36_500);
            later.run();
        }
    }

    /** Runs the action once, at the first sleep that ends at least {@code after} past the start. */
    void onceAfter(Duration after, Runnable action) {
        laterAfter = after;
        later = action;
    }

    void onFirstSleep(Runnable action) {
        onFirstSleep = action;
    }

    List<Duration> sleeps() {
        return sleeps;
    }
}
