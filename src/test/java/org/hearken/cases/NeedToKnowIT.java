package org.hearken.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hearken.support.CaseBuilder.PHONE;
import static org.hearken.support.CaseBuilder.aComplaint;

import java.util.List;
import java.util.Map;
import org.hearken.identity.Role;
import org.hearken.support.ApiClient;
import org.hearken.support.CaseBuilder;
import org.hearken.support.FormSession;
import org.hearken.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Confidential cases are need-to-know, and a complaint about a member of staff is never visible to them. */
class NeedToKnowIT extends IntegrationTest {

    private static CaseBuilder complaint(String department, String subject, boolean confidential, List<String> about) {
        CaseBuilder complaint = aComplaint()
                .by(PHONE)
                .subject(subject)
                .description("The officer was rude to me at the counter.")
                .from("Cora Caller")
                .phone("+61 2 5550 7788")
                .inDepartment(department)
                .confidential(confidential);
        return about == null ? complaint : complaint.about(about);
    }

    @Test
    void aConfidentialCaseIsSeenOnlyByItsPeopleAndExecutivesUntilSomeoneIsNamed() {
        Dept dept = department();
        String colleague = dept.staff(Role.AGENT);
        String admin = staffWithoutDepartment(Role.ADMIN);
        String executive = staffWithoutDepartment(Role.EXECUTIVE);
        String subject = "Confidential " + unique();
        String ref = complaint(dept.code, subject, true, null).openedBy(as(dept.lead));

        assertThat(as(colleague).get("/api/cases/" + ref).status()).isEqualTo(404);
        assertThat(as(colleague).get("/api/cases?limit=200").body()).doesNotContain(ref);
        assertThat(as(admin).get("/api/cases/" + ref).status()).isEqualTo(404);
        assertThat(as(executive).get("/api/cases/" + ref).status()).isEqualTo(200);

        ApiClient.Response named = as(dept.lead)
                .post(
                        "/api/cases/" + ref + "/named-staff",
                        Map.of("username", colleague, "reason", "Handles the counter roster"));
        assertThat(named.status()).isEqualTo(200);
        assertThat(as(colleague).get("/api/cases/" + ref).status()).isEqualTo(200);
        assertThat(as(colleague).get("/api/cases?limit=200").body()).contains(ref);
        assertThat(as(admin).get("/api/cases/" + ref).status()).isEqualTo(404);

        ApiClient.Response again = as(dept.lead)
                .post("/api/cases/" + ref + "/named-staff", Map.of("username", colleague, "reason", "twice"));
        assertThat(again.status()).isEqualTo(400);
        assertThat(as(dept.lead).get("/api/cases/" + ref + "/events").body()).contains("StaffNamed");
    }

    @Test
    void aComplaintAboutAMemberOfStaffIsNeverVisibleToThemWhateverTheirRole() {
        Dept dept = department();
        String officer = dept.staff(Role.AGENT);
        String otherManager = dept.staff(Role.MANAGER);
        String executive = staffWithoutDepartment(Role.EXECUTIVE);
        String subject = "About staff " + unique();

        ApiClient.Response created = complaint(dept.code, subject, false, List.of(officer, executive))
                .postedBy(as(dept.lead));
        assertThat(created.status()).isEqualTo(201);
        String ref = created.json().get("reference").asString();

        for (String about : List.of(officer, executive)) {
            assertThat(as(about).get("/api/cases/" + ref).status()).isEqualTo(404);
            assertThat(as(about).get("/api/cases/" + ref + "/events").status()).isEqualTo(404);
            assertThat(as(about).get("/api/cases?limit=200").body())
                    .doesNotContain(ref)
                    .doesNotContain(subject);
            assertThat(as(about)
                            .post("/api/cases/" + ref + "/acknowledge", Map.of("via", "PHONE_CALL"))
                            .status())
                    .isEqualTo(404);
        }
        assertThat(as(otherManager).get("/api/cases/" + ref).status()).isEqualTo(200);

        // Nobody can hand it to them.
        ApiClient.Response assign = as(dept.lead).post("/api/cases/" + ref + "/assign", Map.of("owner", officer));
        assertThat(assign.status()).isEqualTo(400);
        assertThat(assign.body()).contains("the complaint is about");
        ApiClient.Response refer = as(dept.lead)
                .post(
                        "/api/cases/" + ref + "/refer",
                        Map.of("department", dept.code, "owner", officer, "note", "please look"));
        assertThat(refer.status()).isEqualTo(400);
        ApiClient.Response name = as(dept.lead)
                .post("/api/cases/" + ref + "/named-staff", Map.of("username", officer, "reason", "why not"));
        assertThat(name.status()).isEqualTo(400);

        // The executive's register export withholds it from them, even which case it is.
        String export = as(executive).get("/api/register/export.csv").body();
        assertThat(export).doesNotContain(ref).doesNotContain(subject).contains("(withheld: about the reader)");
    }

