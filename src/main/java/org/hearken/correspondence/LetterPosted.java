package org.hearken.correspondence;

import java.time.Instant;
import org.hearken.cases.CaseEvent;

/** A letter to the customer was marked posted (it leaves the print queue); recorded in the register. */
public record LetterPosted(
        long caseId, String reference, String actor, Instant occurredAt, long letterId, String kind, String subject)
        implements CaseEvent {}
