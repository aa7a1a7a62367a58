package org.hearken.correspondence;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hearken.cases.CaseFacts;
import org.hearken.cases.CaseManagement;
import org.hearken.cases.CustomerWording;
import org.hearken.platform.FieldProblem;
import org.hearken.platform.InvalidRequestException;
import org.hearken.platform.NotFoundException;
import org.hearken.statuslinks.StatusLinks;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * What staff write to the customer from the case: the words to start from (a template of the library or a snippet of
 * their department, for the case), what the customer will receive (a preview, written nowhere), and sending it, by
 * e-mail through the outbox or as a letter to the print queue, in the caller's transaction. Staff may write
 * {@code {{statusLink}}} where the customer's private status page link goes: it is filled in only in what the customer
 * receives, never shown to staff. The caller has checked that the person may write to the customer about the case.
 */
@Service
public class Composer {

    /** The most words a message may carry, and the most files and bytes it may attach. */
    static final int MAX_TEXT = 20_000;

    static final int MAX_SUBJECT = 200;
    static final int MAX_FILES = 5;
    static final long MAX_BYTES = 15L * 1024 * 1024;

    /** Where the customer's private status link goes in staff's words. */
    public static final String STATUS_LINK = "{{statusLink}}";

    /** How a message goes: {@code EMAIL} or {@code LETTER}. */
    public enum Channel {
        EMAIL,
        LETTER
    }

    /**
     * A message as staff wrote it. {@code to}: someone acting for the customer (their representative) it goes to
     * instead, or null for the customer.
     */
    public record Draft(Channel channel, String subject, String text, List<OutgoingFile> files, Representative to) {}

    /** Someone acting for the customer: their name, and the e-mail or postal address a message to them goes to. */
    public record Representative(String name, String email, String postalAddress) {}

    /**
     * What the customer will receive: to whom (the address, or the postal address a line each, joined), the subject and
     * the text exactly as sent (the private link shown as the words staff see instead), the files; {@code problem}
     * says why it cannot reach them (no address), else null.
     */
    public record Preview(
            Channel channel, String to, String subject, String text, List<String> files, String problem) {}

    /** What was sent: the outbox message's or the letter's id and its status ({@code PENDING}, {@code FAILED}). */
    public record Sent(Channel channel, long id, String status, String to) {}

    /** A text to start from: its key ({@code MESSAGE}, another template's, or {@code snippet:ID}) and name. */
    public record Start(String key, String name) {}

    private final CaseManagement cases;
    private final Correspondence correspondence;
    private final Letters letters;
    private final Templates templates;
    private final StatusLinks statusLinks;
    private final MailSettings settings;
    private final JdbcClient jdbc;

    Composer(
            CaseManagement cases,
            Correspondence correspondence,
            Letters letters,
            Templates templates,
            StatusLinks statusLinks,
            MailSettings settings,
            JdbcClient jdbc) {
        this.cases = cases;
        this.correspondence = correspondence;
        this.letters = letters;
        this.templates = templates;
        this.statusLinks = statusLinks;
        this.settings = settings;
        this.jdbc = jdbc;
    }

    // ---- starting points ----------------------------------------------------------------------------------------

    /** The texts staff may start from on the case: the library's templates, then its department's snippets. */
    public List<Start> starts(long caseId) {
        List<Start> starts = new ArrayList<>();
        starts.add(new Start(TemplateKey.MESSAGE.name(), "A message (standard words around yours)"));
        starts.add(new Start(TemplateKey.INTERIM_RESPONSE.name(), "An update (interim response)"));
        starts.add(new Start(TemplateKey.SUBSTANTIVE_RESPONSE.name(), "Our response"));
        starts.add(new Start(TemplateKey.REVIEW_OUTCOME.name(), "The outcome of the internal review"));
        jdbc.sql("""
                        select s.id, s.title from correspondence_snippet s
                        join case_published c on c.department_id = s.department_id
                        where c.id = ? order by s.title, s.id""")
                .param(caseId)
                .query((rs, n) -> starts.add(new Start("snippet:" + rs.getLong(1), "Snippet: " + rs.getString(2))))
                .list();
        return starts;
    }

    /**
     * The subject and words to start from, for this case: a template of the library rendered for it (its e-mail version,
     * where staff's own words go left for them to write), or a snippet of the case's department.
     */
    public Map<String, String> start(long caseId, String key) {
        CaseFacts facts = cases.facts(caseId).orElseThrow(() -> new NotFoundException("No case with id " + caseId));
        Map<String, String> fields = new HashMap<>(MergeFields.of(facts, settings.organisationName(), STATUS_LINK));
        fields.put("message", "[Write here]");
        Map<String, String> start = new LinkedHashMap<>();
        if (key != null && key.startsWith("snippet:")) {
            start.put("subject", defaultSubject(facts));
            start.put("text", snippetText(caseId, key.substring("snippet:".length())));
            return start;
        }
        TemplateKey template = templateKey(key);
        Templates.Compiled compiled = templates.compiledActive(template, TemplateChannel.EMAIL);
        Map<String, String> forSubject = new HashMap<>(fields);
        MergeFields.PRIVATE_LINKS.forEach(forSubject::remove);
        start.put("subject", OutgoingMail.singleLine(TemplateEngine.render(compiled.subject(), forSubject)));
        start.put("text", TemplateEngine.render(compiled.body(), fields));
        return start;
    }

