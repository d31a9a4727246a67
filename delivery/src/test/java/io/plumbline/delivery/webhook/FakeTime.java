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
    private Runnable onFirstSleep = () -> { };

    FakeTime() {
        super(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    @Override
    public void sleep(Duration duration) {
        sleeps.add(duration);
        advance(duration);
        if (sleeps.size() == 1) {
            onFirstSleep.run();
        }
    }

    void onFirstSleep(Runnable action) {
        onFirstSleep = action;
    }

    List<Duration> sleeps() {
        return sleeps;
    }
}
