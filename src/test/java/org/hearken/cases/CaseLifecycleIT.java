package org.hearken.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hearken.identity.Role;
import org.hearken.support.ApiClient;
import org.hearken.support.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The complaint journey of the SAFETRAC plan, which has an internal review stage, end to end through the API. */
class CaseLifecycleIT extends IntegrationTest {

    ApiClient admin;

    @BeforeEach
    void safetracPolicy() throws Exception {
        admin = as(staffWithoutDepartment(Role.ADMIN));
        org.hearken.policy.PolicyTestSupport.ensureActive(admin, "safetrac");
    }

    @AfterEach
    void metartPolicy() throws Exception {
        org.hearken.policy.PolicyTestSupport.ensureActive(admin, "metart");
    }

    private String phoneComplaint(ApiClient by, String department, String receivedAt) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", "COMPLAINT");
        body.put("channel", "PHONE");
        body.put("receivedAt", receivedAt);
        body.put("subject", "Technician did not turn up");
        body.put("description", "Booked a site visit for Tuesday; nobody came and nobody called.");
        body.put("customer", Map.of("name", "Pat Customer", "phone", "07 5550 1000", "email", "pat@example.net"));
        body.put("department", department);
        ApiClient.Response r = by.post("/api/cases", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("reference").asString();
    }

