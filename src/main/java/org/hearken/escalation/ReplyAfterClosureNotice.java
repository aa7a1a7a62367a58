package org.hearken.escalation;

import java.time.Instant;
import java.util.List;
import org.hearken.cases.CaseEvent;

/**
 * The customer wrote about a case that was already closed, and its owner (or, when the owner can no longer act, the
 * department's managers) was told, so that staff decide whether to reopen it; recorded in the register.
 */
public record ReplyAfterClosureNotice(
        long caseId,
        String reference,
        String actor,
        Instant occurredAt,
        String fromAddress,
        Instant receivedAt,
        List<String> recipients)
        implements CaseEvent {}
