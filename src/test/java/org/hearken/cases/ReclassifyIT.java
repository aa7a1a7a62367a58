package org.hearken.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hearken.support.CaseBuilder.POSTAL;
import static org.hearken.support.CaseBuilder.aQuestion;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hearken.identity.Role;
import org.hearken.policy.PolicyTestSupport;
import org.hearken.support.ApiClient;
import org.hearken.support.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Reclassifying through the API, under the SAFETRAC plan (Brisbane, +10:00, 08:30–17:00): a question by post is
 * acknowledged within one business day and answered within five; a complaint by phone is acknowledged and first
 * answered the same day, and answered within five. The deadline watch's side is in {@code WatchIT}.
 */
class ReclassifyIT extends IntegrationTest {

    /** Monday 30 November 2026, 09:30 in Brisbane. */
    private static final String RECEIVED = "2026-11-30T09:30:00+10:00";

    ApiClient admin;
    Dept dept;
    ApiClient lead;

    @BeforeEach
    void safetrac() throws Exception {
        admin = as(staffWithoutDepartment(Role.ADMIN));
        PolicyTestSupport.ensureActive(admin, "safetrac");
        clock.set(Instant.parse("2026-11-30T00:00:00Z"));
        dept = department();
        lead = dept.as(dept.lead);
    }

    @AfterEach
    void metart() throws Exception {
        PolicyTestSupport.ensureActive(admin, "metart");
    }

    private String questionByPost() {
        return aQuestion().by(POSTAL).receivedAt(RECEIVED).inDepartment(dept).open();
    }

    private ApiClient.Response reclassify(String ref, Map<String, ?> body, String... headers) {
        return lead.post("/api/cases/" + ref + "/reclassify", body, headers);
    }

    private static Instant brisbane(String local) {
        return OffsetDateTime.parse(local + "+10:00").toInstant();
    }

    private static Instant at(JsonNode node) {
        return node == null || node.isNull()
                ? null
                : OffsetDateTime.parse(node.asString()).toInstant();
    }

    private JsonNode lastEvent(String ref) {
        JsonNode events = lead.get("/api/cases/" + ref + "/events").json();
        return events.get(events.size() - 1);
    }

    @Test
    void aQuestionReclassifiedAsAComplaintIsDueAsOneFromItsReceiptUnderItsOwnPolicyVersion() throws Exception {
        String ref = questionByPost();
        JsonNode before = lead.get("/api/cases/" + ref).json();
        assertThat(at(before.get("acknowledgeBy"))).isEqualTo(brisbane("2026-12-01T17:00:00"));
        // The policy in force changes; the case keeps the version it was received under.
        PolicyTestSupport.ensureActive(admin, "metart");

        ApiClient.Response r = reclassify(
                ref,
                Map.of("kind", "COMPLAINT", "channel", "PHONE", "reason", "She called to complain, not to ask"),
                "If-Match",
                "\"" + before.get("version").asInt() + "\"");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode after = r.json();
        assertThat(r.header("ETag")).isEqualTo("\"" + (before.get("version").asInt() + 1) + "\"");
        assertThat(after.get("kind").asString()).isEqualTo("COMPLAINT");
        assertThat(after.get("channel").asString()).isEqualTo("PHONE");
        assertThat(after.get("policyVersion").asInt())
                .isEqualTo(before.get("policyVersion").asInt());
        // In the zone of the case's own policy version: Brisbane, not Metart's Sydney.
        assertThat(after.get("acknowledgeBy").asString()).isEqualTo("2026-11-30T17:00:00+10:00");
        assertThat(at(after.get("stages").get("firstResponse").get("dueBy")))
                .isEqualTo(brisbane("2026-11-30T17:00:00"));
        // Five business days under SAFETRAC; the Metart policy now in force would give seven.
        assertThat(at(after.get("respondBy"))).isEqualTo(brisbane("2026-12-07T17:00:00"));
        assertThat(after.get("allowedActions").toString()).contains("reclassify");

        JsonNode event = lastEvent(ref);
        assertThat(event.get("type").asString()).isEqualTo("Reclassified");
        assertThat(event.get("actor").asString()).isEqualTo(dept.lead);
        JsonNode p = event.get("payload");
        assertThat(p.get("previousKind").asString()).isEqualTo("QUESTION");
        assertThat(p.get("kind").asString()).isEqualTo("COMPLAINT");
        assertThat(p.get("previousChannel").asString()).isEqualTo("POSTAL");
        assertThat(p.get("channel").asString()).isEqualTo("PHONE");
        assertThat(p.get("reason").asString()).isEqualTo("She called to complain, not to ask");
        List<String> dueDates = new ArrayList<>();
        p.get("dueDates")
                .forEach(d -> dueDates.add(
                        d.get("stage").asString() + " " + at(d.get("previousDue")) + " " + at(d.get("due"))));
        assertThat(dueDates)
                .containsExactly(
                        "ACKNOWLEDGE 2026-12-01T07:00:00Z 2026-11-30T07:00:00Z",
                        "FIRST_RESPONSE null 2026-11-30T07:00:00Z",
                        "RESPOND 2026-12-07T07:00:00Z 2026-12-07T07:00:00Z");
    }

