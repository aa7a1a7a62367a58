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
import org.hearken.cases.CaseFacts;
import org.hearken.cases.CaseManagement;
import org.hearken.cases.CaseView;
import org.hearken.cases.CustomerContact;
import org.hearken.cases.OpenCase;
import org.hearken.cases.PreferredReply;
import org.hearken.correspondence.CaseCorrespondence;
import org.hearken.correspondence.Correspondence;
import org.hearken.customers.Customer;
import org.hearken.customers.CustomerDirectory;
import org.hearken.identity.Actor;
import org.hearken.identity.StaffDirectory;
import org.hearken.policy.Channel;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns one stored message into a case, or into a customer message on the case it answers, or into nothing when it
 * is automatic mail. The message is read first, outside any transaction and within its time budget
 * ({@code hearken.intake.mail.message-budget}), so a slow message never holds a database connection or a row lock;
 * then what it becomes is written in one transaction, so a failure leaves the message waiting as it was.
 */
@Service
class MailIntake {

    /** How far the Date header may lie in the past before it is taken for a wrong clock rather than a slow delivery. */
    static final Duration OLDEST_PLAUSIBLE_DATE = Duration.ofDays(30);

    /** A case reference in a subject: six digits or more, as the number grows past six digits after the millionth case. */
    static final Pattern REFERENCE = Pattern.compile("\\b([A-Z]+-\\d{4}-\\d{6,})\\b");

    private final IntakeMailRepository mail;
    private final CaseManagement cases;
    private final org.hearken.clients.Clients clients;
    private final CustomerDirectory customers;
    private final MailIntakeAccount account;
    private final StaffDirectory directory;
    private final Mailboxes mailboxes;
    private final MailIntakeSettings settings;
    private final MailParser parser;
    private final Correspondence correspondence;
    private final CaseCorrespondence caseCorrespondence;
    private final TransactionTemplate tx;
    private final Clock clock;
    private volatile Duration messageBudget;

    MailIntake(
            IntakeMailRepository mail,
            CaseManagement cases,
            CustomerDirectory customers,
            org.hearken.clients.Clients clients,
            MailIntakeAccount account,
            StaffDirectory directory,
            Mailboxes mailboxes,
            MailIntakeSettings settings,
            Correspondence correspondence,
            CaseCorrespondence caseCorrespondence,
            PlatformTransactionManager transactions,
            Clock clock) {
        this.mail = mail;
        this.cases = cases;
        this.customers = customers;
        this.clients = clients;
        this.account = account;
        this.directory = directory;
        this.mailboxes = mailboxes;
        this.settings = settings;
        this.parser = new MailParser(settings.maxAttachmentBytes().toBytes());
        this.correspondence = correspondence;
        this.caseCorrespondence = caseCorrespondence;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
        this.messageBudget = settings.messageBudget();
    }

    /**
     * Processes the stored message if it still waits; returns the status it ended in, or empty if it did not wait.
     * A message that cannot be read, or not within its budget, throws {@link MailParser.MailFormatException}; the
     * caller quarantines it.
     */
    Optional<IntakeMailRepository.Status> process(long mailId) {
        Optional<byte[]> raw = mail.pendingRaw(mailId);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        ParsedMail parsed = read(raw.get());
        return take(mailId, parsed);
    }

    /** Reads a raw message within the time budget, outside any transaction. */
    ParsedMail read(byte[] raw) {
        return parser.parse(raw, MailDeadline.after(messageBudget));
    }

    /** The budget for reading one message; tests make it tiny to see a message outlast it. */
    Duration messageBudget() {
        return messageBudget;
    }

    void messageBudget(Duration budget) {
        this.messageBudget = budget;
    }

    /**
     * Takes in a message already read, in one transaction (the caller's, if it has one), if the message still waits:
     * locks it, and makes it a case, a message on a case, or ignored automatic mail.
     */
    Optional<IntakeMailRepository.Status> take(long mailId, ParsedMail parsed) {
        return tx.execute(status -> takeLocked(mailId, parsed));
    }

