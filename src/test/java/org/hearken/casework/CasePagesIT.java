package org.hearken.casework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hearken.support.CaseBuilder.PHONE;
import static org.hearken.support.CaseBuilder.aComplaint;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.hearken.cases.CaseListItem;
import org.hearken.cases.CaseListPage;
import org.hearken.cases.CaseListQuery;
import org.hearken.cases.CaseManagement;
import org.hearken.categories.CaseCategories;
import org.hearken.identity.Role;
import org.hearken.identity.StaffDirectory;
import org.hearken.support.ApiClient;
import org.hearken.support.CaseBuilder;
import org.hearken.support.FormSession;
import org.hearken.support.IntegrationTest;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The staff case pages through the whole web stack: form sign-in, session, CSRF, the pages and their forms, against
 * the real database. Every page must show exactly what the cases module's visibility rule allows.
 */
class CasePagesIT extends IntegrationTest {

    @Autowired
    CaseManagement cases;

    @Autowired
    StaffDirectory directory;

    @Autowired
    CaseCategories categories;

    /** Signs in through the login form, as a browser would; the session carries the sign-in. */
    FormSession signIn(String username) throws Exception {
        FormSession browser = new FormSession(port);
        String login = browser.get("/login").body();
        FormSession.Page r =
                browser.post("/login", "username", username, "password", PASSWORD, "_csrf", FormSession.csrf(login));
        assertThat(r.location()).as("sign-in of " + username).isEqualTo("/");
        assertThat(browser.session()).as("the session cookie").isNotNull();
        // A page of the signed-in session, for the CSRF token its forms carry.
        browser.get("/notifications");
        return browser;
    }

    FormSession.Page fetch(FormSession session, String url) throws Exception {
        return session.get(url);
    }

    Document page(FormSession session, String url) throws Exception {
        FormSession.Page r = fetch(session, url);
        assertThat(r.status()).as(url + ": " + r.body()).isEqualTo(200);
        Document page = r.html();
        assertThat(page.select("[id]").eachAttr("id")).as("ids on " + url).doesNotHaveDuplicates();
        return page;
    }

    FormSession.Page send(FormSession session, String url, String... fields) throws Exception {
        return session.post(url, fields);
    }

