package org.hearken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.internet.MimeMessage;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.hearken.identity.Role;
import org.hearken.policy.PolicyTestSupport;
import org.hearken.support.ApiClient;
import org.hearken.support.FormSession;
import org.hearken.support.IntegrationTest;
import org.hearken.support.TestMail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * What each role may read of the cases it may not open, wherever Hearken shows text written on cases, references or
 * customers' details: reports (JSON, every table's CSV from the API and the page, the page, the review pack's text),
 * the suggestions log, survey results, customer records (by id and by search), case pages with their messages, letters
 * (PDF text) and register entries, template previews with a case's data, lists and search, the deadline watch, the
 * what-if replay, training and the register export.
 *
 * <p>Among the cases are a need-to-know confidential complaint, a confidential suggestion and, for every reader, a
 * complaint about them; every case carries its own marker in each free-text field (subject, description, customer name
 * and address, notes, extension reason, response, reasons, remedy, review reason, survey comment, improvement note)
 * and its own phone number, and most share one customer, so that a hidden case's details sit on a customer the reader
 * may see. A leak is an answer to a reader holding a marker, phone number or reference of a case that reader may not
 * open (the oracle below is written by hand from the rules), or any customer's private link (survey or status page).
 * The readers see survey invitations and acknowledgements both delivered and waiting to be sent, and posted letters.
 */
class ConfidentialityMatrixIT extends IntegrationTest {

    private static final Pattern PRIVATE_LINK =
            Pattern.compile("/public/(?:survey/[A-Za-z0-9_-]{43}|status/[A-Za-z0-9_-]{32})(?![A-Za-z0-9_-])");
    private static final Pattern SURVEY_MAIL_REFERENCE = Pattern.compile("\\((HK-[0-9-]+)\\)");
    private static final String RANGE = "from=2026-03-01&to=2026-03-31";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    org.springframework.context.ApplicationContext context;

    private ApiClient admin;

    @BeforeEach
    void safetrac() throws Exception {
        // SAFETRAC has internal reviews, so that the review list can show (or hide) cases.
        admin = as(staffWithoutDepartment(Role.ADMIN));
        PolicyTestSupport.ensureActive(admin, "safetrac");
    }

    @AfterEach
    void metart() throws Exception {
        TestMail.start();
        PolicyTestSupport.ensureActive(admin, "metart");
    }

    /** A case the test knows: the marker in its every free-text field, a word to search for, its customer's phone. */
    record Case(
            String label, String reference, long id, long customerId, String marker, String searchWord, String phone) {

        /** Whether {@code text} holds anything of the case; its reference counts unless the reader asked for it by name. */
        String foundIn(String text, String asked) {
            if (text.contains(marker)) {
                return "marker " + marker;
            }
            if (text.contains(phone)) {
                return "phone " + phone;
            }
            if (!asked.contains(reference)
                    && Pattern.compile(Pattern.quote(reference) + "(?![0-9])")
                            .matcher(text)
                            .find()) {
                return "reference " + reference;
            }
            return null;
        }
    }

    /** One answer to a reader: which endpoint (for the count), the request, its status and its text. */
    record Answer(String endpoint, String asked, int status, String text, String problem) {}

    /** A signed-in reader: an API token for the API, a session for the pages. */
    final class Reader {
        final String role;
        final String username;
        final ApiClient api;
        final String token;
        final FormSession pages = new FormSession(port);

        Reader(String role, String username) {
            this.role = role;
            this.username = username;
            ApiClient.Response issued = as(username).post("/api/tokens", Map.of("name", "confidentiality matrix"));
            assertThat(issued.status()).as(issued.body()).isIn(200, 201);
            this.token = issued.json().get("token").asString();
            this.api = ApiClient.bearer(port, token);
            assertThat(pages.signIn(username, PASSWORD)).as(role + " signs in").isTrue();
        }

        Answer api(String endpoint, String path) {
            ApiClient.Response r = api.get(path);
            return new Answer(endpoint, path, r.status(), r.body() == null ? "" : r.body(), null);
        }

        Answer post(String endpoint, String path, Object body) {
            ApiClient.Response r = api.post(path, body);
            return new Answer(endpoint, path, r.status(), r.body() == null ? "" : r.body(), null);
        }

