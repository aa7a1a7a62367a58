package org.hearken.intake;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hearken.cases.CaseEvents;
import org.hearken.cases.CaseManagement;
import org.hearken.cases.CaseView;
import org.hearken.cases.CustomerContact;
import org.hearken.cases.OpenCase;
import org.hearken.cases.PreferredReply;
import org.hearken.customers.Customer;
import org.hearken.customers.CustomerDirectory;
import org.hearken.identity.Actor;
import org.hearken.identity.StaffDirectory;
import org.hearken.policy.Channel;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Turns one stored message into a case, or into a customer message on the case it answers, or into nothing when it
 * is automatic mail; all in one transaction, so a failure leaves the message waiting as it was.
 */
@Service
class MailIntake {

    /** How far the Date header may lie in the past before it is taken for a wrong clock rather than a slow delivery. */
    static final Duration OLDEST_PLAUSIBLE_DATE = Duration.ofDays(30);

    /** A case reference in a subject: six digits or more, as the number grows past six digits after the millionth case. */
    static final Pattern REFERENCE = Pattern.compile("\\b([A-Z]+-\\d{4}-\\d{6,})\\b");

    private final IntakeMailRepository mail;
    private final CaseManagement cases;
    private final CustomerDirectory customers;
    private final MailIntakeAccount account;
    private final StaffDirectory directory;
    private final Mailboxes mailboxes;
    private final MailIntakeSettings settings;
    private final MailParser parser;
    private final Clock clock;

    MailIntake(IntakeMailRepository mail, CaseManagement cases, CustomerDirectory customers, MailIntakeAccount account,
               StaffDirectory directory, Mailboxes mailboxes, MailIntakeSettings settings, Clock clock) {
        this.mail = mail;
        this.cases = cases;
        this.customers = customers;
        this.account = account;
        this.directory = directory;
        this.mailboxes = mailboxes;
        this.settings = settings;
        this.parser = new MailParser(settings.maxAttachmentBytes().toBytes());
        this.clock = clock;
    }

    /** Processes the stored message if it still waits; returns the status it ended in, or empty if it did not wait. */
    @Transactional
    Optional<IntakeMailRepository.Status> process(long mailId) {
        Optional<IntakeMailRepository.Pending> pending = mail.lockPending(mailId);
        if (pending.isEmpty()) {
            return Optional.empty();
        }
        IntakeMailRepository.Pending row = pending.get();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        ParsedMail parsed = parser.parse(row.raw());
        String department = mailboxes.named(row.mailbox()).map(Mailboxes.Mailbox::department).orElse(null);

        String automatic = parsed.automatic() != null ? parsed.automatic() : fromOurselves(parsed);
        if (automatic != null) {
            mail.finish(mailId, IntakeMailRepository.Status.IGNORED_AUTOMATIC, null, automatic, now);
            return Optional.of(IntakeMailRepository.Status.IGNORED_AUTOMATIC);
        }
        if (parsed.fromAddress() == null) {
            throw new MailParser.MailFormatException("The message has no usable sender address (From, Sender or Reply-To).");
        }
        requireActiveAccount();
        Actor actor = account.actorFor(department);
        Instant receivedAt = receivedAt(parsed, row, now);

        Optional<CaseEvents.CustomerMessageReceived> reply = addToCase(parsed, receivedAt, actor);
        if (reply.isPresent()) {
            long caseId = reply.get().caseId();
            storeAttachments(mailId, caseId, parsed, now);
            mail.finish(mailId, IntakeMailRepository.Status.ADDED_TO_CASE, caseId, null, now);
            return Optional.of(IntakeMailRepository.Status.ADDED_TO_CASE);
        }

        requireReceiver(department);
        CustomerContact contact = new CustomerContact(parsed.fromName(), parsed.fromAddress(), null, null, PreferredReply.EMAIL);
        Customer customer = customers.findOrCreate(contact);
        CaseView view = cases.open(new OpenCase(settings.defaultKind(), Channel.EMAIL, receivedAt, parsed.subject(), parsed.text(),
                contact, department, null, false, customer.id()), actor);
        long caseId = cases.idOf(view.reference(), actor);
        storeAttachments(mailId, caseId, parsed, now);
        mail.finish(mailId, IntakeMailRepository.Status.CASE_CREATED, caseId, null, now);
        return Optional.of(IntakeMailRepository.Status.CASE_CREATED);
    }

