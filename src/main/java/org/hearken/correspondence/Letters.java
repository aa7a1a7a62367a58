package org.hearken.correspondence;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hearken.cases.AcknowledgementMethod;
import org.hearken.cases.CaseEvents;
import org.hearken.cases.CaseFacts;
import org.hearken.cases.CaseManagement;
import org.hearken.cases.CustomerWording;
import org.hearken.statuslinks.StatusLinks;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Postal replies: whenever staff record that they answered by letter, the LETTER template is rendered to a PDF in the
 * same transaction and kept with the case; it waits in the print queue until someone marks it posted.
 */
@Component
class Letters {

    record Summary(long id, String reference, String kind, String subject, Instant createdAt, Instant postedAt) {}

    private final CaseManagement cases;
    private final StatusLinks statusLinks;
    private final Templates templates;
    private final MailSettings settings;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final List<String> organisationAddress;

    Letters(
            CaseManagement cases,
            StatusLinks statusLinks,
            Templates templates,
            MailSettings settings,
            JdbcClient jdbc,
            Clock clock,
            @Value("${hearken.organisation.address:}") String organisationAddress) {
        this.cases = cases;
        this.statusLinks = statusLinks;
        this.templates = templates;
        this.settings = settings;
        this.jdbc = jdbc;
        this.clock = clock;
        this.organisationAddress = Arrays.stream(organisationAddress.split("[,\\n]"))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(CaseEvents.Acknowledged e) {
        if (e.via() == AcknowledgementMethod.LETTER) {
            write(e.caseId(), TemplateKey.ACKNOWLEDGEMENT, Map.of());
        }
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(CaseEvents.DueDateExtended e) {
        if (e.noticeChannel() == AcknowledgementMethod.LETTER) {
            CaseFacts facts = cases.facts(e.caseId()).orElseThrow();
            Map<String, String> fields = new HashMap<>();
            fields.put("previousDate", CustomerWording.when(e.previousDue(), facts.zone()));
            fields.put("newDate", CustomerWording.when(e.newDue(), facts.zone()));
            fields.put("promisedDate", CustomerWording.when(e.newDue(), facts.zone()));
            fields.put("reason", e.reason());
            fields.put("agreed", e.agreedBy() == null ? "" : "yes");
            write(e.caseId(), TemplateKey.EXTENSION_NOTICE, fields);
        }
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(CaseEvents.InterimResponseGiven e) {
        if (e.channel() == AcknowledgementMethod.LETTER) {
            write(e.caseId(), TemplateKey.INTERIM_RESPONSE, Map.of("message", e.message()), e.actor());
        }
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(CaseEvents.Responded e) {
        if (e.channel() == AcknowledgementMethod.LETTER) {
            write(
                    e.caseId(),
                    TemplateKey.SUBSTANTIVE_RESPONSE,
                    Map.of("message", MergeFields.paragraphs(e.analysis(), e.resolution(), e.reasons())),
                    e.actor());
        }
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(CaseEvents.ReviewDecided e) {
        if (e.channel() == AcknowledgementMethod.LETTER) {
            write(
                    e.caseId(),
                    TemplateKey.REVIEW_OUTCOME,
                    Map.of("message", MergeFields.paragraphs(e.analysis(), e.response(), e.reasons())),
                    e.actor());
        }
    }

    private void write(long caseId, TemplateKey key, Map<String, String> extra) {
        write(caseId, key, extra, null);
    }

    /** {@code writtenBy}: the username of the member of staff whose words it carries; null for standard letters. */
    private void write(long caseId, TemplateKey key, Map<String, String> extra, String writtenBy) {
        CaseFacts facts = cases.facts(caseId).orElseThrow();
        Map<String, String> fields = new HashMap<>(MergeFields.of(
                facts,
                settings.organisationName(),
                MergeFields.statusLink(settings.publicUrl(), statusLinks.issue(caseId))));
        fields.putAll(extra);
        Templates.Compiled template = templates.compiledActive(key, TemplateChannel.LETTER);
        String subject = OutgoingMail.singleLine(TemplateEngine.render(template.subject(), fields));
        String body = TemplateEngine.render(template.body(), fields);
        store(facts, key, template.id(), subject, body, writtenBy);
    }

    /**
     * A letter a member of staff wrote from the case ({@code writtenBy}, a username): their subject and words as they
     * wrote them. Returns the letter's id.
     */
    long writeComposed(CaseFacts facts, String subject, String body, String writtenBy) {
        return store(facts, TemplateKey.MESSAGE, null, subject, body, writtenBy);
    }

    /** The customer's postal address as the letter prints it, a line each. */
    static List<String> addressLines(CaseFacts facts) {
        return facts.customerAddress() == null
                ? List.of("(no postal address recorded)")
                : Arrays.stream(facts.customerAddress().split("[,\\n]"))
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .toList();
    }

    private long store(
            CaseFacts facts, TemplateKey key, Long templateId, String subject, String body, String writtenBy) {
        Instant now = clock.instant();
        List<String> address = addressLines(facts);
        Letter letter = new Letter(
                settings.organisationName(),
                organisationAddress,
                facts.customerName(),
                address,
                LocalDate.ofInstant(now, facts.zone()),
                facts.reference(),
                subject,
                body);
        byte[] pdf = LetterPdf.render(letter);
        // The copy kept once the letter is posted: the same letter without the customer's private link.
        byte[] kept = LetterPdf.render(new Letter(
                letter.organisationName(),
                letter.organisationAddress(),
                letter.customerName(),
                letter.customerAddress(),
                letter.date(),
                letter.reference(),
                letter.subject(),
                PrivateLinks.forStaff(body)));
        long id = jdbc.sql("""
                        insert into correspondence_letter (case_id, kind, template_id, subject, body, pdf, kept_pdf, created_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(facts.caseId(), key.name(), templateId, subject, body, pdf, kept, Timestamp.from(now))
                .query(Long.class)
                .single();
        if (writtenBy != null) {
            cases.recordSentToCustomer(
                    facts.caseId(),
                    writtenBy,
                    key.name(),
                    "LETTER",
                    String.join(", ", address),
                    subject,
                    PrivateLinks.forStaff(body),
                    List.of());
        }
        return id;
    }

    List<Summary> ofCase(long caseId) {
        return jdbc.sql(SUMMARY + " where l.case_id = ? order by l.id")
                .param(caseId)
                .query(Summary.class)
                .list();
    }

    List<Summary> printQueue() {
        return jdbc.sql(SUMMARY + " where l.posted_at is null order by l.id limit 500")
                .query(Summary.class)
                .list();
    }

    byte[] pdf(long caseId, long letterId) {
        return jdbc.sql("select pdf from correspondence_letter where id = ? and case_id = ?")
                .params(letterId, caseId)
                .query(byte[].class)
                .optional()
                .orElse(null);
    }

    /** The case the letter belongs to, for the caller's access check. */
    Long caseOf(long letterId) {
        return jdbc.sql("select case_id from correspondence_letter where id = ?")
                .param(letterId)
                .query(Long.class)
                .optional()
                .orElse(null);
    }

    /**
     * Records that the letter was posted. The letter waiting in the print queue is the customer's letter, private link
     * and all, for whoever puts it in the envelope; once posted, the kept copy takes its place and the stored text
     * forgets the link.
     */
    boolean markPosted(long letterId, long staffId) {
        return jdbc.sql("""
                        update correspondence_letter
                        set posted_at = ?, posted_by = ?, pdf = coalesce(kept_pdf, pdf), kept_pdf = null, body = %s
                        where id = ? and posted_at is null""".formatted(PrivateLinks.sqlForget("body")))
                        .params(Timestamp.from(clock.instant()), staffId, letterId)
                        .update()
                == 1;
    }

    private static final String SUMMARY = """
            select l.id, c.reference, l.kind, l.subject, l.created_at, l.posted_at
            from correspondence_letter l join case_published c on c.id = l.case_id""";
}
