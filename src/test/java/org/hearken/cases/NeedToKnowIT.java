package org.hearken.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hearken.identity.Role;
import org.hearken.support.ApiClient;
import org.hearken.support.FormSession;
import org.hearken.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Confidential cases are need-to-know, and a complaint about a member of staff is never visible to them. */
class NeedToKnowIT extends IntegrationTest {

    private static Map<String, Object> complaint(
            String department, String subject, boolean confidential, List<String> about) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", "COMPLAINT");
        body.put("channel", "PHONE");
        body.put("subject", subject);
        body.put("description", "The officer was rude to me at the counter.");
        body.put("customer", Map.of("name", "Cora Caller", "phone", "+61 2 5550 7788"));
        body.put("department", department);
        body.put("confidential", confidential);
        if (about != null) {
            body.put("aboutStaff", about);
        }
        return body;
    }

    @Test
    void aConfidentialCaseIsSeenOnlyByItsPeopleAndExecutivesUntilSomeoneIsNamed() {
        Dept dept = department();
        String colleague = dept.staff(Role.AGENT);
        String admin = staffWithoutDepartment(Role.ADMIN);
        String executive = staffWithoutDepartment(Role.EXECUTIVE);
        String subject = "Confidential " + unique();
        String ref = as(dept.lead)
                .post("/api/cases", complaint(dept.code, subject, true, null))
                .json()
                .get("reference")
                .asString();

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

        ApiClient.Response created =
                as(dept.lead).post("/api/cases", complaint(dept.code, subject, false, List.of(officer, executive)));
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
        Map<String, Object> body = complaint(dept.code, "Later found to be about staff " + unique(), false, null);
        body.put("owner", officer);
        String ref =
                as(dept.lead).post("/api/cases", body).json().get("reference").asString();
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

    @Test
    void aComplaintCanNeverBeAboutEveryoneWhoOverseesItAndWhoItIsAboutCanBeUndone() {
        Dept dept = department();
        String agent = dept.staff(Role.AGENT);
        String executive = staffWithoutDepartment(Role.EXECUTIVE);
        Map<String, Object> body = complaint(dept.code, "About the managers " + unique(), false, null);
        body.put("owner", agent);
        String ref = as(agent).post("/api/cases", body).json().get("reference").asString();
        ApiClient owner = as(agent);

        // The agent records it as being about the department's lead and then about every executive but one.
        assertThat(owner.post("/api/cases/" + ref + "/about-staff", Map.of("username", dept.lead))
                        .status())
                .isEqualTo(200);
        List<String> executives =
                jdbc.sql("""
                        select s.username from identity_staff s join identity_staff_role r on r.staff_id = s.id and r.role = 'EXECUTIVE'
                        where s.active and s.username <> ? order by s.id""").param(executive).query(String.class).list();
        for (String other : executives) {
            ApiClient.Response marked = owner.post("/api/cases/" + ref + "/about-staff", Map.of("username", other));
            assertThat(marked.status()).as(marked.body()).isEqualTo(200);
        }
        int version = owner.get("/api/cases/" + ref).json().get("version").asInt();

        // The last one who oversees it cannot be added: the case would be hidden from all oversight.
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

        // An agent may not undo it; the executive may, with a reason, and the lead sees the case again.
        ApiClient.Response byAgent = owner.post(
                "/api/cases/" + ref + "/remove-about-staff", Map.of("username", dept.lead, "reason", "not about him"));
        assertThat(byAgent.status()).isEqualTo(403);
        assertThat(as(executive)
                        .post("/api/cases/" + ref + "/remove-about-staff", Map.of("username", dept.lead))
                        .status())
                .as("a reason is required")
                .isEqualTo(400);
        ApiClient.Response undone = as(executive)
                .post(
                        "/api/cases/" + ref + "/remove-about-staff",
                        Map.of("username", dept.lead, "reason", "The customer meant the contractor, not the lead"));
        assertThat(undone.status()).as(undone.body()).isEqualTo(200);
        assertThat(as(dept.lead).get("/api/cases/" + ref).status()).isEqualTo(200);
        assertThat(as(executive)
                        .post(
                                "/api/cases/" + ref + "/remove-about-staff",
                                Map.of("username", dept.lead, "reason", "again"))
                        .status())
                .isEqualTo(400);

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
        Map<String, Object> named = complaint(dept.code, "About the lead " + unique(), false, List.of(dept.lead));
        named.put("owner", dept.lead);
        ApiClient.Response refused = as(colleague).post("/api/cases", named);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("owner");

        ApiClient.Response created = as(colleague)
                .post("/api/cases", complaint(dept.code, "About the lead " + unique(), false, List.of(dept.lead)));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("owner").get("id").asString()).isEqualTo(colleague);
        assertThat(as(dept.lead)
                        .get("/api/cases/" + created.json().get("reference").asString())
                        .status())
                .isEqualTo(404);

        ApiClient.Response unknown =
                as(colleague).post("/api/cases", complaint(dept.code, "x", false, List.of("nobody" + unique())));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("aboutStaff");
    }
}