    /**
     * Thrown when Hearken is set up so that no e-mail can be taken in (no such department, no one to own the cases, the
     * intake account deactivated). Messages then wait, stored, until an administrator fixes it, instead of all being
     * quarantined.
     */
    static final class IntakeUnavailableException extends RuntimeException {
        IntakeUnavailableException(String message) {
            super(message);
        }
    }

    private void requireReceiver(String departmentCode) {
        StaffDirectory.Assignment assignment = directory.assignment(departmentCode, null).orElseThrow(() ->
                new IntakeUnavailableException(departmentCode == null
                        ? "No default department is set up to receive e-mail; set one, or name a department for the mailbox."
                        : "The mailbox's department " + departmentCode + " does not exist."));
        if (assignment.lead() == null || !assignment.lead().active()) {
            throw new IntakeUnavailableException("The department " + assignment.department().code()
                    + " has no active lead to own new e-mail cases; give it one.");
        }
    }

    private void requireActiveAccount() {
        if (directory.staffByUsername(MailIntakeAccount.USERNAME).filter(s -> !s.active()).isPresent()) {
            throw new IntakeUnavailableException("The staff account '" + MailIntakeAccount.USERNAME
                    + "' is deactivated, so e-mail cannot be logged; reactivate it.");
        }
    }

    /**
     * A reply goes on the case it answers: the one whose message it names in In-Reply-To or References (a message
     * Hearken sent, or an earlier one from the customer), else the first existing case whose reference is in the subject.
     */
    private Optional<CaseEvents.CustomerMessageReceived> addToCase(ParsedMail parsed, Instant receivedAt, Actor actor) {
        List<String> thread = new ArrayList<>(parsed.inReplyTo());
        parsed.references().reversed().stream().filter(id -> !thread.contains(id)).forEach(thread::add);
        Optional<Long> caseId = mail.caseOfSentMessage(thread).or(() -> mail.caseOfMessage(thread));
        if (caseId.isPresent()) {
            var event = cases.recordCustomerMessage(caseId.get(), parsed.fromAddress(), receivedAt, parsed.subject(), parsed.text(), actor);
            if (event.isPresent()) {
                return event;
            }
        }
        Matcher m = REFERENCE.matcher(parsed.subject());
        while (m.find()) {
            var event = cases.recordCustomerMessage(m.group(1), parsed.fromAddress(), receivedAt, parsed.subject(), parsed.text(), actor);
            if (event.isPresent()) {
                return event;
            }
        }
        return Optional.empty();
    }

    /** Mail from one of the intake mailboxes themselves is a loop, never a customer. */
    private String fromOurselves(ParsedMail parsed) {
        if (parsed.fromAddress() == null) {
            return null;
        }
        String from = parsed.fromAddress().toLowerCase(Locale.ROOT);
        boolean ours = mailboxes.mailboxes().stream().anyMatch(m -> m.username().toLowerCase(Locale.ROOT).equals(from));
        return ours ? "sent from an intake mailbox (a mail loop)" : null;
    }

    /**
     * When the customer sent it: the Date header, unless it is missing, in the future or implausibly old (a wrong clock
     * on the sender's side); then when our mail server received it, and failing that when Hearken fetched it.
     */
    private Instant receivedAt(ParsedMail parsed, IntakeMailRepository.Pending row, Instant now) {
        Instant date = parsed.date();
        Instant fallback = row.serverReceivedAt() != null ? row.serverReceivedAt() : row.fetchedAt();
        if (fallback.isAfter(now)) {
            fallback = now;
        }
        if (date == null || date.isAfter(now) || date.isBefore(fallback.minus(OLDEST_PLAUSIBLE_DATE))) {
            return fallback;
        }
        return date;
    }

    private void storeAttachments(long mailId, long caseId, ParsedMail parsed, Instant now) {
        for (ParsedMail.Attachment a : parsed.attachments()) {
            mail.addAttachment(mailId, caseId, a, now);
        }
    }
}
