package org.hearken.cases;

import java.time.OffsetDateTime;

/**
 * A line of a staff list: the case as lists show it, its due-date state and the due date of its next running stage
 * (null when none), in the organisation's time zone.
 */
public record CaseListItem(CaseView view, DueState dueState, OffsetDateTime nextDue) {}
