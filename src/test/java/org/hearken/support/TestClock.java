package org.hearken.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock tests can set and move. Until a test sets it, it runs from a fixed starting instant, the same on every run,
 * and moves on at the pace of real time (retries, leases and time-outs still see time pass). So no test sees the
 * machine's date, weekday, hour or time zone: a suite run on a Sunday night sees the same "now" as one run on a
 * Wednesday morning.
 *
 * <p>The starting instant is {@link #DEFAULT_START}, a Wednesday morning in the demo's zone (Australia/Sydney); the
 * system property {@code hearken.test.now} (an ISO instant) moves it, to run the whole suite as if on another day.
 */
public final class TestClock extends Clock {

    /** Wednesday 25 November 2026, 10:00 in Sydney: a business day under both example policies. */
    public static final Instant DEFAULT_START = Instant.parse("2026-11-24T23:00:00Z");

    private static final Instant START = startingInstant();
    private static final long STARTED_NANOS = System.nanoTime();

    private volatile Instant fixed;

    private static Instant startingInstant() {
        String configured = System.getProperty("hearken.test.now");
        Instant start = configured == null || configured.isBlank() ? DEFAULT_START : Instant.parse(configured.strip());
        System.out.println("Test clock starts at " + start);
        return start;
    }

    public void set(Instant instant) {
        fixed = instant;
    }

    public void advance(Duration duration) {
        fixed = instant().plus(duration);
    }

    /** Back to the running clock, which has gone on from the starting instant meanwhile. */
    public void reset() {
        fixed = null;
    }

    @Override
    public Instant instant() {
        Instant f = fixed;
        if (f != null) {
            return f;
        }
        // Milliseconds, like the system clock: PostgreSQL keeps microseconds, and values read back must compare equal.
        return START.plusMillis((System.nanoTime() - STARTED_NANOS) / 1_000_000);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        // Hearken works in instants; zones come from the policy, so the clock's own zone never matters.
        return this;
    }
}
