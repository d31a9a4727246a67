package io.plumbline.schemas.codec;

import io.plumbline.schemas.validation.RejectReason;
import io.plumbline.schemas.validation.RejectedRecordException;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * Event times a producer can have meant: from 2000-01-01 (replays of the past stay valid) to a day
 * ahead of the wall clock (clock skew), so that seconds or microseconds sent as millis are caught.
 */
final class PlausibleTimestamps {

    static final long EARLIEST = Instant.parse("2000-01-01T00:00:00Z").toEpochMilli();
    static final long MAX_AHEAD_MILLIS = 24L * 60 * 60 * 1000;

    private final LongSupplier wallClockMillis;

    PlausibleTimestamps(LongSupplier wallClockMillis) {
        this.wallClockMillis = wallClockMillis;
    }

    long check(long timestamp) throws RejectedRecordException {
        if (timestamp < EARLIEST) {
            throw implausible(timestamp + " (" + Instant.ofEpochMilli(timestamp) + ")",
                    "before 2000-01-01T00:00:00Z");
        }
        long latest = wallClockMillis.getAsLong() + MAX_AHEAD_MILLIS;
        if (timestamp > latest) {
            throw implausible(timestamp + " (" + Instant.ofEpochMilli(timestamp) + ")",
                    "more than 24h ahead of the wall clock (latest accepted " + Instant.ofEpochMilli(latest) + ")");
        }
        return timestamp;
    }

    /** For an integer too large for a long: certainly not epoch millis. */
    static RejectedRecordException outOfRange(String digits) {
        return implausible(digits, "beyond the range of a 64-bit integer");
    }

    private static RejectedRecordException implausible(String value, String why) {
        return new RejectedRecordException(RejectReason.IMPLAUSIBLE_TIMESTAMP, "field '" + PredictionFields.TIMESTAMP
                + "' is " + value + ": " + why + "; expected epoch milliseconds");
    }
}
