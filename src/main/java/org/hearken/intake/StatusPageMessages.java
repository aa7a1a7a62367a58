package org.hearken.intake;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.hearken.cases.CaseLifecycle;
import org.hearken.cases.CaseManagement;
import org.hearken.register.CaseHistory;
import org.hearken.register.RegisterEntry;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * The customer's side of the private status page: what they sent us about the case since it was opened (their e-mails
 * taken in on it and their messages from the page), and a message they send from the page, which lands on the case
 * exactly as an e-mail reply does.
 */
@Service
class StatusPageMessages {

    /** The subject the register and the case's timeline give a message sent from the status page. */
    static final String SUBJECT = "Message from the status page";

    static final int MAX_TEXT = FeedbackForm.MAX_DESCRIPTION;

    /** What the customer sent: {@code viaStatusPage} for a message from the page, otherwise an e-mail. */
    record Received(Instant at, String subject, String text, boolean viaStatusPage) {}

    private static final String RECEIVED = "CustomerMessageReceived";

    private final CaseManagement cases;
    private final CaseLifecycle lifecycle;
    private final CaseHistory history;
    private final IntakeMailRepository mail;
    private final SubmissionLimit limit;
    private final Clock clock;

    StatusPageMessages(
            CaseManagement cases,
            CaseLifecycle lifecycle,
            CaseHistory history,
            IntakeMailRepository mail,
            SubmissionLimit limit,
            Clock clock) {
        this.cases = cases;
        this.lifecycle = lifecycle;
        this.history = history;
        this.mail = mail;
        this.limit = limit;
        this.clock = clock;
    }

    /**
     * What the customer sent us, oldest first. Read from the register's {@code CustomerMessageReceived} events only, so
     * nothing else of the register (an internal note, the staff's own entries) can ever be read here.
     */
    List<Received> received(long caseId) {
        return history.of(caseId, RECEIVED).stream()
                .map(StatusPageMessages::received)
                .toList();
    }

    private static Received received(RegisterEntry e) {
        JsonNode p = e.payload();
        Instant at = e.occurredAt();
        String sent = text(p, "receivedAt");
        if (sent != null) {
            try {
                at = Instant.parse(sent);
            } catch (DateTimeParseException unreadable) {
                // when it was recorded, then
            }
        }
        String subject = text(p, "subject");
        String body = text(p, "text");
        return new Received(
                at,
                subject == null ? "" : subject,
                body == null ? "" : body,
                CaseManagement.STATUS_PAGE_CUSTOMER_ACTOR.equals(e.actor()));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || !v.isString() ? null : v.asString();
    }

    /**
     * The customer's request for stage 2, in one transaction with its place in the count per client address.
     *
     * @throws SubmissionLimit.Reached when the client address has sent as many forms as it may for now
     */
    @Transactional
    void escalate(long caseId, String reason, String clientAddress) {
        limit.take(clientAddress);
        lifecycle.customerEscalates(caseId, reason);
    }

    /**
     * Records the customer's message and keeps its files with the case, in one transaction with its place in the count
     * per client address (the public form's): the case's owner is told and an open case is marked "customer replied",
     * as for an e-mail reply; on a closed case it is a reply after closure.
     *
     * @throws SubmissionLimit.Reached when the client address has sent as many forms as it may for now
     */
    @Transactional
    void send(long caseId, String text, List<FormAttachments.Accepted> files, String clientAddress) {
        limit.take(clientAddress);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        cases.recordCustomerMessage(caseId, null, now, SUBJECT, text, CaseManagement.STATUS_PAGE_CUSTOMER_ACTOR)
                .orElseThrow(() -> new IllegalStateException("The case of a status link is gone: " + caseId));
        for (FormAttachments.Accepted file : files) {
            cases.recordCustomerFile(caseId, file.filename(), file.data().length);
            mail.addFile(caseId, file, CaseAttachments.Source.STATUS_PAGE, null, now);
        }
    }
}
