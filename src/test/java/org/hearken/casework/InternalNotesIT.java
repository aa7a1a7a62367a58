package org.hearken.casework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hearken.support.CaseBuilder.PHONE;
import static org.hearken.support.CaseBuilder.aComplaint;

import java.time.Instant;
import java.util.Map;
import org.hearken.identity.Role;
import org.hearken.statuslinks.StatusLinks;
import org.hearken.support.ApiClient;
import org.hearken.support.FormSession;
import org.hearken.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/** Internal notes: in the register and the timeline of those who may see the case, never before the customer. */
class InternalNotesIT extends IntegrationTest {

    private static final String NOTE =
            "Caller sounded distressed; check the billing system before replying " + unique();

    @Autowired
    StatusLinks statusLinks;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void aNoteIsInTheRegisterAndTheTimelineButNotOnTheStatusPageOrInTheCustomersMail() {
        clock.set(Instant.parse("2026-11-30T00:00:00Z"));
        Dept dept = department();
        ApiClient lead = dept.as(dept.lead);
        // By phone, so that no automatic acknowledgement changes the case while the test looks at its version.
        JsonNode created = aComplaint()
                .by(PHONE)
                .email("noted-" + unique() + "@example.org")
                .inDepartment(dept)
                .openBy(lead);
        String ref = created.get("reference").asString();
        int version = created.get("version").asInt();

        ApiClient.Response added = lead.post("/api/cases/" + ref + "/notes", Map.of("text", NOTE));
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        // A note changes nothing about the case: nobody's If-Match goes stale.
        assertThat(added.json().get("version").asInt()).isEqualTo(version);

        JsonNode events = lead.get("/api/cases/" + ref + "/events").json();
        assertThat(events.toString()).contains("NoteAdded", NOTE);

        FormSession page = signedIn(dept.lead);
        assertThat(page.get("/cases/" + ref)
                        .expect(200)
                        .html()
                        .select(".timeline")
                        .text())
                .contains("Internal note (staff only)", NOTE);

        long caseId = jdbc.sql("select id from cases where reference = ?")
                .param(ref)
                .query(Long.class)
                .single();
        String token = new TransactionTemplate(transactions).execute(tx -> statusLinks.issue(caseId));
        String status =
                new FormSession(port).get("/public/status/" + token).expect(200).body();
        assertThat(status).contains(ref).doesNotContain(NOTE);

        lead.post("/api/cases/" + ref + "/acknowledge", Map.of("via", "EMAIL"));
        lead.post(
                "/api/cases/" + ref + "/respond",
                Map.of(
                        "channel",
                        "EMAIL",
                        "analysis",
                        "We checked the account.",
                        "resolution",
                        "The charge is refunded.",
                        "outcome",
                        "UPHELD"));
        assertThat(jdbc.sql("select count(*) from correspondence_message where case_id = ? and body like ?")
                        .params(caseId, "%" + NOTE + "%")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void aNoteIsRefusedToSomeoneWhoMayNotHandleTheCaseAndAnEmptyNoteIsABadRequest() {
        Dept dept = department();
        Dept other = department();
        String ref = aComplaint().inDepartment(dept).open();

        assertThat(other.as(other.lead)
                        .post("/api/cases/" + ref + "/notes", Map.of("text", NOTE))
                        .status())
                .isIn(403, 404);
        ApiClient.Response empty = dept.as(dept.lead).post("/api/cases/" + ref + "/notes", Map.of("text", " "));
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.header("Content-Type")).startsWith("application/problem+json");

        String executive = staffWithoutDepartment(Role.EXECUTIVE);
        FormSession page = signedIn(executive);
        FormSession.Page done = page.post("/cases/" + ref + "/add-note", "text", NOTE);
        assertThat(page.flash(done)).contains("Internal note added");
        assertThat(jdbc.sql("select count(*) from register_event where case_reference = ? and type = 'NoteAdded'")
                        .param(ref)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }
}