    private static JsonNode ok(ApiClient.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    @Test
    void complaintGoesFromIntakeThroughReferralExtensionResponseAndInternalReview() {
        Dept service = department();
        Dept field = department();
        String fieldAgent = field.staff(Role.AGENT);
        String chief = staffWithoutDepartment(Role.EXECUTIVE);
        String director = staffWithoutDepartment(Role.EXECUTIVE);
        ApiClient frontDesk = service.as(service.lead);
        // Monday 30 November 2026, 10:00 in Brisbane (+10:00, no daylight saving).
        clock.set(Instant.parse("2026-11-30T00:00:00Z"));

        String ref = phoneComplaint(as(chief), service.code, "2026-11-30T09:30:00+10:00");
        JsonNode c = ok(frontDesk.get("/api/cases/" + ref));
        assertThat(c.get("suggestedReplyVia").asString()).isEqualTo("VERBAL");
        assertThat(c.get("stages").get("acknowledge").get("dueBy").asString()).isEqualTo("2026-11-30T17:00:00+10:00");
        assertThat(c.get("respondBy").asString()).isEqualTo("2026-12-07T17:00:00+10:00");

        // Verbal acknowledgement during the call: the words name the owner and the date.
        String text = ok(frontDesk.get("/api/cases/" + ref + "/acknowledgement-text"))
                .get("text")
                .asString();
        assertThat(text).contains(ref).contains("Staff " + service.lead).contains("5:00 pm on Monday 7 December 2026");
        c = ok(frontDesk.post("/api/cases/" + ref + "/acknowledge", Map.of("via", "VERBAL"), "If-Match", "\"0\""));
        assertThat(c.get("status").asString()).isEqualTo("ACKNOWLEDGED");
        assertThat(c.get("stages").get("acknowledge").get("state").asString()).isEqualTo("MET");

        // Referral with a handover note; the original owner stays accountable until the receiver accepts.
        c = ok(frontDesk.post(
                "/api/cases/" + ref + "/refer",
                Map.of(
                        "department",
                        field.code,
                        "owner",
                        fieldAgent,
                        "note",
                        "Customer waited in all Tuesday; please call before 3 pm.")));
        assertThat(c.get("owner").get("id").asString()).isEqualTo(service.lead);
        assertThat(c.get("referral").get("to").get("id").asString()).isEqualTo(fieldAgent);
        ApiClient receiver = field.as(fieldAgent);
        JsonNode seenByReceiver = ok(receiver.get("/api/cases/" + ref));
        assertThat(seenByReceiver.get("description").asString()).contains("nobody came");
        assertThat(ok(receiver.get("/api/cases/" + ref + "/events"))).hasSizeGreaterThanOrEqualTo(3);
        c = ok(receiver.post("/api/cases/" + ref + "/accept-referral", Map.of()));
        assertThat(c.get("owner").get("id").asString()).isEqualTo(fieldAgent);
        assertThat(c.get("department").get("id").asString()).isEqualTo(field.code);
        assertThat(c.has("referral")).isFalse();
        assertThat(c.get("respondBy").asString())
                .as("referral does not reset due dates")
                .isEqualTo("2026-12-07T17:00:00+10:00");

        // Extension with reason and customer notice; the original due date is kept.
        clock.set(Instant.parse("2026-12-03T00:00:00Z"));
        c = ok(receiver.post(
                "/api/cases/" + ref + "/extend",
                Map.of(
                        "newDueDate",
                        "2026-12-11",
                        "reason",
                        "we are waiting for the contractor's job records",
                        "noticeChannel",
                        "EMAIL")));
        assertThat(c.get("respondBy").asString()).isEqualTo("2026-12-11T17:00:00+10:00");
        assertThat(c.get("stages").get("respond").get("originalDueBy").asString())
                .isEqualTo("2026-12-07T17:00:00+10:00");
        assertThat(c.get("stages").get("respond").get("extended").asBoolean()).isTrue();
        assertThat(c.get("extensions").get(0).get("noticeText").asString()).contains("Friday 11 December 2026");

        // Substantive response after the original date, within the extension, with a refund.
        clock.set(Instant.parse("2026-12-09T00:00:00Z"));
        c = ok(receiver.post(
                "/api/cases/" + ref + "/respond",
                Map.of(
                        "channel",
                        "EMAIL",
                        "analysis",
                        "The visit was booked but the contractor's schedule was not updated.",
                        "resolution",
                        "We have re-booked the visit for Thursday and refunded the call-out fee.",
                        "outcome",
                        "PARTLY_UPHELD",
                        "remedies",
                        List.of(Map.of("type", "REFUND", "value", "89.00", "description", "call-out fee")))));
        assertThat(c.get("status").asString()).isEqualTo("RESPONDED");
        assertThat(c.get("outcome").asString()).isEqualTo("PARTLY_UPHELD");
        assertThat(c.get("stages").get("respond").get("state").asString()).isEqualTo("MET_AFTER_EXTENSION");
        assertThat(c.get("remedies").get(0).get("type").asString()).isEqualTo("REFUND");
        assertThat(c.get("remedies").get(0).get("value").decimalValue()).isEqualByComparingTo("89.00");
        c = ok(receiver.post("/api/cases/" + ref + "/close", Map.of()));
        assertThat(c.get("status").asString()).isEqualTo("CLOSED");

        // The customer is not satisfied: internal review by an executive who did not handle the case.
        clock.set(Instant.parse("2026-12-10T00:00:00Z"));
        ApiClient.Response byHandler = as(chief)
                .post(
                        "/api/cases/" + ref + "/request-review",
                        Map.of(
                                "reason",
                                "Customer says the refund does not cover the day off work",
                                "reviewer",
                                chief));
        assertThat(byHandler.status()).isEqualTo(400);
        assertThat(byHandler.json().get("errors").get(0).get("message").asString())
                .contains("handled this case");
        c = ok(receiver.post(
                "/api/cases/" + ref + "/request-review",
                Map.of("reason", "Customer says the refund does not cover the day off work", "reviewer", director)));
        assertThat(c.get("status").asString()).isEqualTo("UNDER_REVIEW");
        assertThat(c.get("review").get("reviewer").get("id").asString()).isEqualTo(director);
        assertThat(c.get("stages").get("review").get("dueBy").asString()).isNotBlank();

        Map<String, Object> decision = Map.of(
                "decision",
                "CHANGED",
                "channel",
                "LETTER",
                "outcome",
                "UPHELD",
                "analysis",
                "The customer lost a day's work because of our error.",
                "response",
                "We uphold your complaint in full and will also pay for the lost day.");
        ApiClient.Response reviewByHandler = as(chief).post("/api/cases/" + ref + "/decide-review", decision);
        assertThat(reviewByHandler.status()).isEqualTo(403);
        c = ok(as(director).post("/api/cases/" + ref + "/decide-review", decision));
        assertThat(c.get("review").get("decision").asString()).isEqualTo("CHANGED");
        assertThat(c.get("outcome").asString()).isEqualTo("UPHELD");
        assertThat(c.get("stages").get("review").get("state").asString()).isEqualTo("MET");
        c = ok(as(director).post("/api/cases/" + ref + "/close", Map.of()));
        assertThat(c.get("status").asString()).isEqualTo("CLOSED");
        assertThat(c.get("stages").get("acknowledge").get("state").asString()).isEqualTo("MET");
        assertThat(c.get("stages").get("respond").get("state").asString()).isEqualTo("MET_AFTER_EXTENSION");

        // The register lists every step with who and when, and the chain verifies.
        List<String> steps = new ArrayList<>();
        for (JsonNode e : ok(receiver.get("/api/cases/" + ref + "/events"))) {
            assertThat(e.get("actor").asString()).isNotBlank();
            assertThat(e.get("occurredAt").asString()).isNotBlank();
            steps.add(e.get("type").asString());
        }
        assertThat(steps)
                .containsExactly(
                        "CaseOpened",
                        "Acknowledged",
                        "Referred",
                        "ReferralAccepted",
                        "DueDateExtended",
                        "Responded",
                        "RemedyOffered",
                        "Closed",
                        "ReviewRequested",
                        "ReviewDecided",
                        "Closed");
        clock.reset();
        assertThat(ok(receiver.get("/api/register/verify")).get("intact").asBoolean())
                .isTrue();
    }

    @Test
    void concurrentActionsOnOneVersionCannotBothSucceed() throws Exception {
        Dept dept = department();
        ApiClient lead = dept.as(dept.lead);
        String ref = phoneComplaint(
                lead, dept.code, Instant.now(clock).minusSeconds(60).toString());
        List<Callable<ApiClient.Response>> calls = List.of(
                () -> lead.post("/api/cases/" + ref + "/acknowledge", Map.of("via", "VERBAL"), "If-Match", "\"0\""),
                () -> lead.post(
                        "/api/cases/" + ref + "/refer",
                        Map.of("department", department().code, "note", "yours"),
                        "If-Match",
                        "\"0\""));
        List<Integer> statuses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            for (Future<ApiClient.Response> f : pool.invokeAll(calls)) {
                statuses.add(f.get().status());
            }
        }
        assertThat(statuses).containsOnlyOnce(200);
        assertThat(statuses).containsAnyOf(409, 412);

        // A stale If-Match is refused without changing anything.
        ApiClient.Response stale = lead.post("/api/cases/" + ref + "/close", Map.of(), "If-Match", "\"0\"");
        assertThat(stale.status()).isEqualTo(412);
        assertThat(ok(lead.get("/api/cases/" + ref)).get("version").asInt()).isEqualTo(1);
    }

