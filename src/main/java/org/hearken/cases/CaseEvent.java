package org.hearken.cases;

import java.time.Instant;

/** Something that happened to a case. Every one is recorded in the register, in the same transaction. */
public interface CaseEvent {

    long caseId();

    String reference();

    /** Username of the member of staff (or system process) that caused it. */
    String actor();

    Instant occurredAt();
}