    private static TemplateKey templateKey(String key) {
        if (key == null || key.isBlank()) {
            return TemplateKey.MESSAGE;
        }
        try {
            TemplateKey k = TemplateKey.valueOf(key.strip().toUpperCase(Locale.ROOT));
            if (k.automatic()) {
                throw new IllegalArgumentException();
            }
            return k;
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(
                    "from", "is not a text to start from: choose MESSAGE, a response template or a snippet");
        }
    }

    // ---- preview and send ---------------------------------------------------------------------------------------

    /** Staff's words as an answer carries them: the parts given, each stripped, as paragraphs. */
    public static String paragraphs(String... parts) {
        return MergeFields.paragraphs(parts);
    }

    /** The answers staff record that Hearken sends: an interim response, a response, a review's outcome. */
    public enum Answer {
        INTERIM_RESPONSE,
        SUBSTANTIVE_RESPONSE,
        REVIEW_OUTCOME
    }

    /**
     * What the customer will receive when the answer with staff's {@code words} is recorded as given by {@code channel}:
     * the template of its kind around their words and the remedies (those on the case not declined, and
     * {@code newRemedy} if the form offers one), rendered as the outbox or the letter will render it (the private link
     * shown as staff see it); writes nothing. Null when Hearken sends nothing for that channel (staff tell the customer).
     */
    public Preview previewAnswer(long caseId, Answer answer, Channel channel, String words, String newRemedy) {
        if (channel == null) {
            return null;
        }
        CaseFacts facts = cases.facts(caseId).orElseThrow(() -> new NotFoundException("No case with id " + caseId));
        Map<String, String> fields =
                new HashMap<>(MergeFields.of(facts, settings.organisationName(), PrivateLinks.STATUS_FOR_STAFF));
        fields.put("message", words == null ? "" : words);
        String remedies = answer == Answer.INTERIM_RESPONSE ? "" : cases.remediesInWords(caseId);
        if (answer != Answer.INTERIM_RESPONSE && newRemedy != null) {
            remedies = remedies.isEmpty() ? "- " + newRemedy : remedies + "\n- " + newRemedy;
        }
        fields.put("remedies", remedies);
        TemplateKey key = TemplateKey.valueOf(answer.name());
        Templates.Compiled template = templates.compiledActive(
                key, channel == Channel.EMAIL ? TemplateChannel.EMAIL : TemplateChannel.LETTER);
        Map<String, String> forSubject = new HashMap<>(fields);
        MergeFields.PRIVATE_LINKS.forEach(forSubject::remove);
        String subject = OutgoingMail.singleLine(TemplateEngine.render(template.subject(), forSubject));
        String text = TemplateEngine.render(template.body(), fields);
        if (channel == Channel.EMAIL) {
            String to =
                    facts.customerEmail() == null ? "" : facts.customerEmail().strip();
            return new Preview(Channel.EMAIL, to, subject, text, List.of(), Correspondence.addressProblem(to));
        }
        return new Preview(
                Channel.LETTER,
                String.join(", ", Letters.addressLines(facts)),
                subject,
                text,
                List.of(),
                facts.customerAddress() == null ? "there is no postal address" : null);
    }

    /** What the customer (or their representative) would receive; writes nothing. */
    public Preview preview(long caseId, Draft draft) {
        CaseFacts facts = cases.facts(caseId).orElseThrow(() -> new NotFoundException("No case with id " + caseId));
        Draft d = checked(draft);
        String subject = subject(facts, d.subject());
        String shown = PrivateLinks.forStaff(d.text()).replace(STATUS_LINK, PrivateLinks.STATUS_FOR_STAFF);
        List<String> files = d.files().stream().map(OutgoingFile::filename).toList();
        if (d.channel() == Channel.EMAIL) {
            String to = email(facts, d);
            return new Preview(Channel.EMAIL, to, subject, shown, files, Correspondence.addressProblem(to));
        }
        return new Preview(
                Channel.LETTER,
                addressee(facts, d) + ", " + String.join(", ", address(facts, d)),
                subject,
                shown,
                files,
                d.to() == null && facts.customerAddress() == null ? "there is no postal address" : null);
    }

    private static String email(CaseFacts facts, Draft d) {
        String to = d.to() != null ? d.to().email() : facts.customerEmail();
        return to == null ? "" : to.strip();
    }

    private static String addressee(CaseFacts facts, Draft d) {
        return d.to() != null ? OutgoingMail.singleLine(d.to().name()) : facts.customerName();
    }