    @Test
    void refusalsAreClearProblemsAndChangeNothing() {
        Dept dept = department();
        ApiClient lead = dept.as(dept.lead);
        String ref = phoneComplaint(
                lead, dept.code, Instant.now(clock).minusSeconds(60).toString());

        ApiClient.Response closeEarly = lead.post("/api/cases/" + ref + "/close", Map.of());
        assertThat(closeEarly.status()).isEqualTo(409);
        assertThat(closeEarly.json().get("detail").asString()).contains("'close' is not allowed");
        List<String> allowed = new ArrayList<>();
        closeEarly.json().get("allowedActions").forEach(a -> allowed.add(a.asString()));
        assertThat(allowed)
                .contains("acknowledge", "respond", "refer", "extend")
                .doesNotContain("close");

        ApiClient.Response refusal = lead.post(
                "/api/cases/" + ref + "/respond",
                Map.of("channel", "EMAIL", "resolution", "We cannot do this.", "outcome", "CANNOT_ACCOMMODATE"));
        assertThat(refusal.status()).isEqualTo(400);
        assertThat(refusal.json().get("errors").get(0).get("field").asString()).isEqualTo("reasons");

        ApiClient.Response noNote = lead.post("/api/cases/" + ref + "/refer", Map.of("department", department().code));
        assertThat(noNote.status()).isEqualTo(400);
        assertThat(noNote.json().get("errors").get(0).get("field").asString()).isEqualTo("note");

        ApiClient.Response noNotice =
                lead.post("/api/cases/" + ref + "/extend", Map.of("newDueDate", "2030-01-15", "reason", "busy"));
        assertThat(noNotice.status()).isEqualTo(400);

        JsonNode unchanged = ok(lead.get("/api/cases/" + ref));
        assertThat(unchanged.get("version").asInt()).isZero();
        assertThat(unchanged.get("status").asString()).isEqualTo("RECEIVED");
        assertThat(ok(lead.get("/api/cases/" + ref + "/events"))).hasSize(1);
    }

