package org.hearken.cases;

/** How a completed stage went against its due date. */
public enum StageOutcome {
    MET,
    /** Late against the original due date but within an extension the customer was told about. */
    MET_AFTER_EXTENSION,
    MISSED;

    /** Completed at {@code completedAt} against the original and the current (possibly extended) due date. */
    public static StageOutcome judge(
            java.time.Instant completedAt, java.time.Instant originalDue, java.time.Instant currentDue) {
        if (originalDue == null || !completedAt.isAfter(originalDue)) {
            return MET;
        }
        if (currentDue != null && !completedAt.isAfter(currentDue)) {
            return MET_AFTER_EXTENSION;
        }
        return MISSED;
    }
}