    private static List<String> address(CaseFacts facts, Draft d) {
        return d.to() != null ? Letters.lines(d.to().postalAddress()) : Letters.addressLines(facts);
    }

    /**
     * Sends it in the caller's transaction: an e-mail to the outbox (threaded under the customer's mail, with its files),
     * or a letter to the print queue (its files listed as enclosures, to be printed from the case). The register keeps
     * what was sent, in {@code writtenBy}'s name (a username).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Sent send(long caseId, Draft draft, String writtenBy) {
        CaseFacts facts = cases.facts(caseId).orElseThrow(() -> new NotFoundException("No case with id " + caseId));
        Draft d = checked(draft);
        String subject = subject(facts, d.subject());
        String text = d.text();
        if (text.contains(STATUS_LINK)) {
            text = text.replace(STATUS_LINK, MergeFields.statusLink(settings.publicUrl(), statusLinks.issue(caseId)));
        }
        if (d.channel() == Channel.EMAIL) {
            String to = email(facts, d);
            QueuedEmail queued =
                    correspondence.insert(facts, TemplateKey.MESSAGE, null, to, subject, text, writtenBy, d.files());
            return new Sent(Channel.EMAIL, queued.id(), queued.status(), to);
        }
        if (!d.files().isEmpty()) {
            StringBuilder enclosed = new StringBuilder(text.stripTrailing()).append("\n\nEnclosed:");
            d.files().forEach(f -> enclosed.append("\n- ").append(f.filename()));
            text = enclosed.toString();
        }
        List<String> address = address(facts, d);
        long id = letters.writeComposed(facts, addressee(facts, d), address, subject, text, writtenBy);
        return new Sent(
                Channel.LETTER, id, "WAITING_TO_BE_POSTED", addressee(facts, d) + ", " + String.join(", ", address));
    }

    /** The subject staff gave, with the case's reference if they left it out; the standard one if they gave none. */
    static String subject(CaseFacts facts, String given) {
        if (given == null || given.isBlank()) {
            return defaultSubject(facts);
        }
        String s = OutgoingMail.singleLine(given);
        return s.contains(facts.reference()) ? s : s + " (" + facts.reference() + ")";
    }

    private static String defaultSubject(CaseFacts facts) {
        return "Your " + CustomerWording.kind(facts.kind()) + " (" + facts.reference() + ")";
    }

    private static Draft checked(Draft d) {
        List<FieldProblem> problems = new ArrayList<>();
        if (d.channel() == null) {
            problems.add(new FieldProblem("channel", "is required: EMAIL or LETTER"));
        }
        if (d.text() == null || d.text().isBlank()) {
            problems.add(new FieldProblem("text", "is required: write what the customer is to read"));
        } else if (d.text().length() > MAX_TEXT) {
            problems.add(new FieldProblem("text", "is too long: at most " + MAX_TEXT + " characters"));
        }
        if (d.subject() != null && d.subject().length() > MAX_SUBJECT) {
            problems.add(new FieldProblem("subject", "is too long: at most " + MAX_SUBJECT + " characters"));
        }
        List<OutgoingFile> files = d.files() == null ? List.of() : d.files();
        long bytes = files.stream().mapToLong(f -> f.data().length).sum();
        if (files.size() > MAX_FILES) {
            problems.add(new FieldProblem("attachments", "are too many: at most " + MAX_FILES + " files"));
        } else if (bytes > MAX_BYTES) {
            problems.add(new FieldProblem(
                    "attachments", "are too large together: at most " + MAX_BYTES / (1024 * 1024) + " MB"));
        }
        Representative to = d.to();
        if (to != null && isBlank(to.name()) && isBlank(to.email()) && isBlank(to.postalAddress())) {
            to = null;
        }
        if (to != null) {
            if (isBlank(to.name()) || to.name().length() > 200) {
                problems.add(new FieldProblem("to.name", "is required for a representative, at most 200 characters"));
            }
            if (d.channel() == Channel.EMAIL
                    && (isBlank(to.email()) || Correspondence.addressProblem(to.email()) != null)) {
                problems.add(new FieldProblem("to.email", "must be the representative's e-mail address"));
            }
            if (d.channel() == Channel.LETTER
                    && (isBlank(to.postalAddress()) || to.postalAddress().length() > 1000)) {
                problems.add(new FieldProblem("to.postalAddress", "must be the representative's postal address"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return new Draft(d.channel(), d.subject(), d.text().strip(), files, to);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    // ---- snippets -----------------------------------------------------------------------------------------------

    /** The words of snippet {@code id}, if it is one of the case's department's. */
    private String snippetText(long caseId, String id) {
        try {
            return jdbc.sql("""
                            select s.text from correspondence_snippet s
                            join case_published c on c.department_id = s.department_id
                            where c.id = ? and s.id = ?""")
                    .params(caseId, Long.parseLong(id))
                    .query(String.class)
                    .optional()
                    .orElseThrow(
                            () -> new InvalidRequestException("from", "is not a snippet of the case's department"));
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("from", "is not a snippet of the case's department");
        }
    }
}