    /**
     * Posts the new-case form: a complaint by phone from Ada for the department, with a fresh idempotency key, and the
     * given fields (name, value, …) set on top; a null value leaves that field out.
     */
    FormSession.Page newCase(FormSession session, Dept department, String... fields) throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("idempotencyKey", unique());
        form.put("kind", "COMPLAINT");
        form.put("channel", "PHONE");
        form.put("subject", "Library fine " + unique());
        form.put("description", "Fine charged twice");
        form.put("customer.name", "Ada");
        form.put("customer.phone", "0400 111 222");
        form.put("department", department.code);
        for (int i = 0; i < fields.length; i += 2) {
            if (fields[i + 1] == null) {
                form.remove(fields[i]);
            } else {
                form.put(fields[i], fields[i + 1]);
            }
        }
        return send(
                session,
                "/cases/new",
                form.entrySet().stream()
                        .flatMap(e -> Stream.of(e.getKey(), e.getValue()))
                        .toArray(String[]::new));
    }

    /** Sends an action form of the case page with the case's current version; expects the redirect of a success. */
    Document act(FormSession session, String reference, String action, String... fields) throws Exception {
        FormSession.Page r = actRaw(session, reference, action, fields);
        assertThat(r.status()).as(action + ": " + r.body()).isEqualTo(302);
        assertThat(r.location()).isEqualTo("/cases/" + reference);
        // The browser follows the redirect; the message travels in the session.
        return page(session, "/cases/" + reference);
    }

    FormSession.Page actRaw(FormSession session, String reference, String action, String... fields) throws Exception {
        List<String> all = new ArrayList<>(List.of(fields));
        if (!all.contains("version")) {
            all.add("version");
            all.add(String.valueOf(version(reference)));
        }
        return session.post("/cases/" + reference + "/" + action, all.toArray(String[]::new));
    }

    int version(String reference) {
        return jdbc.sql("select version from cases where reference = ?")
                .param(reference)
                .query(Integer.class)
                .single();
    }

    String status(String reference) {
        return jdbc.sql("select status from cases where reference = ?")
                .param(reference)
                .query(String.class)
                .single();
    }

    long events(String reference) {
        return jdbc.sql("select count(*) from register_event where case_reference = ?")
                .param(reference)
                .query(Long.class)
                .single();
    }

    String newCase(
            ApiClient by,
            String department,
            String owner,
            String subject,
            Map<String, Object> customer,
            boolean confidential) {
        CaseBuilder complaint = aComplaint()
                .by(PHONE)
                .subject(subject)
                .description("The green bin was missed again on " + subject + ".")
                .customer(customer)
                .inDepartment(department);
        if (owner != null) {
            complaint.ownedBy(owner);
        }
        return complaint.confidential(confidential).openedBy(by);
    }

    String newCase(ApiClient by, String department, String owner, String subject) {
        return newCase(
                by, department, owner, subject, Map.of("name", "Ada " + unique(), "phone", "0400 000 000"), false);
    }

    static List<String> references(Document page) {
        return page.select("table.cases tbody tr").stream()
                .map(tr -> tr.attr("data-reference"))
                .toList();
    }

    static String fieldError(Document page, String id) {
        Element error = page.getElementById(id + "-error");
        return error == null ? null : error.text();
    }

    // ---- lists --------------------------------------------------------------------------------------------------

    @Test
    void eachListShowsTheCasesOfItsScopeWithTheirDueDateState() throws Exception {
        Dept a = department();
        Dept b = department();
        String agent = a.staff(Role.AGENT);
        String other = b.staff(Role.AGENT);
        String executive = staffWithoutDepartment(Role.EXECUTIVE);
        String leadsCase = newCase(a.as(agent), a.code, null, "Lead's case");
        String agentsCase = newCase(a.as(agent), a.code, agent, "Agent's case");
        String otherDepartments = newCase(b.as(other), b.code, null, "Other department's case");
        // Referred to the agent: theirs to accept, so it is on their list already.
        String referredIn = newCase(b.as(other), b.code, null, "Referred in");
        assertThat(b.as(b.lead)
                        .post(
                                "/api/cases/" + referredIn + "/refer",
                                Map.of("department", a.code, "owner", agent, "note", "Yours, I think"))
                        .status())
                .isEqualTo(200);
        assertThat(a.as(agent)
                        .post("/api/cases/" + agentsCase + "/acknowledge", Map.of("via", "VERBAL"))
                        .status())
                .isEqualTo(200);

        FormSession session = signIn(agent);
        Document mine = page(session, "/cases/mine");
        assertThat(mine.select("nav.mainnav a.active").text()).isEqualTo("My cases");
        assertThat(references(mine)).contains(agentsCase, referredIn).doesNotContain(leadsCase, otherDepartments);

        // New cases and referrals waiting for the department first, although the agent's case was logged later.
        List<String> queue = references(page(session, "/cases/queue"));
        assertThat(queue).contains(leadsCase, agentsCase, referredIn).doesNotContain(otherDepartments);
        assertThat(queue.indexOf(leadsCase)).isLessThan(queue.indexOf(agentsCase));
        assertThat(queue.indexOf(referredIn)).isLessThan(queue.indexOf(agentsCase));

        assertThat(fetch(session, "/cases").status()).isEqualTo(403);

        Document all = page(signIn(executive), "/cases?department=" + a.code);
        assertThat(references(all)).containsExactlyInAnyOrder(leadsCase, agentsCase);
        Document otherManager = page(signIn(b.lead), "/cases?department=" + a.code);
        assertThat(references(otherManager)).isEmpty();

        // Filters keep their values; a closed filter shows none of these open cases.
        Document filtered = page(session, "/cases/queue?kind=COMPLAINT&status=CLOSED");
        assertThat(filtered.select("#f-kind option[selected]").attr("value")).isEqualTo("COMPLAINT");
        assertThat(filtered.select("#f-status option[selected]").attr("value")).isEqualTo("CLOSED");
        assertThat(references(filtered)).doesNotContain(leadsCase, agentsCase);
        // A hand-made bad filter is named next to its field, not answered with an error page.
        Document bad = page(session, "/cases/queue?kind=GRUMBLE");
        assertThat(bad.select(".field.invalid #f-kind")).hasSize(1);
    }

    @Test
    void dueDateStateIsShownAndFilteredInTheOrganisationsDay() throws Exception {
        Dept a = department();
        String agent = a.staff(Role.AGENT);
        // Wednesday 10 March 2027, 11:00 in Sydney. A call is acknowledged the same day, answered within seven business
        // days.
        clock.set(Instant.parse("2027-03-10T00:00:00Z"));
        String reference = newCase(a.as(agent), a.code, agent, "Due soon");
        FormSession session = signIn(agent);
        assertThat(badge(session, reference)).isEqualTo("due today");
        assertThat(a.as(agent)
                        .post("/api/cases/" + reference + "/acknowledge", Map.of("via", "VERBAL"))
                        .status())
                .isEqualTo(200);
        assertThat(badge(session, reference)).isEqualTo("on track");
        assertThat(references(page(session, "/cases/mine?due=on-track"))).contains(reference);
        assertThat(references(page(session, "/cases/mine?due=overdue"))).doesNotContain(reference);

        clock.set(Instant.parse("2027-03-19T01:00:00Z")); // Friday 19 March, noon in Sydney: the response is due today
        assertThat(badge(session, reference)).isEqualTo("due today");
        assertThat(references(page(session, "/cases/mine?due=due-today"))).contains(reference);

        clock.set(Instant.parse("2027-03-21T23:00:00Z")); // Monday 22 March, 10:00: late
        assertThat(references(page(session, "/cases/mine?due=overdue"))).contains(reference);
        assertThat(page(session, "/cases/" + reference)
                        .select(".page-head .badge.overdue")
                        .text())
                .isEqualTo("overdue");

        assertThat(a.as(agent)
                        .post(
                                "/api/cases/" + reference + "/extend",
                                Map.of(
                                        "newDueDate",
                                        "2027-03-25",
                                        "reason",
                                        "Waiting for the contractor",
                                        "noticeChannel",
                                        "PHONE_CALL"))
                        .status())
                .isEqualTo(200);
        assertThat(badge(session, reference)).isEqualTo("extended");
        assertThat(references(page(session, "/cases/mine?due=extended"))).contains(reference);
        assertThat(references(page(session, "/cases/mine?due=overdue"))).doesNotContain(reference);
    }

    private String badge(FormSession session, String reference) throws Exception {
        Element row = page(session, "/cases/mine").selectFirst("tr[data-reference=" + reference + "]");
        assertThat(row).as(reference + " on my list").isNotNull();
        return row.select(".badge").text();
    }

    @Test
    void theQueueIsPagedByKeysetWithoutLosingOrRepeatingACase() {
        Dept a = department();
        String agent = a.staff(Role.AGENT);
        Set<String> logged = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            logged.add(newCase(a.as(agent), a.code, agent, "Paged " + i));
        }
        List<String> acknowledged = List.copyOf(logged).subList(0, 2);
        acknowledged.forEach(r -> assertThat(a.as(agent)
                        .post("/api/cases/" + r + "/acknowledge", Map.of("via", "VERBAL"))
                        .status())
                .isEqualTo(200));
        var actor = directory.actorFor(agent).orElseThrow();
        List<String> seen = new ArrayList<>();
        String after = null;
        do {
            CaseListPage page = cases.list(
                    new CaseListQuery(CaseListQuery.Scope.QUEUE, null, null, null, null, null, null, after, 2), actor);
            assertThat(page.items()).hasSizeLessThanOrEqualTo(2);
            page.items().stream().map(CaseListItem::view).forEach(v -> seen.add(v.reference()));
            after = page.next();
        } while (after != null);
        assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(logged);
        // The three new ones before the two acknowledged ones.
        assertThat(seen.subList(3, 5)).containsExactlyInAnyOrderElementsOf(acknowledged);
    }

    // ---- search -------------------------------------------------------------------------------------------------

    @Test
    void searchFindsByReferenceCustomerAndWordsButNeverACaseTheReaderMayNotSee() throws Exception {
        Dept a = department();
        Dept b = department();
        String agent = a.staff(Role.AGENT);
        String colleague = a.staff(Role.AGENT);
        String outsider = b.staff(Role.AGENT);
        String token = "zq" + unique().toLowerCase();
        String digits = String.valueOf(100_000_000L + (long) (Math.random() * 800_000_000L));
        String reference = newCase(
                a.as(agent),
                a.code,
                agent,
                "Overflowing " + token + " bins",
                Map.of("name", "Philippa Quenby" + token, "email", token + "@example.net", "phone", "04 " + digits),
                false);
        String secret = newCase(
                a.as(agent),
                a.code,
                agent,
                "Secret " + token,
                Map.of("name", "Hidden Person", "email", token + ".secret@example.net"),
                true);

        FormSession session = signIn(agent);
        FormSession.Page byReference = fetch(session, "/cases/search?q=" + reference.toLowerCase());
        assertThat(byReference.location()).isEqualTo("/cases/" + reference);
        assertThat(references(page(session, "/cases/search?q=quenby" + token))).containsExactly(reference);
        assertThat(references(page(session, "/cases/search?q=" + token + "@example")))
                .containsExactly(reference);
        assertThat(references(page(session, "/cases/search?q=" + digits.substring(2))))
                .containsExactly(reference);
        assertThat(references(page(session, "/cases/search?q=overflowing+" + token)))
                .containsExactly(reference);
        assertThat(references(page(session, "/cases/search?q=" + token))).containsExactlyInAnyOrder(reference, secret);
        assertThat(page(session, "/cases/search?q=ab").select(".field-error").text())
                .contains("at least 3 characters");

        // A colleague in the department sees the case but not the confidential one; another department sees neither.
        assertThat(references(page(signIn(colleague), "/cases/search?q=" + token)))
                .containsExactly(reference);
        FormSession stranger = signIn(outsider);
        assertThat(references(page(stranger, "/cases/search?q=" + token))).isEmpty();
        Document refused = page(stranger, "/cases/search?q=" + reference);
        assertThat(references(refused)).isEmpty();
        assertThat(refused.text()).contains("Nothing found");
    }

    @Test
    void anAgentOfAnotherDepartmentGetsNotFoundByUrlApiAndSearch() throws Exception {
        Dept a = department();
        Dept b = department();
        String agent = a.staff(Role.AGENT);
        String outsider = b.staff(Role.AGENT);
        String reference = newCase(a.as(agent), a.code, agent, "Not for them");
        FormSession stranger = signIn(outsider);

        FormSession.Page byUrl = fetch(stranger, "/cases/" + reference);
        assertThat(byUrl.status()).isEqualTo(404);
        assertThat(byUrl.body()).contains("Not found").doesNotContain("Not for them");
        assertThat(fetch(stranger, "/cases/HK-1999-999999").status()).isEqualTo(404);
        assertThat(b.as(outsider).get("/api/cases/" + reference).status()).isEqualTo(404);
        assertThat(references(page(stranger, "/cases/search?q=" + reference))).isEmpty();
        int before = version(reference);
        assertThat(actRaw(stranger, reference, "close", "note", "mine now").status())
                .isEqualTo(404);
        assertThat(version(reference)).isEqualTo(before);
    }

    // ---- the case page ------------------------------------------------------------------------------------------

    @Test
    void theCasePageListsAFewOfTheCustomersOtherCasesAndTheirPageListsAllTheReaderMaySee() throws Exception {
        Dept dept = department();
        String agent = dept.staff(Role.AGENT);
        String email = "ruth" + unique().toLowerCase() + "@example.net";
        Map<String, Object> customer = Map.of("name", "Ruth Adeyemi", "email", email);
        List<String> refs = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            refs.add(newCase(dept.as(agent), dept.code, agent, "Complaint " + i, customer, false));
        }
        // One the agent may not see: confidential, owned by the lead.
        String secret = newCase(dept.as(dept.lead), dept.code, dept.lead, "Confidential one", customer, true);
        String latest = refs.getLast();

        FormSession session = signIn(agent);
        Element panel =
                Jsoup.parse(session.get("/cases/" + latest).expect(200).body()).selectFirst(".card.customer");
        // The five newest others, and a link to all of them.
        assertThat(panel.select("ul.other-cases:not(.client-cases) a").eachText())
                .containsExactlyElementsOf(refs.subList(1, 6).reversed());
        Element all = panel.selectFirst("a.all-their-cases");
        assertThat(all.text()).isEqualTo("All their cases, with their due dates");

        Document theirs = Jsoup.parse(session.get(all.attr("href")).expect(200).body());
        assertThat(theirs.select("h1").text()).isEqualTo("Ruth Adeyemi");
        assertThat(references(theirs))
                .containsExactlyElementsOf(refs.reversed())
                .doesNotContain(secret);
        assertThat(theirs.select("#customer-facts").text()).contains(email);
        assertThat(theirs.select("table.cases tbody tr .badge").eachText()).allMatch(b -> !b.isBlank());
        // Someone who may see none of their cases finds no such customer.
        String stranger = department().staff(Role.AGENT);
        assertThat(signIn(stranger).get(all.attr("href")).status()).isEqualTo(404);
        assertThat(session.get(all.attr("href") + "?status=NONSENSE").status()).isEqualTo(400);
    }

    @Test
    void theCasePageShowsFactsDueDatesTimelineAndTheCustomersOtherCases() throws Exception {
        Dept a = department();
        Dept b = department();
        String agent = a.staff(Role.AGENT);
        String receiver = b.staff(Role.AGENT);
        String email = "grace" + unique().toLowerCase() + "@example.net";
        Map<String, Object> customer = Map.of("name", "Grace Hopper", "email", email, "phone", "02 5550 1234");
        String earlier = newCase(a.as(agent), a.code, agent, "Earlier complaint", customer, false);
        String reference = newCase(a.as(agent), a.code, agent, "Bins missed again", customer, false);

        FormSession session = signIn(agent);
        act(session, reference, "acknowledge", "via", "PHONE_CALL");
        Document page = act(
                session, reference, "refer", "department", b.code, "owner", receiver, "note", "Waste collects these");

        assertThat(page.select("h1").text()).isEqualTo(reference);
        // The referral waits for the receiver; the sender is not offered to accept it.
        assertThat(page.select("#action-accept-referral")).isEmpty();
        assertThat(page.select("dl.facts").first().text())
                .contains("Complaint", "Phone", "Department " + a.code, "Referred to Staff " + receiver);
        assertThat(page.select(".card").stream()
                        .filter(c -> c.select("h2").text().equals("Due dates"))
                        .findFirst()
                        .orElseThrow()
                        .text())
                .contains("Acknowledge", "Respond", "met");
        Element customerPanel = page.selectFirst(".card.customer");
        assertThat(customerPanel.text()).contains("Grace Hopper", email, "02 5550 1234");
        assertThat(customerPanel.select("ul.other-cases a").eachText()).containsExactly(earlier);

        List<String> timeline = page.select("ol.timeline li .what").eachText();
        assertThat(timeline)
                .containsExactly(
                        "Logged the complaint from a phone call",
                        "Acknowledged by a phone call",
                        "Referred to Staff " + receiver + " (Department " + b.code + ")");
        String timelineText = page.selectFirst("ol.timeline").text();
        assertThat(timelineText)
                .contains("Staff " + agent, "Waste collects these")
                .doesNotContain("{", "caseId", "PHONE_CALL");

        // The receiver finds it in their queue with the whole history, and accepts it.
        FormSession theirs = signIn(receiver);
        assertThat(references(page(theirs, "/cases/queue"))).contains(reference);
        Document received = page(theirs, "/cases/" + reference);
        assertThat(received.select("ol.timeline li")).hasSize(3);
        // Until they accept it, the case is not theirs to work on: only the referral's answers are offered.
        assertThat(received.select("details.action").eachAttr("id"))
                .containsExactlyInAnyOrder("action-accept-referral", "action-decline-referral");
        Document accepted = act(theirs, reference, "accept-referral");
        assertThat(accepted.select("dl.facts").first().text()).contains("Owner Staff " + receiver);
    }

    /** The policy to put back after a test that set SAFETRAC, by an administrator of that test. */
    private ApiClient restoreMetartBy;

    @AfterEach
    void metartPolicy() throws Exception {
        if (restoreMetartBy != null) {
            org.hearken.policy.PolicyTestSupport.ensureActive(restoreMetartBy, "metart");
        }
    }

    /**
     * Under the SAFETRAC plan on Wednesday 10 March 2027, a case of a new department owned by one of its agents, who is
     * signed in on the case pages; the steps of its life as the forms take them.
     */
    private final class FormsCase {
        final String administrator = staffWithoutDepartment(Role.ADMIN);
        final ApiClient admin = as(administrator);
        final Dept a;
        final String agent;
        final String executive;
        final String reference;
        final FormSession session;

        FormsCase() throws Exception {
            org.hearken.policy.PolicyTestSupport.ensureActive(admin, "safetrac");
            restoreMetartBy = admin;
            clock.set(Instant.parse("2027-03-10T00:00:00Z"));
            a = department();
            agent = a.staff(Role.AGENT);
            executive = staffWithoutDepartment(Role.EXECUTIVE);
            reference = newCase(a.as(agent), a.code, agent, "Lifecycle by forms");
            session = signIn(agent);
        }

        void acknowledged() throws Exception {
            act(session, reference, "acknowledge", "via", "VERBAL");
        }

        /** A category of root causes made for the test. */
        String category() {
            String category = "MISSED_" + unique();
            categories.create(
                    new CaseCategories.NewCategory(category, "Missed collection " + category, null, null),
                    directory.actorFor(administrator).orElseThrow());
            return category;
        }

        void responded() throws Exception {
            act(
                    session,
                    reference,
                    "respond",
                    "channel",
                    "PHONE_CALL",
                    "resolution",
                    "Collected again",
                    "outcome",
                    "RESOLVED");
        }

        void closed() throws Exception {
            act(session, reference, "close");
        }
    }

    @Test
    void aFormSentWithNothingChosenShowsTheErrorNextToTheFieldAndChangesNothing() throws Exception {
        FormsCase c = new FormsCase();
        String reference = c.reference;
        FormSession session = c.session;

        // Refused: nothing chosen. The error sits next to the field, and neither the case nor the register changed.
        int version = version(reference);
        long events = events(reference);
        FormSession.Page refused = actRaw(session, reference, "acknowledge", "via", "");
        assertThat(refused.status()).isEqualTo(400);
        Document shown = refused.html();
        assertThat(fieldError(shown, "acknowledge-via")).isEqualTo("Choose how the customer was told.");
        assertThat(shown.selectFirst("#action-acknowledge").hasAttr("open")).isTrue();
        assertThat(version(reference)).isEqualTo(version);
        assertThat(events(reference)).isEqualTo(events);

        act(session, reference, "acknowledge", "via", "VERBAL");
        assertThat(status(reference)).isEqualTo("ACKNOWLEDGED");
    }

    @Test
    void aFormTheLifecycleRefusesShowsWhyNextToTheFieldKeepsWhatWasTypedAndChangesNothing() throws Exception {
        FormsCase c = new FormsCase();
        Dept a = c.a;
        String administrator = c.administrator;
        String reference = c.reference;
        FormSession session = c.session;
        long events = events(reference);
        c.acknowledged();
        FormSession.Page refused;
        Document shown;

        // Refused by the lifecycle itself (a Saturday is no business day): shown next to the field, value kept.
        refused = actRaw(
                session,
                reference,
                "interim-response",
                "channel",
                "EMAIL",
                "message",
                "Still looking",
                "expectedBy",
                "2027-03-13");
        assertThat(refused.status()).isEqualTo(400);
        shown = refused.html();
        assertThat(fieldError(shown, "interim-response-expectedBy")).contains("next business day");
        assertThat(shown.selectFirst("#interim-response-message").text()).isEqualTo("Still looking");
        assertThat(events(reference)).isEqualTo(events + 1);
        act(
                session,
                reference,
                "interim-response",
                "channel",
                "PHONE_CALL",
                "message",
                "Still looking",
                "expectedBy",
                "2027-03-15");

        refused = actRaw(
                session,
                reference,
                "extend",
                "newDueDate",
                "2027-03-01",
                "reason",
                "Waiting for a contractor",
                "noticeChannel",
                "PHONE_CALL");
        assertThat(fieldError(refused.html(), "extend-newDueDate")).contains("later than the current due date");
        act(
                session,
                reference,
                "extend",
                "newDueDate",
                "2027-03-25",
                "reason",
                "Waiting for a contractor",
                "noticeChannel",
                "PHONE_CALL",
                "agreed",
                "on",
                "agreement.agreedBy",
                "the customer, by phone",
                "agreement.agreedAt",
                "2027-03-10T09:30");

        refused = actRaw(session, reference, "add-remedy", "type", "REFUND", "value", "lots");
        assertThat(fieldError(refused.html(), "add-remedy-value")).isEqualTo("Give an amount such as 25.00.");
        act(session, reference, "add-remedy", "type", "REFUND", "description", "Bin fee", "value", "25.00");

        refused = actRaw(session, reference, "refer", "department", a.code, "note", "");
        assertThat(fieldError(refused.html(), "refer-note")).startsWith("Is required");

        refused = actRaw(
                session,
                reference,
                "respond",
                "channel",
                "EMAIL",
                "resolution",
                "We will not refund",
                "outcome",
                "NOT_UPHELD");
        assertThat(fieldError(refused.html(), "respond-reasons")).contains("clear reasons");
        assertThat(status(reference)).isEqualTo("ACKNOWLEDGED");
        String category = "MISSED_" + unique();
        categories.create(
                new CaseCategories.NewCategory(category, "Missed collection " + category, null, null),
                directory.actorFor(administrator).orElseThrow());
        refused = actRaw(
                session,
                reference,
                "respond",
                "channel",
                "PHONE_CALL",
                "resolution",
                "Collected today",
                "outcome",
                "UPHELD",
                "category",
                "NO_SUCH_CATEGORY");
        assertThat(fieldError(refused.html(), "respond-category")).contains("NO_SUCH_CATEGORY");
    }

    @Test
    void theResponseFormRecordsTheResponseWithItsCategoryAndSaysSo() throws Exception {
        FormsCase c = new FormsCase();
        String reference = c.reference;
        FormSession session = c.session;
        c.acknowledged();
        String category = c.category();

        Document responded = act(
                session,
                reference,
                "respond",
                "channel",
                "PHONE_CALL",
                "analysis",
                "Crew skipped the street",
                "resolution",
                "Collected today",
                "outcome",
                "UPHELD",
                "remedy.type",
                "APOLOGY",
                "remedy.description",
                "Apology",
                "category",
                category);
        assertThat(jdbc.sql("select category from cases where reference = ?")
                        .param(reference)
                        .query(String.class)
                        .single())
                .isEqualTo(category);
        assertThat(responded.selectFirst(".flash.ok").text()).isEqualTo("Response recorded.");
        assertThat(status(reference)).isEqualTo("RESPONDED");

        long remedy = jdbc.sql(
                        "select min(r.id) from case_remedy r join cases c on c.id = r.case_id where c.reference = ?")
                .param(reference)
                .query(Long.class)
                .single();
        act(session, reference, "update-remedy", "remedyId", String.valueOf(remedy), "status", "ACCEPTED");
    }

    @Test
    void aStaleFormIsRefusedAndShownAgainWithTheCurrentCaseAndTheFormSentAfreshWorks() throws Exception {
        FormsCase c = new FormsCase();
        String reference = c.reference;
        FormSession session = c.session;
        c.acknowledged();
        c.responded();
        FormSession.Page refused;
        Document shown;

        // A stale form (someone else acted since the page was shown) is refused and shown again with the current
        // case.
        int stale = version(reference);
        act(session, reference, "close", "note", "Done");
        refused =
                actRaw(session, reference, "reopen", "reason", "Customer rang back", "version", String.valueOf(stale));
        assertThat(refused.status()).isEqualTo(409);
        shown = refused.html();
        assertThat(shown.selectFirst(".flash.info").text()).contains("Someone else changed this case");
        assertThat(shown.selectFirst("#reopen-reason").text()).isEqualTo("Customer rang back");
        assertThat(status(reference)).isEqualTo("CLOSED");

        act(session, reference, "reopen", "reason", "Customer rang back");
        assertThat(status(reference)).isEqualTo("ACKNOWLEDGED");
    }

    @Test
    void anActionTheStateDoesNotAllowSaysWhyAtTheTopAndChangesNothing() throws Exception {
        FormsCase c = new FormsCase();
        String reference = c.reference;
        FormSession session = c.session;
        c.acknowledged();
        c.responded();
        c.closed();

        // An action the state does not allow: a message at the top, nothing changed.
        int closedVersion = version(reference);
        FormSession.Page conflict = actRaw(session, reference, "close", "note", "again");
        assertThat(conflict.status()).isEqualTo(302);
        assertThat(page(session, "/cases/" + reference)
                        .selectFirst(".flash.error")
                        .text())
                .contains("not allowed while the case is closed", "Nothing was changed");
        assertThat(version(reference)).isEqualTo(closedVersion);
    }

    @Test
    void aReviewIsRequestedOnThePageAndOnlyAnExecutiveIsOfferedTheDecisionWhichLeavesALetter() throws Exception {
        FormsCase c = new FormsCase();
        String executive = c.executive;
        String reference = c.reference;
        FormSession session = c.session;
        c.acknowledged();
        c.responded();
        c.closed();
        FormSession.Page refused;

        Document review = act(session, reference, "request-review", "reason", "Still unhappy", "reviewer", executive);
        assertThat(review.selectFirst(".flash.ok").text()).contains("Staff " + executive + " will review it");
        assertThat(status(reference)).isEqualTo("UNDER_REVIEW");
        // Only executives see the review's decision form; an agent's page does not offer it, and says why.
        assertThat(review.select("#action-decide-review")).isEmpty();
        assertThat(review.select("ul.not-offered li").eachText())
                .contains("An internal review is conducted by an executive.");
        FormSession exec = signIn(executive);
        Document reviewPage = page(exec, "/cases/" + reference);
        assertThat(reviewPage.select("#action-decide-review")).hasSize(1);
        act(exec, reference, "assign-reviewer", "reviewer", executive);
        refused = actRaw(
                exec, reference, "decide-review", "decision", "CHANGED", "response", "Changed", "channel", "EMAIL");
        assertThat(fieldError(refused.html(), "decide-review-outcome")).contains("give the new outcome");
        act(
                exec,
                reference,
                "decide-review",
                "decision",
                "UPHELD",
                "response",
                "The decision stands",
                "channel",
                "LETTER");
        assertThat(status(reference)).isEqualTo("RESPONDED");
        Document done = page(exec, "/cases/" + reference);
        assertThat(done.select("table.letters a").eachText()).isNotEmpty();
        String letter = done.selectFirst("table.letters a").attr("href");
        FormSession.Page pdf = fetch(exec, letter);
        assertThat(pdf.status()).isEqualTo(200);
        assertThat(pdf.contentType()).isEqualTo("application/pdf");
    }

    @Test
    void aManagerAssignsAndDeclinesAReferralOnThePageAndAnAgentIsNotOfferedToAssign() throws Exception {
        FormsCase c = new FormsCase();
        Dept a = c.a;
        String agent = c.agent;
        FormSession session = c.session;

        // A manager assigns; an agent is not offered the form.
        String second = newCase(a.as(agent), a.code, agent, "To be assigned");
        assertThat(page(session, "/cases/" + second).select("#action-assign")).isEmpty();
        String colleague = a.staff(Role.AGENT);
        FormSession lead = signIn(a.lead);
        act(lead, second, "assign", "department", a.code, "owner", colleague, "note", "You know the street");
        assertThat(references(page(signIn(colleague), "/cases/mine"))).contains(second);
        Document declined = act(lead, second, "refer", "department", a.code, "owner", agent, "note", "Back to you");
        assertThat(declined.select("#action-decline-referral")).hasSize(1);
        act(lead, second, "decline-referral", "reason", "Changed my mind");
        assertThat(jdbc.sql("select pending_owner_id is null from cases where reference = ?")
                        .param(second)
                        .query(Boolean.class)
                        .single())
                .isTrue();
        List<String> what =
                page(lead, "/cases/" + second).select("ol.timeline li .what").eachText();
        assertThat(what)
                .contains(
                        "Assigned to Staff " + colleague + " (Department " + a.code + ")",
                        "Declined the referral (it was for Staff " + agent + ")");
    }

    // ---- new case -----------------------------------------------------------------------------------------------

    @Test
    void newCasePreviewShowsOwnerAndPromiseDateAndTwoSubmitsLogOneCase() throws Exception {
        Dept a = department();
        String agent = a.staff(Role.AGENT);
        clock.set(Instant.parse("2027-03-10T00:00:00Z")); // Wednesday 11:00 in Sydney
        FormSession session = signIn(agent);
        Document form = page(session, "/cases/new");
        assertThat(form.select("nav.mainnav a.active").text()).isEqualTo("New case");
        String key = form.selectFirst("input[name=idempotencyKey]").val();
        assertThat(key).isNotBlank();
        assertThat(form.selectFirst("#new-receivedAt").val()).isEqualTo("2027-03-10T11:00");
        assertThat(form.select("#new-department option[selected]").attr("value"))
                .isEqualTo(a.code);

        String subject = "Pothole " + unique();
        String[] fields = {
            "idempotencyKey",
            key,
            "kind",
            "COMPLAINT",
            "channel",
            "PHONE",
            "receivedAt",
            "2027-03-10T10:55",
            "subject",
            subject,
            "description",
            "A deep pothole outside number 4",
            "customer.name",
            "Ada Lovelace",
            "customer.phone",
            "0400 111 222",
            "department",
            a.code,
            "owner",
            "",
            "acknowledgedVerbally",
            "on"
        };

        FormSession.Page preview = send(session, "/cases/new/preview", fields);
        assertThat(preview.status()).isEqualTo(200);
        Document fragment = preview.html();
        assertThat(preview.body()).doesNotContain("<html");
        assertThat(fragment.select(".preview-owner").text()).isEqualTo("Staff " + a.lead);
        // Metart: respond within seven business days of Wednesday 10 March, close of business.
        assertThat(fragment.select(".preview-respond").text()).isEqualTo("5:00 pm on Friday 19 March 2027");
        assertThat(fragment.select(".preview-acknowledge").text()).isEqualTo("5:00 pm on Wednesday 10 March 2027");
        assertThat(fragment.select(".preview-script").text()).contains("Staff " + a.lead, "19 March 2027");
        assertThat(jdbc.sql("select count(*) from cases where subject = ?")
                        .param(subject)
                        .query(Long.class)
                        .single())
                .isZero();

        FormSession.Page first = send(session, "/cases/new", fields);
        FormSession.Page second = send(session, "/cases/new", fields);
        assertThat(first.status()).isEqualTo(302);
        assertThat(second.status()).isEqualTo(302);
        assertThat(second.location()).isEqualTo(first.location());
        assertThat(jdbc.sql("select count(*) from cases where subject = ?")
                        .param(subject)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        String reference = first.location().substring("/cases/".length());
        assertThat(status(reference)).isEqualTo("ACKNOWLEDGED");
        Document created = page(session, "/cases/" + reference);
        assertThat(created.select("ol.timeline li .what").eachText()).contains("Acknowledged in the call or visit");
        assertThat(created.selectFirst("ol.timeline").text()).contains("5:00 pm on Friday 19 March 2027");
    }

    @Test
    void aNewCaseWithoutItsRequiredFieldsShowsTheProblemsNextToThemKeepsWhatWasTypedAndLogsNothing() throws Exception {
        Dept a = department();
        String agent = a.staff(Role.AGENT);
        FormSession session = signIn(agent);
        String subject = "Library fine " + unique();

        FormSession.Page refused =
                newCase(session, a, "subject", subject, "description", "", "customer.name", "", "customer.phone", null);
        assertThat(refused.status()).isEqualTo(400);
        Document shown = refused.html();
        assertThat(fieldError(shown, "new-customer.name")).isEqualTo("Required.");
        assertThat(fieldError(shown, "new-description")).isEqualTo("Required.");
        assertThat(shown.selectFirst("#new-subject").val()).isEqualTo(subject);
        assertThat(jdbc.sql("select count(*) from cases where subject = ?")
                        .param(subject)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void aNewCaseWithNoWayToReachTheCustomerIsRefused() throws Exception {
        Dept a = department();
        String agent = a.staff(Role.AGENT);
        FormSession session = signIn(agent);
        String subject = "Library fine " + unique();

        FormSession.Page refused = newCase(session, a, "subject", subject, "customer.phone", null);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.html().select("fieldset.invalid .field-error").text())
                .contains("Give an e-mail address, a phone number or a postal address");
    }

    @Test
    void aNewCaseResolvedNowIsClosedAtOnce() throws Exception {
        Dept a = department();
        String agent = a.staff(Role.AGENT);
        FormSession session = signIn(agent);
        String subject = "Library fine " + unique();

        FormSession.Page resolved = newCase(
                session,
                a,
                "kind",
                "QUESTION",
                "channel",
                "IN_PERSON",
                "subject",
                subject,
                "description",
                "When does the library open?",
                "customer.phone",
                "0400 333 444",
                "resolvedNow",
                "on",
                "resolvedAtFirstContact.resolution",
                "Told her: 9 am",
                "resolvedAtFirstContact.outcome",
                "RESOLVED");
        assertThat(resolved.status()).isEqualTo(302);
        assertThat(status(resolved.location().substring("/cases/".length()))).isEqualTo("CLOSED");
    }

    @Test
    void theNewCasePreviewSuggestsALetterForPostAndNamesAnUnknownDepartment() throws Exception {
        Dept a = department();
        String agent = a.staff(Role.AGENT);
        FormSession session = signIn(agent);

        Document post = Jsoup.parse(send(
                        session,
                        "/cases/new/preview",
                        "kind",
                        "COMPLAINT",
                        "channel",
                        "POSTAL",
                        "customer.name",
                        "Bea",
                        "customer.postalAddress",
                        "4 High Street",
                        "customer.email",
                        "bea@example.net",
                        "customer.preferredReply",
                        "POST",
                        "department",
                        a.code)
                .body());
        assertThat(post.select(".preview-reply").text()).contains("by letter");
        assertThat(post.select(".preview-script")).isEmpty();

        Document missing = Jsoup.parse(send(
                        session,
                        "/cases/new/preview",
                        "kind",
                        "COMPLAINT",
                        "channel",
                        "POSTAL",
                        "department",
                        "NO-SUCH-" + unique())
                .body());
        assertThat(missing.select(".preview-problems").text()).contains("Department: no department has code");
    }

    @Test
    void aComplaintAboutAColleagueIsHiddenFromThemAndNamingSomeoneLetsThemSeeIt() throws Exception {
        Dept a = department();
        Dept b = department();
        String agent = a.staff(Role.AGENT);
        String colleague = a.staff(Role.AGENT);
        String outsider = b.staff(Role.AGENT);
        String token = "zq" + unique().toLowerCase();
        FormSession session = signIn(agent);
        FormSession.Page saved = newCase(
                session,
                a,
                "channel",
                "IN_PERSON",
                "subject",
                "Rude at the counter " + token,
                "description",
                "The officer was rude",
                "customer.phone",
                "0400 555 666",
                "aboutStaff",
                colleague);
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        String reference = saved.location().substring("/cases/".length());

        FormSession theirs = signIn(colleague);
        assertThat(fetch(theirs, "/cases/" + reference).status()).isEqualTo(404);
        assertThat(references(page(theirs, "/cases/queue"))).doesNotContain(reference);
        assertThat(references(page(theirs, "/cases/search?q=" + token))).isEmpty();

        FormSession stranger = signIn(outsider);
        assertThat(fetch(stranger, "/cases/" + reference).status()).isEqualTo(404);
        act(session, reference, "named-staff", "username", outsider, "reason", "Knows the counter staff");
        assertThat(page(stranger, "/cases/" + reference).select("h1").text()).isEqualTo(reference);
        Document page = page(session, "/cases/" + reference);
        assertThat(page.select("ol.timeline li .what").eachText()).contains("Let Staff " + outsider + " see the case");

        // Recorded later on another case: from then on hidden from them too.
        String second = newCase(a.as(agent), a.code, agent, "Second " + token);
        assertThat(fetch(theirs, "/cases/" + second).status()).isEqualTo(200);
        FormSession.Page refused = actRaw(session, second, "about-staff", "username", "");
        assertThat(fieldError(refused.html(), "about-staff-username")).isEqualTo("Choose the person.");
        act(session, second, "about-staff", "username", colleague, "note", "Same officer");
        assertThat(fetch(theirs, "/cases/" + second).status()).isEqualTo(404);
        assertThat(references(page(theirs, "/cases/search?q=" + token))).isEmpty();
    }

    @Test
    void aQuestionReclassifiedAsAComplaintShowsItsNewDueDatesAndTheChangeInTheTimeline() throws Exception {
        // Under the Metart policy (Sydney, +11:00) on Wednesday 10 March 2027 at 11:00: a letter is acknowledged within
        // a business day, a call on the day; either is answered within seven.
        clock.set(Instant.parse("2027-03-10T00:00:00Z"));
        Dept a = department();
        String agent = a.staff(Role.AGENT);
        FormSession session = signIn(agent);
        FormSession.Page saved = newCase(session, a, "kind", "QUESTION", "channel", "POSTAL");
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        String reference = saved.location().substring("/cases/".length());
        Document before = page(session, "/cases/" + reference);
        assertThat(before.selectFirst("#reclassify-kind option[selected]").val())
                .isEqualTo("QUESTION");
        assertThat(before.selectFirst("#reclassify-channel option[selected]").val())
                .isEqualTo("POSTAL");

        // Without a reason nothing changes, and the form says so by the field.
        FormSession.Page refused =
                actRaw(session, reference, "reclassify", "kind", "COMPLAINT", "channel", "PHONE", "reason", "");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(fieldError(refused.html(), "reclassify-reason"))
                .isEqualTo("Is required: say why the kind or channel was wrong.");
        assertThat(version(reference)).isZero();

        Document after = act(
                session,
                reference,
                "reclassify",
                "kind",
                "COMPLAINT",
                "channel",
                "PHONE",
                "reason",
                "She rang to complain");

        assertThat(after.select("dl.facts").first().text()).contains("Kind Complaint", "Came by Phone");
        assertThat(after.select("table.list tbody tr").eachText())
                .anySatisfy(row -> assertThat(row).startsWith("Acknowledge Wed 10 Mar 2027, 5:00 pm"))
                .anySatisfy(row -> assertThat(row).startsWith("Respond Fri 19 Mar 2027, 5:00 pm"));
        Element entry = after.select("ol.timeline li").last();
        assertThat(entry.selectFirst(".what").text()).isEqualTo("Reclassified as a complaint from a phone call");
        assertThat(entry.select("dl.facts").text())
                .contains(
                        "Was Question from a letter",
                        "Reason She rang to complain",
                        "Acknowledge by Wed 10 Mar 2027, 5:00 pm (was Thu 11 Mar 2027, 5:00 pm)",
                        "Respond by Fri 19 Mar 2027, 5:00 pm (unchanged)");
    }
}