    @Test
    void phoneCaseResolvedAtFirstContactIsClosedTheSameDay() {
        Dept dept = department();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", "QUESTION");
        body.put("channel", "PHONE");
        body.put("subject", "Invoice due date");
        body.put("description", "When is my invoice due?");
        body.put("customer", Map.of("name", "Quick Caller", "phone", "07 5550 2000"));
        body.put("department", dept.code);
        body.put(
                "resolvedAtFirstContact",
                Map.of("resolution", "Explained the invoice is due on the 28th.", "outcome", "RESOLVED"));

        ApiClient.Response r = dept.as(dept.lead).post("/api/cases", body);

        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode c = r.json();
        assertThat(c.get("status").asString()).isEqualTo("CLOSED");
        assertThat(c.get("firstContactResolution").asBoolean()).isTrue();
        assertThat(c.get("acknowledgement").get("via").asString()).isEqualTo("VERBAL");
        assertThat(c.get("stages").get("respond").get("state").asString()).isEqualTo("MET");

        body.put("channel", "EMAIL");
        body.put("customer", Map.of("name", "Quick Caller", "email", "q@example.net"));
        assertThat(dept.as(dept.lead).post("/api/cases", body).status()).isEqualTo(400);
    }

    @Test
    void reopeningGivesANewResponseTarget() {
        Dept dept = department();
        ApiClient lead = dept.as(dept.lead);
        clock.set(Instant.parse("2026-11-30T00:00:00Z"));
        String ref = phoneComplaint(lead, dept.code, "2026-11-30T09:00:00+10:00");
        ok(lead.post(
                "/api/cases/" + ref + "/respond",
                Map.of("channel", "PHONE_CALL", "resolution", "Fixed.", "outcome", "RESOLVED")));
        ok(lead.post("/api/cases/" + ref + "/close", Map.of()));

        clock.set(Instant.parse("2026-12-14T00:00:00Z"));
        JsonNode c = ok(lead.post("/api/cases/" + ref + "/reopen", Map.of("reason", "The fault came back")));

        assertThat(c.get("status").asString()).isEqualTo("ACKNOWLEDGED");
        assertThat(c.get("reopenCount").asInt()).isEqualTo(1);
        assertThat(c.get("respondBy").asString()).isEqualTo("2026-12-21T17:00:00+10:00");
        assertThat(c.get("stages").get("respond").get("state").asString()).isEqualTo("ON_TRACK");
    }

    @Test
    void underSafetracAnInterimResponseMeetsTheRespondTargetAndTheCaseStaysOpen() {
        Dept dept = department();
        ApiClient lead = dept.as(dept.lead);
        clock.set(Instant.parse("2026-11-30T00:00:00Z"));
        String ref = phoneComplaint(lead, dept.code, "2026-11-30T09:00:00+10:00");
        clock.set(Instant.parse("2026-12-02T00:00:00Z"));

        JsonNode c = ok(lead.post(
                "/api/cases/" + ref + "/interim-response",
                Map.of(
                        "channel",
                        "EMAIL",
                        "message",
                        "We are still investigating and will have an answer by the 14th.",
                        "expectedBy",
                        "2026-12-14")));

        assertThat(c.get("status").asString()).isEqualTo("ACKNOWLEDGED");
        assertThat(c.get("stages").get("respond").get("state").asString()).isEqualTo("MET");
        assertThat(c.get("responses").get(0).get("kind").asString()).isEqualTo("INTERIM");
        assertThat(c.get("allowedActions").toString()).contains("respond");

        ApiClient.Response weekend = lead.post(
                "/api/cases/" + ref + "/interim-response",
                Map.of("channel", "EMAIL", "message", "Another update", "expectedBy", "2026-12-19"));
        assertThat(weekend.status()).isEqualTo(400);
        assertThat(weekend.json().get("errors").get(0).get("message").asString())
                .contains("2026-12-21");
    }

    @Test
    void aPhoneCaseCanBeAcknowledgedVerballyAtIntakeWithTheScriptKeptInTheRegister() {
        Dept dept = department();
        ApiClient lead = dept.as(dept.lead);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", "COMPLAINT");
        body.put("channel", "PHONE");
        body.put("subject", "Noise");
        body.put("description", "Loud works at night");
        body.put("customer", Map.of("name", "Night Owl", "phone", "07 5550 3000"));
        body.put("department", dept.code);
        body.put("acknowledgedVerbally", true);

        ApiClient.Response r = lead.post("/api/cases", body);

        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("status").asString()).isEqualTo("ACKNOWLEDGED");
        assertThat(r.json().get("acknowledgement").get("via").asString()).isEqualTo("VERBAL");
        JsonNode events = ok(lead.get("/api/cases/" + r.json().get("reference").asString() + "/events"));
        assertThat(events.get(1).get("type").asString()).isEqualTo("Acknowledged");
        assertThat(events.get(1).get("payload").get("text").asString())
                .contains("Staff " + dept.lead)
                .contains("expect a response by");

        body.put("channel", "API");
        assertThat(lead.post("/api/cases", body).status()).isEqualTo(400);
    }
}
