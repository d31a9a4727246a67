package io.plumbline.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TrafficScheduleTest {

    private static final long NOW = 1_750_000_123_456L;
    private final TrafficSchedule schedule =
            TrafficSchedule.startingNow(NOW, Duration.ofMinutes(4), Duration.ofSeconds(10), 8, 6, 12);

    @Test
    void startsAtLeastTheBackfillAgoOnAWindowBoundary() {
        assertThat(schedule.eventStart() % 10_000).isZero();
        assertThat(schedule.eventStart()).isBetween(NOW - 250_000, NOW - 240_000);
    }

    @Test
    void isNeverAheadOfTheWallClockAndNeverGoesBack() {
        long previous = Long.MIN_VALUE;
        for (long wall = NOW - 5_000; wall < NOW + 600_000; wall += 37) {
            long eventTime = schedule.eventTimeAt(wall);
            assertThat(eventTime).isLessThanOrEqualTo(wall).isGreaterThanOrEqualTo(previous);
            previous = eventTime;
        }
    }

    @Test
    void runsFasterThanTheClockUntilItCatchesUpThenKeepsPace() {
        assertThat(schedule.eventTimeAt(NOW + 1_000)).isEqualTo(schedule.eventStart() + 8_000);

        long caughtUp = schedule.caughtUpAt();
        assertThat(caughtUp - NOW).isBetween(34_000L, 36_000L);
        assertThat(schedule.eventTimeAt(caughtUp - 1_000)).isLessThan(caughtUp - 1_000);
        assertThat(schedule.eventTimeAt(caughtUp)).isEqualTo(caughtUp);
        assertThat(schedule.eventTimeAt(caughtUp + 60_000)).isEqualTo(caughtUp + 60_000);
    }

    @Test
    void switchesTheShiftOnAndOffAtItsWindows() {
        assertThat(schedule.shiftStart()).isEqualTo(schedule.eventStart() + 60_000);
        assertThat(schedule.shiftEnd()).isEqualTo(schedule.eventStart() + 120_000);

        assertThat(schedule.shifted(schedule.eventStart())).isFalse();
        assertThat(schedule.shifted(schedule.shiftStart() - 1)).isFalse();
        assertThat(schedule.shifted(schedule.shiftStart())).isTrue();
        assertThat(schedule.shifted(schedule.shiftEnd() - 1)).isTrue();
        assertThat(schedule.shifted(schedule.shiftEnd())).isFalse();
        assertThat(schedule.windowIndex(schedule.shiftStart())).isEqualTo(6);
    }

    @Test
    void tellsWhenOnTheWallClockAnEventTimeIsReached() {
        for (long eventTime : new long[] {schedule.shiftStart(), schedule.shiftEnd(), NOW + 90_000}) {
            long wall = schedule.wallTimeOf(eventTime);
            assertThat(schedule.eventTimeAt(wall)).isGreaterThanOrEqualTo(eventTime);
            assertThat(schedule.eventTimeAt(wall - 1)).isLessThan(eventTime);
        }
    }

    @Test
    void refusesSchedulesThatCannotWork() {
        assertThatThrownBy(() -> new TrafficSchedule(NOW, NOW - 1000, 10_000, 1, 6, 12))
                .hasMessageContaining("speedup");
        assertThatThrownBy(() -> new TrafficSchedule(NOW, NOW + 1000, 10_000, 8, 6, 12))
                .hasMessageContaining("ahead of the wall clock");
        assertThatThrownBy(() -> new TrafficSchedule(NOW, NOW - 1000, 10_000, 8, 0, 12))
                .hasMessageContaining("baseline window");
    }
}
