package org.hearken.platform;

import java.time.Duration;

/**
 * How far the read replica is behind the main database, as the report page and the report API say it: {@code text} in
 * words, {@code secondsBehind} as a number when it is behind.
 */
public record ReplicaLag(State state, Double secondsBehind, String text) {

    public enum State {
        /** No read replica is configured: everything reads the main database. */
        NONE,
        /** The replica has replayed everything the main database had committed when it was asked. */
        UP_TO_DATE,
        /** The replica has not yet replayed all of it; {@code secondsBehind} is the age of the last change it replayed. */
        BEHIND,
        /** The replica did not answer. */
        UNREACHABLE
    }

    public static ReplicaLag none() {
        return new ReplicaLag(State.NONE, null, "no replica");
    }

    public static ReplicaLag upToDate() {
        return new ReplicaLag(State.UP_TO_DATE, null, "up to date");
    }

    public static ReplicaLag unreachable() {
        return new ReplicaLag(State.UNREACHABLE, null, "unreachable");
    }

    /** Behind by {@code lag} (the time since the last change it replayed was made), or by an unknown time when null. */
    public static ReplicaLag behind(Duration lag) {
        if (lag == null) {
            return new ReplicaLag(State.BEHIND, null, "behind (no change replayed yet)");
        }
        Duration d = lag.isNegative() ? Duration.ZERO : lag;
        return new ReplicaLag(State.BEHIND, d.toMillis() / 1000.0, words(d) + " behind");
    }

    private static String words(Duration d) {
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            return "less than a second";
        }
        if (d.compareTo(Duration.ofMinutes(2)) < 0) {
            return count(d.toSeconds(), "second");
        }
        if (d.compareTo(Duration.ofHours(2)) < 0) {
            return count(d.toMinutes(), "minute");
        }
        if (d.compareTo(Duration.ofDays(2)) < 0) {
            return count(d.toHours(), "hour");
        }
        return count(d.toDays(), "day");
    }

    private static String count(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
