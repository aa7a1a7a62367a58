package org.hearken.cases;

import java.time.Instant;
import org.hearken.policy.FeedbackKind;

/**
 * A case was logged for a customer of a client organisation ({@link ClientLink}): published in the transaction that
 * logged it, after {@link CaseOpened}, so that the client's relationship manager and deputy can be told. Not recorded
 * in the register, which holds {@link CaseOpened}.
 */
public record ClientCaseOpened(
        long caseId, String reference, String actor, Instant occurredAt, FeedbackKind kind, ClientLink client) {}
