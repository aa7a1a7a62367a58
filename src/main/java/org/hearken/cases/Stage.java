package org.hearken.cases;

import java.time.Instant;

/**
 * One stage of a case with a due date: acknowledging it, the first response, the substantive response, an internal
 * review. {@code due} is the current (possibly extended) due date, {@code originalDue} the one first set; either is
 * null when the policy sets no target. {@code anchor} is when the stage's clock started, where the case records it.
 * A stage may be completed without a due date (an acknowledgement with no target is still recorded).
 */
record Stage(Kind kind, Instant anchor, Instant due, Instant originalDue, Instant completedAt, StageOutcome outcome) {

    enum Kind {
        ACKNOWLEDGE,
        FIRST_RESPONSE,
        RESPOND,
        REVIEW,
        /** Acknowledging a request to escalate to stage 2, where the case's rule pack sets a target for it. */
        REVIEW_ACKNOWLEDGE,
        /** Deciding whether more time is needed and telling the customer, where the case's rule pack says so. */
        DECIDE,
        /** The next progress update (recurring), where the case's rule pack says so; completedAt is the latest one. */
        UPDATE
    }

    static Stage empty(Kind kind) {
        return new Stage(kind, null, null, null, null, null);
    }

    boolean isEmpty() {
        return due == null && originalDue == null && completedAt == null && outcome == null;
    }

    boolean hasTarget() {
        return due != null;
    }

    boolean completed() {
        return completedAt != null;
    }

    /** How completing it at {@code at} goes against its original and current due dates; null without a target. */
    StageOutcome judge(Instant at) {
        return due == null ? null : StageOutcome.judge(at, originalDue, due);
    }

    Stage completedAt(Instant at, StageOutcome result) {
        return new Stage(kind, anchor, due, originalDue, at, result);
    }

    Stage dueAt(Instant newDue) {
        return new Stage(kind, anchor, newDue, originalDue, completedAt, outcome);
    }

    /**
     * Counted again from {@code anchorAt} to a new {@code target} (a reclassified case), not yet completed: the target
     * becomes the original due date, and an extension stands only while its date is later than the target, since the
     * customer was told of that date; without a target the stage has no due date.
     */
    Stage recounted(Instant anchorAt, Instant target) {
        if (target == null) {
            return new Stage(kind, anchorAt, null, null, null, null);
        }
        boolean extended = due != null && originalDue != null && due.isAfter(originalDue);
        return new Stage(kind, anchorAt, extended && due.isAfter(target) ? due : target, target, null, null);
    }

    /**
     * Left unanswered when the case moved on (escalated to stage 2): missed if its due date passed before {@code at},
     * and so counted late in every report; otherwise as it was, neither met nor missed.
     */
    Stage abandonedAt(Instant at) {
        if (due == null || completedAt != null || outcome != null || !at.isAfter(due)) {
            return this;
        }
        return new Stage(kind, anchor, due, originalDue, null, StageOutcome.MISSED);
    }

    /** Counted afresh (a reopened case, a new review): a new due date, not yet completed. */
    Stage restarted(Instant anchorAt, Instant newDue) {
        return new Stage(kind, anchorAt, newDue, newDue, null, null);
    }
}