        /** A page; a search page shows back what was searched for, which is the reader's own words and left out. */
        Answer page(String endpoint, String path) {
            FormSession.Page p = pages.get(path);
            String problem = p.location().contains("/login") ? "the session was lost, so this tested nothing" : null;
            Matcher q = Pattern.compile("[?&]q=([^&]*)").matcher(path);
            String text = q.find()
                    ? p.body().replace(java.net.URLDecoder.decode(q.group(1), StandardCharsets.UTF_8), "")
                    : p.body();
            return new Answer(endpoint, path, p.status(), text, problem);
        }

        /** A PDF's text as PDFBox extracts it, and again without line breaks, so that a wrapped marker is still found. */
        Answer pdf(String endpoint, String path) throws Exception {
            ApiClient.Download r = ApiClient.bearer(port, token).download(path);
            String text = new String(r.bytes(), StandardCharsets.UTF_8);
            if (r.status() == 200) {
                try (PDDocument doc = Loader.loadPDF(r.bytes())) {
                    String extracted = new PDFTextStripper().getText(doc);
                    text = extracted + "\n" + extracted.replaceAll("\\s+", "");
                }
            }
            return new Answer(endpoint, path, r.status(), text, null);
        }
    }

    /** Everything read for one reader under one name; add what else shows cases here (see the audit log below). */
    record Probe(String name, ThrowingFunction<Reader, List<Answer>> read) {}

    @FunctionalInterface
    interface ThrowingFunction<T, R> {
        R apply(T t) throws Exception;
    }