    @Test
    void aCaseCanBeMarkedAsAboutSomeoneOnlyOnceItIsNoLongerTheirs() {
        Dept dept = department();
        String officer = dept.staff(Role.AGENT);
        String ref = complaint(dept.code, "Later found to be about staff " + unique(), false, null)
                .ownedBy(officer)
                .openedBy(as(dept.lead));
        assertThat(as(officer).get("/api/cases/" + ref).status()).isEqualTo(200);

        ApiClient.Response refused =
                as(dept.lead).post("/api/cases/" + ref + "/about-staff", Map.of("username", officer));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(as(officer).get("/api/cases/" + ref).status()).isEqualTo(200);

        assertThat(as(dept.lead)
                        .post("/api/cases/" + ref + "/assign", Map.of("owner", dept.lead))
                        .status())
                .isEqualTo(200);
        ApiClient.Response marked = as(dept.lead)
                .post(
                        "/api/cases/" + ref + "/about-staff",
                        Map.of("username", officer, "note", "The customer named them on a second call"));
        assertThat(marked.status()).isEqualTo(200);
        assertThat(as(officer).get("/api/cases/" + ref).status()).isEqualTo(404);
        assertThat(as(dept.lead).get("/api/cases/" + ref + "/events").body()).contains("ComplaintAboutStaff");
    }

    /**
     * A complaint in a new department, owned by an agent who records it as about the department's lead and about every
     * executive but one ({@link #executive}), the last who oversees it.
     */
    private final class AboutAllButOne {
        final Dept dept = department();
        final String agent = dept.staff(Role.AGENT);
        final String executive = staffWithoutDepartment(Role.EXECUTIVE);
        final String ref = complaint(dept.code, "About the managers " + unique(), false, null)
                .ownedBy(agent)
                .openedBy(as(agent));
        final ApiClient owner = as(agent);
        final List<String> executives;
        final int version;

        AboutAllButOne() {
            assertThat(owner.post("/api/cases/" + ref + "/about-staff", Map.of("username", dept.lead))
                            .status())
                    .isEqualTo(200);
            executives = jdbc.sql("""
                            select s.username from identity_staff s join identity_staff_role r on r.staff_id = s.id and r.role = 'EXECUTIVE'
                            where s.active and s.username <> ? order by s.id""").param(executive).query(String.class).list();
            for (String other : executives) {
                ApiClient.Response marked = owner.post("/api/cases/" + ref + "/about-staff", Map.of("username", other));
                assertThat(marked.status()).as(marked.body()).isEqualTo(200);
            }
            version = owner.get("/api/cases/" + ref).json().get("version").asInt();
        }

        /** The executive takes the lead off, with a reason. */
        ApiClient.Response leadTakenOff() {
            return as(executive)
                    .post(
                            "/api/cases/" + ref + "/remove-about-staff",
                            Map.of("username", dept.lead, "reason", "The customer meant the contractor, not the lead"));
        }