    private Optional<IntakeMailRepository.Status> takeLocked(long mailId, ParsedMail parsed) {
        Optional<IntakeMailRepository.Pending> pending = mail.lockPending(mailId);
        if (pending.isEmpty()) {
            return Optional.empty();
        }
        IntakeMailRepository.Pending row = pending.get();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String department = mailboxes
                .named(row.mailbox())
                .map(Mailboxes.Mailbox::department)
                .orElse(null);

        String automatic = parsed.automatic() != null ? parsed.automatic() : fromOurselves(parsed);
        if (automatic != null) {
            mail.finish(
                    mailId, IntakeMailRepository.Status.IGNORED_AUTOMATIC, null, parsed.fromAddress(), automatic, now);
            return Optional.of(IntakeMailRepository.Status.IGNORED_AUTOMATIC);
        }
        if (parsed.fromAddress() == null) {
            throw new MailParser.MailFormatException(
                    "The message has no usable sender address (From, Sender or Reply-To).");
        }
        requireActiveAccount();
        Actor actor = account.actorFor(department);
        // When the customer sent it as far as we can tell: a reply is recorded at this time.
        Instant sentOrArrived = sentOrArrived(parsed, row, now);

        Threading thread = thread(parsed);
        Optional<CaseEvents.CustomerMessageReceived> reply = addToCase(thread, parsed, sentOrArrived, actor);
        if (reply.isPresent()) {
            long caseId = reply.get().caseId();
            storeAttachments(mailId, caseId, parsed, now);
            mail.finish(
                    mailId,
                    IntakeMailRepository.Status.ADDED_TO_CASE,
                    caseId,
                    parsed.fromAddress(),
                    parsed.noAutomaticAnswer(),
                    now);
            return Optional.of(IntakeMailRepository.Status.ADDED_TO_CASE);
        }

        requireReceiver(department);
        CustomerContact contact =
                new CustomerContact(parsed.fromName(), parsed.fromAddress(), null, null, PreferredReply.EMAIL);
        Customer customer = customers.findOrCreate(contact);
        String description = thread.quoted().isEmpty()
                ? parsed.text()
                : MailParser.withNote(quotedNote(thread.quoted()), parsed.text());
        // A new case is received when the mailbox got it, and sent when its Date says (never after it arrived).
        Instant receivedAt = arrivedAt(row, now).orElse(sentOrArrived);
        OpenCase open = new OpenCase(
                        settings.defaultKind(),
                        Channel.EMAIL,
                        receivedAt,
                        parsed.subject(),
                        description,
                        contact,
                        department,
                        null,
                        false,
                        customer.id(),
                        List.of(),
                        null,
                        plausibleDate(parsed, row, now)
                                .map(date -> date.isAfter(receivedAt) ? receivedAt : date)
                                .orElse(null))
                .withClient(clients.atIntake(customer, null, actor).orElse(null));
        CaseView view = parsed.noAutomaticAnswer() == null
                ? cases.open(open, actor)
                : correspondence.withoutAutomaticAnswer(() -> cases.open(open, actor));
        long caseId = cases.idOf(view.reference(), actor);
        storeAttachments(mailId, caseId, parsed, now);
        mail.finish(
                mailId,
                IntakeMailRepository.Status.CASE_CREATED,
                caseId,
                parsed.fromAddress(),
                parsed.noAutomaticAnswer(),
                now);
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
        StaffDirectory.Assignment assignment = directory
                .assignment(departmentCode, null)
                .orElseThrow(() -> new IntakeUnavailableException(
                        departmentCode == null
                                ? "No default department is set up to receive e-mail; set one, or name a department for the mailbox."
                                : "The mailbox's department " + departmentCode + " does not exist."));
        if (assignment.lead() == null || !assignment.lead().active()) {
            throw new IntakeUnavailableException("The department "
                    + assignment.department().code() + " has no active lead to own new e-mail cases; give it one.");
        }
    }

    private void requireActiveAccount() {
        if (directory
                .staffByUsername(MailIntakeAccount.USERNAME)
                .filter(s -> !s.active())
                .isPresent()) {
            throw new IntakeUnavailableException("The staff account '" + MailIntakeAccount.USERNAME
                    + "' is deactivated, so e-mail cannot be logged; reactivate it.");
        }
    }

    /**
     * Which case a message belongs to: {@code caseId} when it answers a message of that case, else null; and the
     * references of existing cases its subject quotes whose case its sender may not write to by quoting it alone.
     */
    private record Threading(Long caseId, List<String> quoted) {}

    /**
     * A reply goes on the case it answers: the one whose message it names in In-Reply-To or References (a message
     * Hearken sent, or an earlier one taken in), else the first existing case whose reference is in the subject, but
     * only when the sender is already on that case (see {@link #onCase}). Anyone can type a reference, and a reference
     * is printed on letters and shown on screens, so quoting one proves nothing; a message from anyone else becomes a
     * new case that names the reference it quoted, and staff decide where it belongs.
     */
    private Threading thread(ParsedMail parsed) {
        List<String> ids = new ArrayList<>(parsed.inReplyTo());
        parsed.references().reversed().stream().filter(id -> !ids.contains(id)).forEach(ids::add);
        Optional<Long> answered = mail.caseOfSentMessage(ids).or(() -> mail.caseOfMessage(ids));
        if (answered.isPresent()) {
            return new Threading(answered.get(), List.of());
        }
        List<String> quoted = new ArrayList<>();
        Matcher m = REFERENCE.matcher(parsed.subject());
        while (m.find()) {
            Optional<CaseFacts> quotedCase = cases.facts(m.group(1));
            if (quotedCase.isEmpty()) {
                continue;
            }
            if (onCase(quotedCase.get(), parsed.fromAddress())) {
                return new Threading(quotedCase.get().caseId(), List.of());
            }
            if (!quoted.contains(quotedCase.get().reference())) {
                quoted.add(quotedCase.get().reference());
            }
        }
        return new Threading(null, List.copyOf(quoted));
    }

