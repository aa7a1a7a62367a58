package org.hearken.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hearken.identity.Role;
import org.hearken.support.ApiClient;
import org.hearken.support.IntegrationTest;
import org.junit.jupiter.api.Test;

/** Confidential cases are need-to-know, and a complaint about a member of staff is never visible to them. */
class NeedToKnowIT extends IntegrationTest {

    private static Map<String, Object> complaint(String department, String subject, boolean confidential, List<String> about) {
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
        String ref = as(dept.lead).post("/api/cases", complaint(dept.code, subject, true, null)).json().get("reference").asString();

        assertThat(as(colleague).get("/api/cases/" + ref).status()).isEqualTo(404);
        assertThat(as(colleague).get("/api/cases?limit=200").body()).doesNotContain(ref);
        assertThat(as(admin).get("/api/cases/" + ref).status()).isEqualTo(404);
        assertThat(as(executive).get("/api/cases/" + ref).status()).isEqualTo(200);

        ApiClient.Response named = as(dept.lead).post("/api/cases/" + ref + "/named-staff",
                Map.of("username", colleague, "reason", "Handles the counter roster"));
        assertThat(named.status()).isEqualTo(200);
        assertThat(as(colleague).get("/api/cases/" + ref).status()).isEqualTo(200);
        assertThat(as(colleague).get("/api/cases?limit=200").body()).contains(ref);
        assertThat(as(admin).get("/api/cases/" + ref).status()).isEqualTo(404);

        ApiClient.Response again = as(dept.lead).post("/api/cases/" + ref + "/named-staff",
                Map.of("username", colleague, "reason", "twice"));
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

        ApiClient.Response created = as(dept.lead).post("/api/cases",
                complaint(dept.code, subject, false, List.of(officer, executive)));
        assertThat(created.status()).isEqualTo(201);
        String ref = created.json().get("reference").asString();

        for (String about : List.of(officer, executive)) {
            assertThat(as(about).get("/api/cases/" + ref).status()).isEqualTo(404);
            assertThat(as(about).get("/api/cases/" + ref + "/events").status()).isEqualTo(404);
            assertThat(as(about).get("/api/cases?limit=200").body()).doesNotContain(ref).doesNotContain(subject);
            assertThat(as(about).post("/api/cases/" + ref + "/acknowledge", Map.of("via", "PHONE_CALL")).status()).isEqualTo(404);
        }
        assertThat(as(otherManager).get("/api/cases/" + ref).status()).isEqualTo(200);

        // Nobody can hand it to them.
        ApiClient.Response assign = as(dept.lead).post("/api/cases/" + ref + "/assign", Map.of("owner", officer));
        assertThat(assign.status()).isEqualTo(400);
        assertThat(assign.body()).contains("the complaint is about");
        ApiClient.Response refer = as(dept.lead).post("/api/cases/" + ref + "/refer",
                Map.of("department", dept.code, "owner", officer, "note", "please look"));
        assertThat(refer.status()).isEqualTo(400);
        ApiClient.Response name = as(dept.lead).post("/api/cases/" + ref + "/named-staff",
                Map.of("username", officer, "reason", "why not"));
        assertThat(name.status()).isEqualTo(400);

        // The executive's register export withholds it from them.
        String export = as(executive).get("/api/register/export.csv").body();
        assertThat(export).contains(ref).doesNotContain(subject);
    }

    @Test
    void aCaseCanBeMarkedAsAboutSomeoneOnlyOnceItIsNoLongerTheirs() {
        Dept dept = department();
        String officer = dept.staff(Role.AGENT);
        Map<String, Object> body = complaint(dept.code, "Later found to be about staff " + unique(), false, null);
        body.put("owner", officer);
        String ref = as(dept.lead).post("/api/cases", body).json().get("reference").asString();
        assertThat(as(officer).get("/api/cases/" + ref).status()).isEqualTo(200);

        ApiClient.Response refused = as(dept.lead).post("/api/cases/" + ref + "/about-staff", Map.of("username", officer));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(as(officer).get("/api/cases/" + ref).status()).isEqualTo(200);

        assertThat(as(dept.lead).post("/api/cases/" + ref + "/assign", Map.of("owner", dept.lead)).status()).isEqualTo(200);
        ApiClient.Response marked = as(dept.lead).post("/api/cases/" + ref + "/about-staff",
                Map.of("username", officer, "note", "The customer named them on a second call"));
        assertThat(marked.status()).isEqualTo(200);
        assertThat(as(officer).get("/api/cases/" + ref).status()).isEqualTo(404);
        assertThat(as(dept.lead).get("/api/cases/" + ref + "/events").body()).contains("ComplaintAboutStaff");
    }

    @Test
    void intakeRefusesToMakeTheSubjectTheOwnerAndPassesOverALeadWhoIsTheSubject() {
        Dept dept = department();
        String colleague = dept.staff(Role.AGENT);
        Map<String, Object> named = complaint(dept.code, "About the lead " + unique(), false, List.of(dept.lead));
        named.put("owner", dept.lead);
        ApiClient.Response refused = as(colleague).post("/api/cases", named);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("owner");

        ApiClient.Response created = as(colleague).post("/api/cases",
                complaint(dept.code, "About the lead " + unique(), false, List.of(dept.lead)));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("owner").get("id").asString()).isEqualTo(colleague);
        assertThat(as(dept.lead).get("/api/cases/" + created.json().get("reference").asString()).status()).isEqualTo(404);

        ApiClient.Response unknown = as(colleague).post("/api/cases", complaint(dept.code, "x", false, List.of("nobody" + unique())));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("aboutStaff");
    }
}