        /** The lead, who sees the case again, takes the last executive off on the case page. */
        FormSession.Page lastExecutiveTakenOffOnThePage(FormSession page) {
            page.get("/cases/" + ref);
            int pageVersion =
                    as(dept.lead).get("/api/cases/" + ref).json().get("version").asInt();
            return page.post(
                    "/cases/" + ref + "/remove-about-staff",
                    FormSession.form(
                            "version",
                            String.valueOf(pageVersion),
                            "username",
                            executives.getLast(),
                            "reason",
                            "Named by mistake"));
        }
    }

    @Test
    void aComplaintCanNeverBeAboutTheLastWhoOverseesItNeitherThroughTheApiNorOnThePage() {
        AboutAllButOne c = new AboutAllButOne();
        Dept dept = c.dept;
        String agent = c.agent;
        String executive = c.executive;
        String ref = c.ref;
        ApiClient owner = c.owner;
        int version = c.version;

        // The case would be hidden from all oversight.
        ApiClient.Response refused = owner.post("/api/cases/" + ref + "/about-staff", Map.of("username", executive));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("username");
        assertThat(refused.json().get("errors").get(0).get("message").asString())
                .contains("nobody would be left to oversee");
        FormSession agentPage = new FormSession(port);
        assertThat(agentPage.signIn(agent, PASSWORD)).isTrue();
        agentPage.get("/cases/" + ref);
        FormSession.Page refusedOnPage = agentPage.post(
                "/cases/" + ref + "/about-staff",
                FormSession.form("version", String.valueOf(version), "username", executive));
        assertThat(refusedOnPage.status()).isEqualTo(400);
        assertThat(refusedOnPage.body()).containsIgnoringCase("nobody would be left to oversee this complaint");
        JsonNode seen = as(executive).get("/api/cases/" + ref).json();
        assertThat(seen.get("version").asInt()).as("nothing changed").isEqualTo(version);
        assertThat(seen.get("aboutStaff").toString()).contains(dept.lead).doesNotContain("\"" + executive + "\"");
    }

    @Test
    void onlyAnExecutiveMayUndoWhoAComplaintIsAboutWithAReasonAndThenTheyMaySeeItAgain() {
        AboutAllButOne c = new AboutAllButOne();
        Dept dept = c.dept;
        String executive = c.executive;
        String ref = c.ref;
        ApiClient owner = c.owner;

        // An agent may not undo it; the executive may, with a reason, and the lead sees the case again.
        ApiClient.Response byAgent = owner.post(
                "/api/cases/" + ref + "/remove-about-staff", Map.of("username", dept.lead, "reason", "not about him"));
        assertThat(byAgent.status()).isEqualTo(403);
        assertThat(as(executive)
                        .post("/api/cases/" + ref + "/remove-about-staff", Map.of("username", dept.lead))
                        .status())
                .as("a reason is required")
                .isEqualTo(400);
        ApiClient.Response undone = c.leadTakenOff();
        assertThat(undone.status()).as(undone.body()).isEqualTo(200);
        assertThat(as(dept.lead).get("/api/cases/" + ref).status()).isEqualTo(200);
        assertThat(as(executive)
                        .post(
                                "/api/cases/" + ref + "/remove-about-staff",
                                Map.of("username", dept.lead, "reason", "again"))
                        .status())
                .isEqualTo(400);
    }

