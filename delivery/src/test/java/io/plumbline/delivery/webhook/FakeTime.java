package io.plumbline.delivery.webhook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A clock that only moves when the delivery sleeps, and records each sleep. */
final class FakeTime extends Clock implements Sleeper {

    private volatile Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private Runnable onFirstSleep = () -> { };

    @Override
    public void sleep(Duration duration) {
        sleeps.add(duration);
        now = now.plus(duration);
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

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("not needed");
    }
}