    private Optional<CaseEvents.CustomerMessageReceived> addToCase(
            Threading thread, ParsedMail parsed, Instant sentAt, Actor actor) {
        if (thread.caseId() == null) {
            return Optional.empty();
        }
        return cases.recordCustomerMessage(
                thread.caseId(), parsed.fromAddress(), sentAt, parsed.subject(), parsed.text(), actor);
    }

    /**
     * Whether the address is already on the case: the case's customer, someone whose e-mail was taken in on it, or
     * someone Hearken wrote to about it. Addresses compare without regard to case, as mail servers do in practice.
     */
    private boolean onCase(CaseFacts c, String address) {
        if (address.equalsIgnoreCase(
                c.customerEmail() == null ? "" : c.customerEmail().strip())) {
            return true;
        }
        return mail.wroteOnCase(c.caseId(), address)
                || caseCorrespondence.emails(c.caseId()).stream().anyMatch(e -> address.equalsIgnoreCase(e.to()));
    }

    /** What a new case says first when its message quoted the reference of a case its sender is not on. */
    static String quotedNote(List<String> references) {
        String named = String.join(" and ", references);
        return "[This e-mail quotes " + named + " in its subject, but its sender is not the customer of "
                + (references.size() == 1 ? "that case" : "those cases") + " nor anyone already in "
                + (references.size() == 1 ? "its" : "their") + " correspondence, so it was taken in as a new case."
                + " If it belongs to " + named + ", record it there.]";
    }

    /** Mail from one of the intake mailboxes themselves is a loop, never a customer. */
    private String fromOurselves(ParsedMail parsed) {
        if (parsed.fromAddress() == null) {
            return null;
        }
        String from = parsed.fromAddress().toLowerCase(Locale.ROOT);
        boolean ours = mailboxes.mailboxes().stream()
                .anyMatch(m -> m.username().toLowerCase(Locale.ROOT).equals(from));
        return ours ? "sent from an intake mailbox (a mail loop)" : null;
    }

    /**
     * When the customer sent it, as a reply on a case records it: the Date header, unless it is missing, in the future
     * or implausibly old (a wrong clock on the sender's side); then when our mail server received it, and failing that
     * when Hearken fetched it.
     */
    private static Instant sentOrArrived(ParsedMail parsed, IntakeMailRepository.Pending row, Instant now) {
        return plausibleDate(parsed, row, now)
                .orElseGet(() -> arrivedAt(row, now).orElse(fetchedAt(row, now)));
    }

    /**
     * The Date header, unless it is missing, in the future, or more than {@link #OLDEST_PLAUSIBLE_DATE} before the
     * mail server received the message (else before Hearken fetched it): a wrong clock on the sender's side.
     */
    private static Optional<Instant> plausibleDate(ParsedMail parsed, IntakeMailRepository.Pending row, Instant now) {
        Instant date = parsed.date();
        Instant reached = arrivedAt(row, now).orElse(fetchedAt(row, now));
        if (date == null || date.isAfter(now) || date.isBefore(reached.minus(OLDEST_PLAUSIBLE_DATE))) {
            return Optional.empty();
        }
        return Optional.of(date.truncatedTo(ChronoUnit.MICROS));
    }

    /**
     * When the message arrived in the mailbox: the mail server's own time of delivery (IMAP {@code INTERNALDATE}), at
     * the latest now; empty when the server did not say.
     */
    private static Optional<Instant> arrivedAt(IntakeMailRepository.Pending row, Instant now) {
        Instant arrived = row.serverReceivedAt();
        return arrived == null ? Optional.empty() : Optional.of(arrived.isAfter(now) ? now : arrived);
    }

    private static Instant fetchedAt(IntakeMailRepository.Pending row, Instant now) {
        return row.fetchedAt().isAfter(now) ? now : row.fetchedAt();
    }

    private void storeAttachments(long mailId, long caseId, ParsedMail parsed, Instant now) {
        for (ParsedMail.Attachment a : parsed.attachments()) {
            mail.addAttachment(mailId, caseId, a, now);
        }
    }
}