    @Test
    void aManagerOfTheCaseTakesSomeoneOffOnTheCasePageButNotWithoutAReason() {
        AboutAllButOne c = new AboutAllButOne();
        Dept dept = c.dept;
        String ref = c.ref;
        List<String> executives = c.executives;
        c.leadTakenOff();

        // The lead, a manager of the case, takes an executive off on the case page.
        String taken = executives.getLast();
        FormSession page = new FormSession(port);
        assertThat(page.signIn(dept.lead, PASSWORD)).isTrue();
        String casePage = page.get("/cases/" + ref).body();
        assertThat(casePage).contains("Who it is about").contains("action-remove-about-staff");
        int pageVersion =
                as(dept.lead).get("/api/cases/" + ref).json().get("version").asInt();
        FormSession.Page posted = page.post(
                "/cases/" + ref + "/remove-about-staff",
                FormSession.form(
                        "version", String.valueOf(pageVersion), "username", taken, "reason", "Named by mistake"));
        assertThat(posted.status()).as(posted.body()).isEqualTo(302);
        assertThat(as(taken).get("/api/cases/" + ref).status()).isEqualTo(200);
        assertThat(page.get("/cases/" + ref).body())
                .contains("Named by mistake")
                .contains("is not about");
        FormSession.Page blank = page.post(
                "/cases/" + ref + "/remove-about-staff",
                FormSession.form(
                        "version", String.valueOf(pageVersion + 1), "username", executives.getFirst(), "reason", ""));
        assertThat(blank.status()).isEqualTo(400);
    }

    @Test
    void everyChangeOfWhoAComplaintIsAboutIsInTheRegisterAndTheSecurityAuditLog() {
        AboutAllButOne c = new AboutAllButOne();
        Dept dept = c.dept;
        String executive = c.executive;
        String ref = c.ref;
        List<String> executives = c.executives;
        String taken = executives.getLast();
        c.leadTakenOff();
        c.lastExecutiveTakenOffOnThePage(FormSession.signedIn(port, dept.lead, PASSWORD));

        // Every step is in the register.
        List<String> types = new java.util.ArrayList<>();
        as(executive)
                .get("/api/cases/" + ref + "/events")
                .json()
                .forEach(e -> types.add(e.get("type").asString()));
        assertThat(types).filteredOn("ComplaintAboutStaff"::equals).hasSize(executives.size() + 1);
        assertThat(types).filteredOn("ComplaintAboutStaffRemoved"::equals).hasSize(2);
        String events = as(executive).get("/api/cases/" + ref + "/events").body();
        assertThat(events)
                .contains("The customer meant the contractor, not the lead")
                .contains("Named by mistake");
        // And in the security audit log, as a change of who may see the case.
        List<String> audited = new java.util.ArrayList<>();
        as(executive)
                .get("/api/audit?target=" + ref + "&action=STAFF_REMOVED_AS_SUBJECT")
                .json()
                .get("entries")
                .forEach(e -> audited.add(e.get("details").get("staff").asString() + ": "
                        + e.get("details").get("reason").asString()));
        assertThat(audited)
                .containsExactlyInAnyOrder(
                        dept.lead + ": The customer meant the contractor, not the lead", taken + ": Named by mistake");
    }

    @Test
    void intakeRefusesToMakeTheSubjectTheOwnerAndPassesOverALeadWhoIsTheSubject() {
        Dept dept = department();
        String colleague = dept.staff(Role.AGENT);
        // Someone must be left to oversee a complaint about the lead.
        staffWithoutDepartment(Role.EXECUTIVE);
        CaseBuilder named = complaint(dept.code, "About the lead " + unique(), false, List.of(dept.lead))
                .ownedBy(dept.lead);
        ApiClient.Response refused = named.postedBy(as(colleague));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("owner");

        ApiClient.Response created = complaint(dept.code, "About the lead " + unique(), false, List.of(dept.lead))
                .postedBy(as(colleague));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("owner").get("id").asString()).isEqualTo(colleague);
        assertThat(as(dept.lead)
                        .get("/api/cases/" + created.json().get("reference").asString())
                        .status())
                .isEqualTo(404);

        ApiClient.Response unknown =
                complaint(dept.code, "x", false, List.of("nobody" + unique())).postedBy(as(colleague));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("aboutStaff");
    }
}
