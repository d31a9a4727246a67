package io.plumbline.schemas.codec;

import io.plumbline.schemas.validation.RejectReason;
import io.plumbline.schemas.validation.RejectedRecordException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.LongSupplier;

/**
 * Event times a producer can have meant: from 2000-01-01 (replays of the past stay valid) to a day
 * ahead of the wall clock (clock skew), so that a timestamp sent in the wrong unit is caught — seconds
 * or microseconds as millis, millis or micros as nanos.
 */
final class PlausibleTimestamps {

    static final long EARLIEST = Instant.parse("2000-01-01T00:00:00Z").toEpochMilli();
    static final long MAX_AHEAD_MILLIS = 24L * 60 * 60 * 1000;

    /** The unit a timestamp field is declared in. */
    enum Unit {
        MILLIS("epoch milliseconds", ChronoUnit.MILLIS, 1),
        NANOS("epoch nanoseconds", ChronoUnit.NANOS, 1_000_000);

        private final String expected;
        private final ChronoUnit chronoUnit;
        private final long perMilli;

        Unit(String expected, ChronoUnit chronoUnit, long perMilli) {
            this.expected = expected;
            this.chronoUnit = chronoUnit;
            this.perMilli = perMilli;
        }

        String expected() {
            return expected;
        }

        long toMillis(long value) {
            return Math.floorDiv(value, perMilli);
        }

        /** The value and the instant it means, for a detail: "1748736000000 (2025-06-01T00:00:00Z)". */
        String show(long value) {
            return value + " (" + Instant.EPOCH.plus(value, chronoUnit) + ")";
        }
    }

    private final LongSupplier wallClockMillis;

    PlausibleTimestamps(LongSupplier wallClockMillis) {
        this.wallClockMillis = wallClockMillis;
    }

    /** Returns {@code value} when it is a plausible event time in {@code unit}. */
    long check(String field, Unit unit, long value) throws RejectedRecordException {
        long millis = unit.toMillis(value);
        if (millis < EARLIEST) {
            throw implausible(field, unit, unit.show(value), "before 2000-01-01T00:00:00Z");
        }
        long latest = wallClockMillis.getAsLong() + MAX_AHEAD_MILLIS;
        if (millis > latest) {
            throw implausible(field, unit, unit.show(value),
                    "more than 24h ahead of the wall clock (latest accepted " + Instant.ofEpochMilli(latest) + ")");
        }
        return value;
    }

    /** For an integer too large for a long: certainly not an event time in any unit. */
    static RejectedRecordException outOfRange(String field, Unit unit, String digits) {
        return implausible(field, unit, Rejections.shown(digits), "beyond the range of a 64-bit integer");
    }

    private static RejectedRecordException implausible(String field, Unit unit, String value, String why) {
        return new RejectedRecordException(RejectReason.IMPLAUSIBLE_TIMESTAMP,
                "field '" + field + "' is " + value + ": " + why + "; expected " + unit.expected());
    }
}
