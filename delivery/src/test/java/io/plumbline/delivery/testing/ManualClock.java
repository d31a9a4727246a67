package io.plumbline.delivery.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** Wall time in UTC that moves only when a test moves it. */
public class ManualClock extends Clock {

    private volatile Instant now;

    public ManualClock(Instant now) {
        this.now = now;
    }

    public Instant advance(Duration by) {
        now = now.plus(by);
        return now;
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
        throw new UnsupportedOperationException("the tests need UTC only");
    }
}