    @Test
    void noRoleReadsAnythingOfACaseItMayNotOpenNorAnyCustomersPrivateLink() throws Exception {
        Dept d = department();
        Dept other = department();
        String agent = d.staff(Role.AGENT);
        String manager = d.staff(Role.MANAGER);
        String executive = staffWithoutDepartment(Role.EXECUTIVE);
        staffWithoutDepartment(Role.EXECUTIVE);
        String administrator = staffWithoutDepartment(Role.ADMIN);
        String noDepartment = staffWithoutDepartment(Role.AGENT);
        String confidant = d.staff(Role.AGENT);
        String colleague = d.staff(Role.AGENT);
        Map<String, String> readers = new LinkedHashMap<>();
        readers.put("agent", agent);
        readers.put("manager", manager);
        readers.put("department lead", d.lead);
        readers.put("executive", executive);
        readers.put("administrator", administrator);
        readers.put("staff without department", noDepartment);
        readers.put("other department's manager", other.lead);
        String sharedEmail = "shared" + unique().toLowerCase() + "@example.net";

        // ---- the cases, all received on Monday 2 March 2026 (Brisbane) -------------------------------------------
        clock.set(brisbane("2026-03-02T10:05:00"));
        Map<String, Case> cases = new LinkedHashMap<>();
        cases.put("anchor", open("anchor", agent, d.code, agent, "COMPLAINT", false, List.of(), sharedEmail));
        cases.put(
                "confidential",
                open(
                        "confidential",
                        d.lead,
                        d.code,
                        confidant,
                        "COMPLAINT",
                        true,
                        List.of(),
                        "own" + unique().toLowerCase() + "@example.net"));
        cases.put(
                "confidential suggestion",
                open("confidential suggestion", d.lead, d.code, confidant, "SUGGESTION", true, List.of(), sharedEmail));
        for (var reader : readers.entrySet()) {
            String owner = reader.getValue().equals(agent) ? confidant : agent;
            cases.put(
                    "about " + reader.getKey(),
                    open(
                            "about " + reader.getKey(),
                            owner,
                            d.code,
                            owner,
                            "COMPLAINT",
                            false,
                            List.of(reader.getValue()),
                            sharedEmail));
        }

        // Who may NOT open which case: the oracle, written out by hand from the rules, not computed by the code under
        // test.
        Map<String, Set<String>> hidden = new LinkedHashMap<>();
        hidden.put("agent", Set.of("confidential", "confidential suggestion", "about agent"));
        hidden.put("manager", Set.of("confidential", "confidential suggestion", "about manager"));
        hidden.put("department lead", Set.of("confidential", "confidential suggestion", "about department lead"));
        hidden.put("executive", Set.of("about executive"));
        hidden.put("administrator", Set.of("confidential", "confidential suggestion", "about administrator"));
        // Neither belongs to the department: every case of it is hidden from them.
        hidden.put("staff without department", cases.keySet());
        hidden.put("other department's manager", cases.keySet());

        // ---- their lives: late acknowledgement, extension, late response, closure, survey, review ---------------
        clock.set(brisbane("2026-03-04T10:00:00"));
        for (Case c : cases.values()) {
            if (c.label().equals("anchor")) {
                continue;
            }
            ApiClient owner = as(ownerOf(c));
            // Acknowledged by letter: the letter carries the customer's status link until it is posted.
            ok(owner.post(
                    "/api/cases/" + c.reference() + "/acknowledge",
                    Map.of("via", "LETTER", "note", "Ack " + c.marker())));
            for (JsonNode letter : ok(owner.get("/api/cases/" + c.reference() + "/letters"))) {
                assertThat(owner.post("/api/letters/" + letter.get("id").asLong() + "/posted", Map.of())
                                .status())
                        .isEqualTo(204);
            }
            ok(owner.post(
                    "/api/cases/" + c.reference() + "/named-staff",
                    Map.of("username", colleague, "reason", "Named " + c.marker())));
            if (c.label().equals("confidential suggestion")) {
                ok(as(executive)
                        .put(
                                "/api/reports/suggestions/" + c.reference(),
                                "{\"status\":\"ADOPTED\",\"note\":\"Improvement " + c.marker() + "\"}",
                                "application/json"));
                continue;
            }
            ok(owner.post(
                    "/api/cases/" + c.reference() + "/extend",
                    Map.of(
                            "newDueDate",
                            "2026-03-11",
                            "reason",
                            "Reason " + c.marker(),
                            "noticeChannel",
                            "PHONE_CALL")));
        }
        clock.set(brisbane("2026-03-12T10:00:00"));
        for (Case c : cases.values()) {
            if (c.label().equals("confidential suggestion")) {
                continue;
            }
            ApiClient owner = as(ownerOf(c));
            ok(owner.post(
                    "/api/cases/" + c.reference() + "/respond",
                    Map.of(
                            "channel",
                            "PHONE_CALL",
                            "analysis",
                            "Analysis " + c.marker(),
                            "resolution",
                            "Resolution " + c.marker(),
                            "outcome",
                            "NOT_UPHELD",
                            "reasons",
                            "Reasons " + c.marker(),
                            "category",
                            "DELAY",
                            "remedies",
                            List.of(Map.of("type", "APOLOGY", "description", "Remedy " + c.marker())))));
            if (!c.label().equals("anchor")) {
                ok(owner.post("/api/cases/" + c.reference() + "/close", Map.of("note", "Close " + c.marker())));
            }
        }
        // A day after closure the survey invitations go out; each customer answers with a comment.
        clock.set(brisbane("2026-03-13T11:00:00"));
        sweepSurveys();
        Set<String> secrets = new LinkedHashSet<>();
        Map<String, String> surveyTokens = new LinkedHashMap<>();
        String confidentialEmail = jdbc.sql("select customer_email from cases where id = ?")
                .param(cases.get("confidential").id())
                .query(String.class)
                .single();
        // Every closed case's customer is invited: the complaints about each reader and the confidential complaint.
        // One customer gets at most three automatic e-mails an hour (hearken.mail.max-automatic-per-hour): the rest of
        // the shared customer's invitations wait in the outbox until the clock has moved on.
        await().atMost(WAIT.multipliedBy(2)).untilAsserted(() -> {
            if (surveyMails(sharedEmail, confidentialEmail).size() < readers.size() + 1 && nothingDueFor(sharedEmail)) {
                clock.advance(Duration.ofMinutes(61));
            }
            assertThat(surveyMails(sharedEmail, confidentialEmail)).hasSize(readers.size() + 1);
        });
        for (MimeMessage mail : surveyMails(sharedEmail, confidentialEmail)) {
            String text = TestMail.text(mail);
            Matcher link = PRIVATE_LINK.matcher(text);
            assertThat(link.find()).isTrue();
            Matcher ref = SURVEY_MAIL_REFERENCE.matcher(mail.getSubject());
            assertThat(ref.find()).isTrue();
            surveyTokens.put(ref.group(1), link.group());
            secrets.add(link.group());
        }
        for (Case c : cases.values()) {
            if (surveyTokens.containsKey(c.reference())) {
                FormSession customer = new FormSession(port);
                assertThat(customer.get(surveyTokens.get(c.reference())).status())
                        .isEqualTo(200);
                assertThat(customer.post(
                                        surveyTokens.get(c.reference()),
                                        Map.of("rating", "2", "comment", "Comment " + c.marker()))
                                .status())
                        .isEqualTo(200);
                ok(as(ownerOf(c))
                        .post(
                                "/api/cases/" + c.reference() + "/request-review",
                                Map.of("reason", "Review " + c.marker())));
            }
        }

        // ---- waiting to be sent: a survey invitation and an acknowledgement with their live links -----------------
        TestMail.stop();
        clock.set(brisbane("2026-03-16T10:05:00"));
        ok(as(agent).post("/api/cases/" + cases.get("anchor").reference() + "/close", Map.of("note", "Close anchor")));
        Case waiting = open(
                "waiting e-mail",
                agent,
                d.code,
                agent,
                "COMPLAINT",
                false,
                List.of(),
                "EMAIL",
                "wait" + unique().toLowerCase() + "@example.net");
        cases.put("waiting e-mail", waiting);
        clock.set(brisbane("2026-03-17T11:00:00"));
        sweepSurveys();
        await().atMost(WAIT)
                .until(() -> jdbc.sql("""
                        select count(*) from correspondence_message
                        where case_id in (?, ?) and status = 'PENDING' and attempts > 0""")
                                .params(cases.get("anchor").id(), waiting.id())
                                .query(Long.class)
                                .single()
                        == 2);
        for (String body : jdbc.sql(
                        "select body from correspondence_message where case_id in (?, ?) and status = 'PENDING'")
                .params(cases.get("anchor").id(), waiting.id())
                .query(String.class)
                .list()) {
            Matcher live = PRIVATE_LINK.matcher(body);
            while (live.find()) {
                secrets.add(live.group());
            }
        }
        assertThat(secrets)
                .as("live links waiting in the outbox, and those the customers were sent")
                .hasSizeGreaterThan(cases.size() - 2);

        // ---- the readers: the oracle agrees with what each can open directly --------------------------------------
        Map<String, Reader> signedIn = new LinkedHashMap<>();
        for (var r : readers.entrySet()) {
            Reader reader = new Reader(r.getKey(), r.getValue());
            signedIn.put(r.getKey(), reader);
            for (Case c : cases.values()) {
                assertThat(reader.api.get("/api/cases/" + c.reference()).status())
                        .as(r.getKey() + " opening " + c.label())
                        .isEqualTo(hidden.get(r.getKey()).contains(c.label()) ? 404 : 200);
            }
        }
        List<String> tables = new ArrayList<>();
        ApiClient.Response full = as(executive).get("/api/reports?" + RANGE + "&department=" + d.code);
        ok(full).get("tables").properties().forEach(t -> tables.add(t.getKey()));
        assertThat(tables).hasSizeGreaterThanOrEqualTo(18);
        Set<Long> customers = new LinkedHashSet<>();
        cases.values().forEach(c -> customers.add(c.customerId()));
        long policyVersion =
                jdbc.sql("select min(id) from policy_version").query(Long.class).single();

        List<Probe> probes = List.of(
                new Probe("reports", r -> {
                    String q = RANGE + (r.role.equals("other department's manager") ? "" : "&department=" + d.code);
                    List<Answer> answers = new ArrayList<>();
                    answers.add(r.api("GET /api/reports", "/api/reports?" + q));
                    answers.add(r.page("GET /reports", "/reports?" + q));
                    for (String table : tables) {
                        answers.add(r.api("GET /api/reports/{table}.csv", "/api/reports/" + table + ".csv?" + q));
                        answers.add(r.page("GET /reports/{table}.csv", "/reports/" + table + ".csv?" + q));
                    }
                    answers.add(r.pdf("GET /api/reports/pack.pdf", "/api/reports/pack.pdf?" + q));
                    answers.add(r.api("GET /api/reports/suggestions", "/api/reports/suggestions?" + q));
                    answers.add(r.page("GET /reports/suggestions", "/reports/suggestions?" + q));
                    answers.add(r.api(
                            "GET /api/surveys/results", "/api/surveys/results?basis=RECEIVED&comments=50&" + RANGE));
                    answers.add(r.api("GET /api/training/report", "/api/training/report"));
                    answers.add(r.post(
                            "POST /api/whatif",
                            "/api/whatif",
                            Map.of(
                                    "receivedFrom",
                                    "2026-03-01",
                                    "receivedTo",
                                    "2026-03-31",
                                    "policyVersionId",
                                    policyVersion)));
                    return answers;
                }),
                new Probe("customer records", r -> {
                    List<Answer> answers = new ArrayList<>();
                    for (long id : customers) {
                        answers.add(r.api("GET /api/customers/{id}", "/api/customers/" + id));
                    }
                    answers.add(r.api("GET /api/customers?q=", "/api/customers?limit=50&q=" + encode(sharedEmail)));
                    for (Case c : cases.values()) {
                        answers.add(r.api("GET /api/customers?q=", "/api/customers?limit=50&q=" + encode(c.phone())));
                        answers.add(r.api(
                                "GET /api/customers?q=",
                                "/api/customers?limit=50&q=" + encode("Customer " + c.marker())));
                    }
                    return answers;
                }),
                new Probe("case pages and their messages", r -> {
                    List<Answer> answers = new ArrayList<>();
                    for (Case c : cases.values()) {
                        answers.add(r.page("GET /cases/{reference}", "/cases/" + c.reference()));
                        answers.add(r.api("GET /api/cases/{reference}", "/api/cases/" + c.reference()));
                        answers.add(r.api(
                                "GET /api/cases/{reference}/messages", "/api/cases/" + c.reference() + "/messages"));
                        answers.add(r.api(
                                "GET /api/cases/{reference}/letters", "/api/cases/" + c.reference() + "/letters"));
                        answers.add(
                                r.api("GET /api/cases/{reference}/events", "/api/cases/" + c.reference() + "/events"));
                    }
                    return answers;
                }),
                new Probe("letters and template previews with a case's data", r -> {
                    List<Answer> answers = new ArrayList<>();
                    for (Case c : cases.values()) {
                        for (long letter : jdbc.sql("select id from correspondence_letter where case_id = ?")
                                .param(c.id())
                                .query(Long.class)
                                .list()) {
                            answers.add(r.pdf(
                                    "GET /api/cases/{reference}/letters/{id}",
                                    "/api/cases/" + c.reference() + "/letters/" + letter));
                        }
                        for (String template :
                                List.of("ACKNOWLEDGEMENT/EMAIL", "ACKNOWLEDGEMENT/LETTER", "SURVEY_INVITATION/EMAIL")) {
                            answers.add(r.post(
                                    "POST /api/templates/{key}/{channel}/preview",
                                    "/api/templates/" + template + "/preview?reference=" + c.reference(),
                                    Map.of()));
                        }
                    }
                    return answers;
                }),
                new Probe("lists and search", r -> {
                    List<Answer> answers = new ArrayList<>();
                    answers.add(r.api("GET /api/cases", "/api/cases?limit=200"));
                    answers.add(r.api(
                            "GET /api/cases?customerId=",
                            "/api/cases?limit=200&customerId="
                                    + cases.get("anchor").customerId()));
                    answers.add(r.page("GET /cases/mine", "/cases/mine"));
                    answers.add(r.page("GET /cases/queue", "/cases/queue"));
                    answers.add(r.page("GET /cases", "/cases"));
                    answers.add(r.api("GET /api/letters/print-queue", "/api/letters/print-queue"));
                    answers.add(r.page("GET /letters", "/letters"));
                    for (Case c : cases.values()) {
                        answers.add(r.page("GET /cases/search", "/cases/search?q=" + encode(c.searchWord())));
                        answers.add(r.page("GET /cases/search", "/cases/search?q=" + encode(c.phone())));
                    }
                    return answers;
                }),
                new Probe(
                        "deadline watch",
                        r -> List.of(
                                r.api("GET /api/notifications", "/api/notifications"),
                                r.api("GET /api/watch/exceptions", "/api/watch/exceptions"),
                                r.api("GET /api/watch/at-risk", "/api/watch/at-risk"),
                                r.page("GET /watch", "/watch"),
                                r.page("GET /watch/exceptions", "/watch/exceptions"),
                                r.page("GET /watch/cases", "/watch/cases?due=OVERDUE"),
                                r.page("GET /notifications", "/notifications"))),
                new Probe(
                        "register export",
                        r -> List.of(r.api("GET /api/register/export.csv", "/api/register/export.csv"))),
                // The security audit log (executives and administrators; the others are refused), asked about each case
                // by
                // its reference: a case the reader may not open must not be named even then, so the reference is left
                // out
                // of what counts as asked for.
                new Probe("security audit log", r -> {
                    List<Answer> answers = new ArrayList<>();
                    for (Case c : cases.values()) {
                        String q = "?limit=500&target=" + c.reference();
                        for (Answer a : List.of(
                                r.api("GET /api/audit", "/api/audit" + q),
                                r.api("GET /api/audit/export.csv", "/api/audit/export.csv" + q),
                                r.page("GET /audit", "/audit" + q))) {
                            // The page repeats the filter the reader typed (its field, its paging and download links).
                            String text = a.text()
                                    .replace("value=\"" + c.reference() + "\"", "value=\"\"")
                                    .replace("target=" + c.reference(), "target=");
                            answers.add(new Answer(
                                    a.endpoint(),
                                    a.asked().replace(c.reference(), "{" + c.label() + "}"),
                                    a.status(),
                                    text,
                                    a.problem()));
                        }
                    }
                    answers.add(r.api("GET /api/audit", "/api/audit?limit=500"));
                    answers.add(r.api("GET /api/audit/export.csv", "/api/audit/export.csv"));
                    return answers;
                }));

        List<String> leaks = new ArrayList<>();
        Set<String> endpoints = new LinkedHashSet<>();
        int answers = 0;
        for (Reader reader : signedIn.values()) {
            List<Case> unseen = cases.values().stream()
                    .filter(c -> hidden.get(reader.role).contains(c.label()))
                    .toList();
            for (Probe probe : probes) {
                for (Answer a : probe.read().apply(reader)) {
                    answers++;
                    endpoints.add(a.endpoint());
                    String where = reader.role + " " + a.asked() + " -> " + a.status();
                    if (a.problem() != null) {
                        leaks.add(where + ": " + a.problem());
                    }
                    if (a.status() >= 500) {
                        leaks.add(where + ": server error, so this tested nothing");
                    }
                    for (Case c : unseen) {
                        String found = c.foundIn(a.text(), a.asked());
                        if (found != null) {
                            leaks.add(where + ": shows the " + c.label() + " case's " + found);
                        }
                    }
                    Matcher link = PRIVATE_LINK.matcher(a.text());
                    if (link.find()) {
                        leaks.add(where + ": shows a customer's private link " + link.group());
                    }
                    for (String secret : secrets) {
                        if (a.text().contains(secret.substring(secret.lastIndexOf('/') + 1))) {
                            leaks.add(where + ": shows the token of " + secret);
                        }
                    }
                }
            }
        }
        // What the readers may see is shown to them: the matrix reads real answers, not refusals only.
        assertThat(signedIn.get("executive")
                        .api("", "/api/reports/extension-reasons.csv?" + RANGE + "&department=" + d.code)
                        .text())
                .contains(cases.get("about agent").marker());
        assertThat(signedIn.get("agent")
                        .api("", "/api/customers/" + cases.get("anchor").customerId())
                        .text())
                .contains(cases.get("about manager").reference());
        assertThat(signedIn.get("executive")
                        .api(
                                "",
                                "/api/audit?limit=500&target="
                                        + cases.get("confidential").reference())
                        .text())
                .contains(cases.get("confidential").reference())
                .contains("CASE_MARKED_CONFIDENTIAL");
        assertThat(signedIn.get("administrator")
                        .api("", "/api/audit?limit=500&action=CASE_MARKED_CONFIDENTIAL&actor=" + d.lead)
                        .text())
                .contains("(a case you may not open)");

        System.out.printf(
                "confidentiality matrix: endpoints=%d roles=%d cases=%d answers=%d leaks=%d%n",
                endpoints.size(), signedIn.size(), cases.size(), answers, leaks.size());
        assertThat(leaks).as("leaks").isEmpty();
    }

