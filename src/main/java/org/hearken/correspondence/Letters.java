package org.hearken.correspondence;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.hearken.audit.SecurityAudit;
import org.hearken.cases.AcknowledgementMethod;
import org.hearken.cases.CaseEvents;
import org.hearken.cases.CaseFacts;
import org.hearken.cases.CaseManagement;
import org.hearken.cases.CustomerWording;
import org.hearken.identity.Actor;
import org.hearken.platform.ConflictException;
import org.hearken.platform.InvalidRequestException;
import org.hearken.platform.NotFoundException;
import org.hearken.statuslinks.StatusLinks;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
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

    record Summary(
            long id,
            String reference,
            String kind,
            String subject,
            String addressee,
            Instant createdAt,
            Instant postedAt) {}

    /** The most letters the print queue lists, and the most one request may mark posted. */
    static final int QUEUE_LIMIT = 500;

    private final CaseManagement cases;
    private final StatusLinks statusLinks;
    private final Templates templates;
    private final MailSettings settings;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final SecurityAudit audit;
    private final ApplicationEventPublisher events;
    private final List<String> organisationAddress;

    Letters(
            CaseManagement cases,
            StatusLinks statusLinks,
            Templates templates,
            MailSettings settings,
            JdbcClient jdbc,
            Clock clock,
            SecurityAudit audit,
            ApplicationEventPublisher events,
            @Value("${hearken.organisation.address:}") String organisationAddress) {
        this.cases = cases;
        this.statusLinks = statusLinks;
        this.templates = templates;
        this.settings = settings;
        this.jdbc = jdbc;
        this.clock = clock;
        this.audit = audit;
        this.events = events;
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
                    Map.of(
                            "message",
                            MergeFields.paragraphs(e.analysis(), e.resolution(), e.reasons()),
                            "remedies",
                            cases.remediesInWords(e.caseId())),
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
        store(facts, key, template.id(), subject, body, writtenBy, facts.customerName(), addressLines(facts));
    }

    /**
     * A letter a member of staff wrote from the case ({@code writtenBy}, a username): their subject and words as they
     * wrote them. Returns the letter's id.
     */
    long writeComposed(
            CaseFacts facts, String addressee, List<String> address, String subject, String body, String writtenBy) {
        return store(facts, TemplateKey.MESSAGE, null, subject, body, writtenBy, addressee, address);
    }

    /** The customer's postal address as the letter prints it, a line each. */
    static List<String> addressLines(CaseFacts facts) {
        return facts.customerAddress() == null
                ? List.of("(no postal address recorded)")
                : lines(facts.customerAddress());
    }

    /** A postal address as a letter prints it: a line for each part between commas or line breaks. */
    static List<String> lines(String address) {
        return Arrays.stream(address.split("[,\\n]"))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    private long store(
            CaseFacts facts,
            TemplateKey key,
            Long templateId,
            String subject,
            String body,
            String writtenBy,
            String addressee,
            List<String> address) {
        Instant now = clock.instant();
        Letter letter = new Letter(
                settings.organisationName(),
                organisationAddress,
                addressee,
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
                        insert into correspondence_letter (case_id, kind, template_id, subject, body, pdf, kept_pdf, addressee, created_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(
                        facts.caseId(),
                        key.name(),
                        templateId,
                        subject,
                        body,
                        pdf,
                        kept,
                        letter.customerName(),
                        Timestamp.from(now))
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
                .query((rs, n) -> summary(rs))
                .list();
    }

    /**
     * The print queue as the reader may see it: the oldest letters not yet posted, of the cases they may see (the one
     * visibility rule, applied before the limit), at most {@link #QUEUE_LIMIT}. The list names each letter's addressee,
     * so each confidential case on it is recorded as read ({@code where}: the page or the API), as other lists do.
     */
    List<Summary> printQueue(Actor actor, String where) {
        Map<String, Object> params = new HashMap<>();
        CaseManagement.visibilityParams(actor, params);
        params.put("limit", QUEUE_LIMIT);
        List<String> confidential = new ArrayList<>();
        List<Summary> queue = jdbc.sql(SUMMARY
                        + " where l.posted_at is null"
                        + " and case_visible_to(c.parties, :reader, :readerRoles, :readerDepartments)"
                        + " order by l.id limit :limit")
                .params(params)
                .query((rs, n) -> {
                    Summary s = summary(rs);
                    if (rs.getBoolean("confidential")) {
                        confidential.add(s.reference());
                    }
                    return s;
                })
                .list();
        audit.recordOnCases(
                actor.username(),
                SecurityAudit.Action.CONFIDENTIAL_CASE_OPENED,
                confidential.stream().distinct().toList(),
                Map.of("where", where));
        return queue;
    }

    byte[] pdf(long caseId, long letterId) {
        return jdbc.sql("select pdf from correspondence_letter where id = ? and case_id = ?")
                .params(letterId, caseId)
                .query(byte[].class)
                .optional()
                .orElse(null);
    }

    /**
     * Records that these letters were posted, all or none, in one transaction: each must be a letter of a case the
     * actor may see ({@link NotFoundException} otherwise, naming no case) and still waiting to be posted
     * ({@link ConflictException} otherwise). The letter waiting in the print queue is the customer's letter, private link
     * and all, for whoever puts it in the envelope; once posted, the kept copy takes its place and the stored text
     * forgets the link. Each posting is a case event, kept in the register.
     *
     * @return how many letters were marked posted
     */
    @Transactional
    int markPosted(Collection<Long> letterIds, Actor actor) {
        if (letterIds == null || letterIds.isEmpty()) {
            throw new InvalidRequestException("letters", "choose at least one letter");
        }
        if (letterIds.stream().anyMatch(java.util.Objects::isNull)) {
            throw new InvalidRequestException("letters", "must be letter ids, not null");
        }
        Set<Long> ids = new TreeSet<>(letterIds);
        if (ids.size() > QUEUE_LIMIT) {
            throw new InvalidRequestException("letters", "at most " + QUEUE_LIMIT + " letters at once");
        }
        Map<String, Object> params = new HashMap<>();
        CaseManagement.visibilityParams(actor, params);
        params.put("ids", ids.toArray(Long[]::new));
        List<Chosen> chosen = jdbc.sql("""
                        select l.id, l.case_id, c.reference, l.kind, l.subject, l.posted_at
                        from correspondence_letter l join case_published c on c.id = l.case_id
                        where l.id = any(:ids) and case_visible_to(c.parties, :reader, :readerRoles, :readerDepartments)
                        order by l.id
                        for update of l""").params(params).query(Chosen.class).list();
        Set<Long> unknown = new TreeSet<>(ids);
        chosen.forEach(c -> unknown.remove(c.id()));
        if (!unknown.isEmpty()) {
            throw new NotFoundException("Nothing was marked posted: there is no letter "
                    + joined(unknown.stream().map(String::valueOf).toList())
                    + " of a case you may see.");
        }
        List<Chosen> posted = chosen.stream().filter(c -> c.postedAt() != null).toList();
        if (!posted.isEmpty()) {
            throw new ConflictException(
                    "Nothing was marked posted: "
                            + (posted.size() == 1 ? "the letter of " : "the letters of ")
                            + joined(posted.stream()
                                    .map(Chosen::reference)
                                    .distinct()
                                    .toList())
                            + (posted.size() == 1 ? " was" : " were")
                            + " marked posted already. Choose from the print queue as it is now.",
                    Map.<String, Object>of(
                            "alreadyPosted", posted.stream().map(Chosen::id).toList()));
        }
        Instant now = clock.instant();
        params.put("now", Timestamp.from(now));
        params.put("staff", actor.staffId());
        int marked = jdbc.sql("""
                        update correspondence_letter
                        set posted_at = :now, posted_by = :staff, pdf = coalesce(kept_pdf, pdf), kept_pdf = null, body = %s
                        where id = any(:ids) and posted_at is null""".formatted(PrivateLinks.sqlForget("body")))
                .params(params)
                .update();
        for (Chosen c : chosen) {
            events.publishEvent(
                    new LetterPosted(c.caseId(), c.reference(), actor.username(), now, c.id(), c.kind(), c.subject()));
        }
        return marked;
    }

    /** A letter chosen to be marked posted, locked until the transaction ends. */
    private record Chosen(long id, long caseId, String reference, String kind, String subject, Instant postedAt) {}

    /** "12", "12 and 13", "12, 13 and 14". */
    private static String joined(List<String> items) {
        return items.size() == 1
                ? items.getFirst()
                : String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.getLast();
    }

    private static Summary summary(java.sql.ResultSet rs) throws java.sql.SQLException {
        Timestamp posted = rs.getTimestamp("posted_at");
        return new Summary(
                rs.getLong("id"),
                rs.getString("reference"),
                rs.getString("kind"),
                rs.getString("subject"),
                rs.getString("addressee"),
                rs.getTimestamp("created_at").toInstant(),
                posted == null ? null : posted.toInstant());
    }

    private static final String SUMMARY = """
            select l.id, c.reference, l.kind, l.subject, l.addressee, l.created_at, l.posted_at, c.confidential
            from correspondence_letter l join case_published c on c.id = l.case_id""";
}
