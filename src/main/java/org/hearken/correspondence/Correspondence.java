package org.hearken.correspondence;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hearken.cases.CaseFacts;
import org.hearken.cases.CaseManagement;
import org.hearken.statuslinks.StatusLinks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The correspondence module's public service: writes a message to a customer into the outbox, rendered from the
 * template in force. It must run inside the transaction of the case change that causes the message, so the message
 * exists if and only if the change commits; the sender delivers it after commit.
 */
@Service
public class Correspondence {

    private static final Logger log = LoggerFactory.getLogger(Correspondence.class);

    private final CaseManagement cases;
    private final StatusLinks statusLinks;
    private final Templates templates;
    private final MailSettings settings;
    private final JdbcClient jdbc;
    private final Clock clock;

    Correspondence(
            CaseManagement cases,
            StatusLinks statusLinks,
            Templates templates,
            MailSettings settings,
            JdbcClient jdbc,
            Clock clock) {
        this.cases = cases;
        this.statusLinks = statusLinks;
        this.templates = templates;
        this.settings = settings;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Queues an e-mail to {@code toAddress} from the {@code templateKey} e-mail template. The case supplies its own
     * merge fields (customer, reference, owner, dates, links); {@code fields} adds or overrides others, such as
     * {@code newDate} or {@code message}.
     *
     * @throws IllegalArgumentException for an unknown template key or merge field name, or a case that does not exist
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public QueuedEmail queueEmail(long caseId, String templateKey, Map<String, String> fields, String toAddress) {
        TemplateKey key;
        try {
            key = TemplateKey.valueOf(templateKey);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("No template is called " + templateKey, e);
        }
        CaseFacts facts =
                cases.facts(caseId).orElseThrow(() -> new IllegalArgumentException("No case has id " + caseId));
        return queue(facts, key, fields, toAddress);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    QueuedEmail queue(CaseFacts facts, TemplateKey key, Map<String, String> fields, String toAddress) {
        return queue(facts, key, fields, toAddress, null);
    }

    /** As {@link #queue(CaseFacts, TemplateKey, Map, String)}, for words {@code writtenBy} (a username) wrote. */
    @Transactional(propagation = Propagation.MANDATORY)
    QueuedEmail queue(
            CaseFacts facts, TemplateKey key, Map<String, String> fields, String toAddress, String writtenBy) {
        for (String name : fields.keySet()) {
            if (!MergeFields.ALLOWED.containsKey(name)) {
                throw new IllegalArgumentException(
                        "'" + name + "' is not a merge field; the merge fields are " + MergeFields.ALLOWED.keySet());
            }
        }
        Map<String, String> merged = new HashMap<>(MergeFields.of(
                facts,
                settings.organisationName(),
                MergeFields.statusLink(settings.publicUrl(), statusLinks.issue(facts.caseId()))));
        fields.forEach((name, value) -> merged.put(name, value == null ? "" : value));
        Templates.Compiled template = templates.compiledActive(key, TemplateChannel.EMAIL);
        // A subject saved before private links were kept out of subjects still gets none: staff see subjects as they
        // are.
        Map<String, String> forSubject = new HashMap<>(merged);
        MergeFields.PRIVATE_LINKS.forEach(forSubject::remove);
        String subject = OutgoingMail.singleLine(TemplateEngine.render(template.subject(), forSubject));
        String body = TemplateEngine.render(template.body(), merged);
        return insert(facts, key, template.id(), toAddress, subject, body, writtenBy, List.of());
    }

    /**
     * Writes the e-mail into the outbox, threaded under the customer's own mail on the case: {@code In-Reply-To} their
     * latest message, {@code References} the thread from their first. {@code writtenBy}: the username of the member of staff who wrote it
     * (null for what Hearken writes by itself), whose words the register then keeps as sent.
     */
    QueuedEmail insert(
            CaseFacts facts,
            TemplateKey key,
            Long templateId,
            String toAddress,
            String subject,
            String body,
            String writtenBy,
            List<OutgoingFile> attachments) {
        String messageId = settings.newMessageId();
        String problem = addressProblem(toAddress);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String status = problem == null ? "PENDING" : "FAILED";
        List<String> thread = jdbc
                .sql("select message_id from intake_case_mail where case_id = ? order by received_at, id")
                .param(facts.caseId())
                .query(String.class)
                .list()
                .stream()
                .map(id -> id.startsWith("<") ? id : "<" + id + ">")
                .toList();
        String inReplyTo = thread.isEmpty() ? null : thread.getLast();
        // The first message and the latest few: enough for any mail program to find the thread, in a bounded header.
        List<String> references = thread.size() <= MAX_REFERENCES
                ? thread
                : java.util.stream.Stream.concat(
                                thread.stream().limit(1), thread.stream().skip(thread.size() - MAX_REFERENCES + 1))
                        .toList();
        long id = jdbc.sql("""
                        insert into correspondence_message (case_id, kind, channel, template_id, to_address, subject, body, message_id,
                                                            status, attempts, next_attempt_at, last_error, created_at,
                                                            in_reply_to, references_header, written_by)
                        values (?, ?, 'EMAIL', ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?) returning id""")
                .params(
                        facts.caseId(),
                        key.name(),
                        templateId,
                        toAddress == null ? "" : toAddress.strip(),
                        subject,
                        body,
                        messageId,
                        status,
                        Timestamp.from(now),
                        problem,
                        Timestamp.from(now),
                        inReplyTo,
                        references.isEmpty() ? null : String.join(" ", references),
                        writtenBy)
                .query(Long.class)
                .single();
        for (OutgoingFile a : attachments) {
            jdbc.sql("""
                            insert into correspondence_attachment (message_id, filename, content_type, size, data)
                            values (?, ?, ?, ?, ?)""")
                    .params(id, a.filename(), a.contentType(), a.data().length, a.data())
                    .update();
        }
        if (writtenBy != null) {
            cases.recordSentToCustomer(
                    facts.caseId(),
                    writtenBy,
                    key.name(),
                    "EMAIL",
                    toAddress,
                    subject,
                    PrivateLinks.forStaff(body),
                    attachments.stream().map(OutgoingFile::filename).toList());
        }
        if (problem != null) {
            log.warn("The {} e-mail for case {} cannot be sent: {}", key, facts.reference(), problem);
        }
        return new QueuedEmail(id, messageId, status);
    }

    /** At most this many Message-IDs in an answer's {@code References}. */
    private static final int MAX_REFERENCES = 10;

    /**
     * Runs {@code work} (opening a case from a message whose sender asked for no automatic reply, with Outlook's
     * {@code X-Auto-Response-Suppress}, say) so that it queues no automatic answer: the case is opened as usual, and
     * staff acknowledge it themselves.
     */
    public <T> T withoutAutomaticAnswer(java.util.function.Supplier<T> work) {
        return AutomaticMail.withheld(work);
    }

    /** Null when the address is one plain mailbox; otherwise why it cannot be used. */
    static String addressProblem(String address) {
        if (address == null || address.isBlank()) {
            return "there is no e-mail address";
        }
        String a = address.strip();
        if (a.chars().anyMatch(ch -> Character.isISOControl(ch) || Character.isWhitespace(ch))) {
            return "'" + OutgoingMail.singleLine(a) + "' is not a usable e-mail address";
        }
        try {
            InternetAddress[] parsed = InternetAddress.parse(a, true);
            if (parsed.length != 1 || parsed[0].isGroup() || !a.equals(parsed[0].getAddress())) {
                return "'" + a + "' is not a single e-mail address";
            }
            return null;
        } catch (AddressException e) {
            return "'" + a + "' is not a usable e-mail address: " + e.getMessage();
        }
    }
}