    @Test
    void aStaleVersionIsRefusedAndChangesNothing() {
        String ref = questionByPost();
        lead.post("/api/cases/" + ref + "/acknowledge", Map.of("via", "PHONE_CALL"));

        ApiClient.Response stale =
                reclassify(ref, Map.of("kind", "COMPLAINT", "reason", "Wrong kind"), "If-Match", "\"0\"");

        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.header("Content-Type")).startsWith("application/problem+json");
        assertThat(lead.get("/api/cases/" + ref).json().get("kind").asString()).isEqualTo("QUESTION");
        assertThat(lastEvent(ref).get("type").asString()).isEqualTo("Acknowledged");
    }

    @Test
    void badInputIsAProblemNamingTheFieldAndChangesNothing() {
        String ref = questionByPost();

        record Bad(Map<String, ?> body, String field) {}
        for (Bad bad : List.of(
                new Bad(Map.of("kind", "COMPLAINT"), "reason"),
                new Bad(Map.of("kind", "GRIEVANCE", "reason", "Wrong kind"), "kind"),
                new Bad(Map.of("kind", "QUESTION", "channel", "POSTAL", "reason", "No change"), "kind"))) {
            ApiClient.Response r = reclassify(ref, bad.body());
            assertThat(r.status()).as(r.body()).isEqualTo(400);
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
            assertThat(r.json().get("errors").get(0).get("field").asString()).isEqualTo(bad.field());
        }
        JsonNode c = lead.get("/api/cases/" + ref).json();
        assertThat(c.get("version").asInt()).isZero();
        assertThat(lastEvent(ref).get("type").asString()).isEqualTo("CaseOpened");
    }

    @Test
    void someoneWhoDoesNotHandleTheCaseIsRefusedAndAClosedCaseIsReopenedFirst() {
        String ref = questionByPost();

        // An administrator sees the case but does not handle it.
        ApiClient.Response forbidden =
                admin.post("/api/cases/" + ref + "/reclassify", Map.of("kind", "COMPLAINT", "reason", "Wrong kind"));
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.header("Content-Type")).startsWith("application/problem+json");

        lead.post(
                "/api/cases/" + ref + "/respond",
                Map.of("channel", "PHONE_CALL", "resolution", "Opening hours", "outcome", "RESOLVED"));
        lead.post("/api/cases/" + ref + "/close", Map.of());
        ApiClient.Response closed = reclassify(ref, Map.of("kind", "COMPLAINT", "reason", "Wrong kind"));
        assertThat(closed.status()).isEqualTo(409);
        assertThat(closed.json().get("allowedActions").toString())
                .contains("reopen")
                .doesNotContain("reclassify");
        assertThat(lead.get("/api/cases/" + ref).json().get("kind").asString()).isEqualTo("QUESTION");
    }
}