    // ---- the cases
    // ---------------------------------------------------------------------------------------------------

    private final Map<String, String> owners = new LinkedHashMap<>();

    private String ownerOf(Case c) {
        return owners.get(c.reference());
    }

    private Case open(
            String label,
            String by,
            String department,
            String owner,
            String kind,
            boolean confidential,
            List<String> about,
            String email) {
        return open(label, by, department, owner, kind, confidential, about, "API", email);
    }

    private Case open(
            String label,
            String by,
            String department,
            String owner,
            String kind,
            boolean confidential,
            List<String> about,
            String channel,
            String email) {
        String marker = "MX" + unique();
        String searchWord = "sw" + unique().toLowerCase();
        String phone = "04" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", kind);
        body.put("channel", channel);
        body.put(
                "receivedAt",
                OffsetDateTime.ofInstant(clock.instant().minusSeconds(300), java.time.ZoneOffset.ofHours(10))
                        .toString());
        body.put("subject", "Subject " + marker);
        body.put("description", "Description " + marker + " " + searchWord);
        // The first case of the shared customer gives only an e-mail address, so that the record on file gathers its
        // phone number and address from the cases after it, hidden ones among them.
        body.put(
                "customer",
                label.equals("anchor")
                        ? Map.of("name", "Customer " + marker, "email", email, "preferredReply", "EMAIL")
                        : Map.of(
                                "name",
                                "Customer " + marker,
                                "email",
                                email,
                                "phone",
                                phone,
                                "postalAddress",
                                "1 " + marker + " Street, Brisbane QLD 4000",
                                "preferredReply",
                                "EMAIL"));
        body.put("department", department);
        body.put("owner", owner);
        body.put("confidential", confidential);
        body.put("aboutStaff", about);
        ApiClient.Response created = as(by).post("/api/cases", body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String reference = created.json().get("reference").asString();
        long id = jdbc.sql("select id from cases where reference = ?")
                .param(reference)
                .query(Long.class)
                .single();
        owners.put(reference, owner);
        return new Case(label, reference, id, created.json().get("customerId").asLong(), marker, searchWord, phone);
    }

    // ---- plumbing
    // ----------------------------------------------------------------------------------------------------

    /** Sends the survey invitations due now, as the scheduled sweep would (it runs hourly in tests, at times of its own). */
    private void sweepSurveys() {
        Object sweep =
                org.springframework.test.util.AopTestUtils.getUltimateTargetObject(context.getBean("surveySweep"));
        org.springframework.test.util.ReflectionTestUtils.invokeMethod(sweep, "sweep");
    }

    private static Instant brisbane(String local) {
        return OffsetDateTime.parse(local + "+10:00").toInstant();
    }

    private static JsonNode ok(ApiClient.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    /** Whether every e-mail still waiting for this address waits for a later time than now, not for the sender. */
    private boolean nothingDueFor(String address) {
        return jdbc.sql("""
                        select count(*) from correspondence_message
                        where lower(to_address) = lower(?) and status = 'PENDING' and next_attempt_at <= ?""")
                        .params(address, java.sql.Timestamp.from(clock.instant()))
                        .query(Long.class)
                        .single()
                == 0;
    }

    private static List<MimeMessage> surveyMails(String... emails) throws Exception {
        List<MimeMessage> found = new ArrayList<>();
        for (String email : emails) {
            for (MimeMessage m : TestMail.receivedBy(email)) {
                if (m.getSubject().startsWith("How did we do?")) {
                    found.add(m);
                }
            }
        }
        return found;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
