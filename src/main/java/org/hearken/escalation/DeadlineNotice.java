package org.hearken.escalation;

import java.time.Instant;
import java.util.List;
import org.hearken.cases.CaseEvent;

/**
 * A warning, breach notice or escalation was sent about one stage of a case; recorded in the register.
 *
 * @param customerNotTold a response deadline passed without an extension, so the customer was not told of a new date
 */
public record DeadlineNotice(
        long caseId,
        String reference,
        String actor,
        Instant occurredAt,
        String stage,
        String kind,
        Instant dueAt,
        List<String> recipients,
        boolean customerNotTold)
        implements CaseEvent {}
