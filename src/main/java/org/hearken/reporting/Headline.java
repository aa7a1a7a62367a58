package org.hearken.reporting;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The compliance figures of a report. Every rate counts only what is decided: a stage done on time or late, or not
 * done and already past its due date; stages still running within their time are "pending" and in no rate.
 */
record Headline(
        long received,
        long confidential,
        Acknowledgement acknowledgement,
        Response response,
        Rate firstContactResolution,
        Rate sameDayFirstReply,
        Uphold complaintsUpheld) {

    record Acknowledgement(
            long onTime, long late, long pending, long decided, BigDecimal onTimePercent, BigDecimal latePercent) {}

    /** {@code lateStillOpen}: of the late ones, those still without a response. */
    record Response(
            long onTime,
            long onTimeAfterExtension,
            long late,
            long lateStillOpen,
            long pending,
            long decided,
            BigDecimal onTimePercent,
            BigDecimal onTimeAfterExtensionPercent,
            BigDecimal latePercent) {}

    record Rate(long count, long of, BigDecimal percent) {}

    /** Complaints whose outcome is upheld, partly upheld or not upheld; the rate counts upheld and partly upheld. */
    record Uphold(long upheld, long partlyUpheld, long notUpheld, long decided, BigDecimal upholdPercent) {}

    /** {@code part} of {@code whole} as a percentage with one decimal; null when there is nothing to count. */
    static BigDecimal percent(long part, long whole) {
        if (whole == 0) {
            return null;
        }
        return BigDecimal.valueOf(part)
                .multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(whole), 1, RoundingMode.HALF_UP);
    }
}
