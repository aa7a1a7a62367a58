package org.hearken.intake;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.hearken.cases.CaseManagement;
import org.hearken.cases.CaseView;
import org.hearken.identity.Actor;
import org.hearken.platform.ConflictException;
import org.hearken.platform.InvalidRequestException;
import org.hearken.platform.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What administrators do with quarantined e-mail: retry it (after the cause was fixed, or with a parser that now
 * understands it), or dismiss it (spam, say). Each action is recorded with who took it, when and what became of the
 * message; a dismissed message keeps its raw bytes.
 */
@Service
class MailQuarantine {

    private static final Logger log = LoggerFactory.getLogger(MailQuarantine.class);

    static final int MAX_REASON = 1000;

    /** What a retry did: the status the message is in now, its case (when the caller may see it), the problem if any. */
    record RetryOutcome(long id, IntakeMailRepository.Status status, String caseReference, String problem) {}

    private final IntakeMailRepository mail;
    private final MailIntake intake;
    private final CaseManagement cases;
    private final TransactionTemplate tx;
    private final Clock clock;

    MailQuarantine(
            IntakeMailRepository mail,
            MailIntake intake,
            CaseManagement cases,
            PlatformTransactionManager transactions,
            Clock clock) {
        this.mail = mail;
        this.intake = intake;
        this.cases = cases;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /**
     * Processes the quarantined message again, exactly as intake would have: it becomes a case, a reply on its case or
     * ignored automatic mail, or it stays quarantined with the new problem. Either way the retry is recorded. When
     * Hearken cannot take e-mail in at all just now (no lead to own the case, say), nothing changes and the answer
     * says what to fix.
     */
    RetryOutcome retry(long id, Actor actor) {
        Instant now = now();
        try {
            byte[] raw = tx.execute(s -> {
                IntakeMailRepository.QuarantineRow row = lockQuarantined(id);
                if (row.notDownloaded()) {
                    throw new ConflictException(
                            (row.size() == 0
                                            ? "The mail server never handed this message over"
                                            : "The message was too large to take in and was never downloaded")
                                    + ", so there is nothing to retry; "
                                    + "find it in the mailbox with a mail program, log it by hand if need be, and dismiss it here.");
                }
                return mail.quarantinedRaw(id).orElseThrow();
            });
            // Read as intake reads it: within the time budget, and outside any transaction.
            ParsedMail parsed = intake.read(raw);
            IntakeMailRepository.Status status = tx.execute(s -> {
                lockQuarantined(id);
                mail.requeue(id);
                IntakeMailRepository.Status result = intake.take(id, parsed)
                        .orElseThrow(() ->
                                new IllegalStateException("e-mail " + id + " was not waiting after it was put back"));
                mail.recordAction(id, IntakeMailRepository.Action.RETRIED, actor.staffId(), now, result, null);
                return result;
            });
            log.info("Quarantined e-mail {} retried by {}: {}", id, actor.username(), status);
            Long caseId = mail.quarantineEntry(id)
                    .map(IntakeMailRepository.QuarantineEntry::caseId)
                    .orElse(null);
            String reference = caseId == null
                    ? null
                    : cases.find(caseId, actor).map(CaseView::reference).orElse(null);
            return new RetryOutcome(id, status, reference, null);
        } catch (ConflictException | NotFoundException e) {
            throw e;
        } catch (RuntimeException e) {
            if (e instanceof MailIntake.IntakeUnavailableException unavailable) {
                throw new ConflictException(
                        "E-mail cannot be taken in just now, so the message stays in the quarantine: "
                                + unavailable.getMessage());
            }
            if (MailPoller.isTransient(e)) {
                throw e;
            }
            // Everything the attempt did was rolled back; the message is still quarantined, now with this problem.
            String problem = MailPoller.problemText(e);
            tx.executeWithoutResult(s -> {
                lockQuarantined(id);
                mail.stillQuarantined(id, problem);
                mail.recordAction(
                        id,
                        IntakeMailRepository.Action.RETRIED,
                        actor.staffId(),
                        now,
                        IntakeMailRepository.Status.QUARANTINED,
                        problem);
            });
            log.info("Quarantined e-mail {} retried by {}: still quarantined: {}", id, actor.username(), problem);
            return new RetryOutcome(id, IntakeMailRepository.Status.QUARANTINED, null, problem);
        }
    }

    /** Takes the message out of the quarantine for good; it is kept, raw, with the reason. */
    void dismiss(long id, String reason, Actor actor) {
        String note = reason == null || reason.isBlank() ? null : MailParser.singleLine(reason);
        if (note != null && note.length() > MAX_REASON) {
            throw new InvalidRequestException("reason", "is longer than " + MAX_REASON + " characters");
        }
        Instant now = now();
        tx.executeWithoutResult(s -> {
            lockQuarantined(id);
            mail.dismiss(id);
            mail.recordAction(
                    id,
                    IntakeMailRepository.Action.DISMISSED,
                    actor.staffId(),
                    now,
                    IntakeMailRepository.Status.DISMISSED,
                    note);
        });
        log.info("Quarantined e-mail {} dismissed by {}", id, actor.username());
    }

    private IntakeMailRepository.QuarantineRow lockQuarantined(long id) {
        return mail.lockQuarantined(id)
                .orElseThrow(() -> mail.status(id)
                        .<RuntimeException>map(status -> new ConflictException(
                                "E-mail " + id + " is not in the quarantine: it is " + status + "."))
                        .orElseGet(() -> new NotFoundException("No e-mail " + id)));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
