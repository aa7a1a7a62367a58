package org.hearken.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hearken.support.CaseBuilder.API;
import static org.hearken.support.CaseBuilder.EMAIL;
import static org.hearken.support.CaseBuilder.PHONE;
import static org.hearken.support.CaseBuilder.aComplaint;
import static org.hearken.support.CaseBuilder.aQuestion;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hearken.identity.Role;
import org.hearken.support.ApiClient;
import org.hearken.support.CaseBuilder;
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
        return aComplaint()
                .by(PHONE)
                .receivedAt(receivedAt)
                .subject("Technician did not turn up")
                .description("Booked a site visit for Tuesday; nobody came and nobody called.")
                .from("Pat Customer")
                .phone("07 5550 1000")
                .email("pat@example.net")
                .inDepartment(department)
                .openedBy(by);
    }

    private static JsonNode ok(ApiClient.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    /**
     * A phone complaint on its way through the SAFETRAC stages, opened by an executive of no department on Monday 30
     * November 2026, 10:00 in Brisbane (+10:00, no daylight saving); each step sets the clock to its own day, so a
     * test takes the case as far as its rule needs.
     */
    private final class Journey {
        final Dept service = department();
        final Dept field = department();
        final String fieldAgent = field.staff(Role.AGENT);
        final String chief = staffWithoutDepartment(Role.EXECUTIVE);
        final String director = staffWithoutDepartment(Role.EXECUTIVE);
        final ApiClient frontDesk = service.as(service.lead);
        final ApiClient receiver = field.as(fieldAgent);
        final String ref;

        Journey() {
            clock.set(Instant.parse("2026-11-30T00:00:00Z"));
            ref = phoneComplaint(as(chief), service.code, "2026-11-30T09:30:00+10:00");
        }

        /** Verbal acknowledgement during the call. */
        JsonNode acknowledgeVerbally() {
            return ok(
                    frontDesk.post("/api/cases/" + ref + "/acknowledge", Map.of("via", "VERBAL"), "If-Match", "\"0\""));
        }

        /** Referral to the field department with a handover note. */
        JsonNode refer() {
            return ok(frontDesk.post(
                    "/api/cases/" + ref + "/refer",
                    Map.of(
                            "department",
                            field.code,
                            "owner",
                            fieldAgent,
                            "note",
                            "Customer waited in all Tuesday; please call before 3 pm.")));
        }

        JsonNode acceptReferral() {
            return ok(receiver.post("/api/cases/" + ref + "/accept-referral", Map.of()));
        }

        /** On 3 December, an extension to Friday 11 December with reason and customer notice. */
        JsonNode extend() {
            clock.set(Instant.parse("2026-12-03T00:00:00Z"));
            return ok(receiver.post(
                    "/api/cases/" + ref + "/extend",
                    Map.of(
                            "newDueDate",
                            "2026-12-11",
                            "reason",
                            "we are waiting for the contractor's job records",
                            "noticeChannel",
                            "EMAIL")));
        }

        /** On 9 December (after the original date, within the extension), the substantive response with a refund. */
        JsonNode respond() {
            clock.set(Instant.parse("2026-12-09T00:00:00Z"));
            return ok(receiver.post(
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
        }

        JsonNode close() {
            return ok(receiver.post("/api/cases/" + ref + "/close", Map.of()));
        }

        /** Answered and closed, through every step before. */
        void respondedAndClosed() {
            acknowledgeVerbally();
            refer();
            acceptReferral();
            extend();
            respond();
            close();
        }

        /** On 10 December the customer is not satisfied: an internal review, asked of {@code reviewer} by {@code by}. */
        ApiClient.Response requestReview(ApiClient by, String reviewer) {
            clock.set(Instant.parse("2026-12-10T00:00:00Z"));
            return by.post(
                    "/api/cases/" + ref + "/request-review",
                    Map.of("reason", "Customer says the refund does not cover the day off work", "reviewer", reviewer));
        }

        ApiClient.Response decideReview(String by) {
            return as(by).post("/api/cases/" + ref + "/decide-review", DECISION);
        }

        JsonNode closeAfterReview() {
            return ok(as(director).post("/api/cases/" + ref + "/close", Map.of()));
        }
    }

    private static final Map<String, Object> DECISION = Map.of(
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

    @Test
    void aPhoneComplaintIsDueForAcknowledgementTheSameDayAndForAResponseWithinFiveWorkdays() {
        Journey journey = new Journey();

        JsonNode c = ok(journey.frontDesk.get("/api/cases/" + journey.ref));

        assertThat(c.get("suggestedReplyVia").asString()).isEqualTo("VERBAL");
        assertThat(c.get("stages").get("acknowledge").get("dueBy").asString()).isEqualTo("2026-11-30T17:00:00+10:00");
        assertThat(c.get("respondBy").asString()).isEqualTo("2026-12-07T17:00:00+10:00");
    }

    @Test
    void theVerbalAcknowledgementNamesTheOwnerAndTheDateAndMeetsTheAcknowledgeTarget() {
        Journey journey = new Journey();
        String ref = journey.ref;

        String text = ok(journey.frontDesk.get("/api/cases/" + ref + "/acknowledgement-text"))
                .get("text")
                .asString();
        assertThat(text)
                .contains(ref)
                .contains("Staff " + journey.service.lead)
                .contains("5:00 pm on Monday 7 December 2026");
        JsonNode c = journey.acknowledgeVerbally();
        assertThat(c.get("status").asString()).isEqualTo("ACKNOWLEDGED");
        assertThat(c.get("stages").get("acknowledge").get("state").asString()).isEqualTo("MET");
    }

    @Test
    void theReferringOwnerStaysAccountableUntilTheReceiverAcceptsAndReferralDoesNotResetDueDates() {
        Journey journey = new Journey();
        String ref = journey.ref;
        journey.acknowledgeVerbally();

        JsonNode c = journey.refer();
        assertThat(c.get("owner").get("id").asString()).isEqualTo(journey.service.lead);
        assertThat(c.get("referral").get("to").get("id").asString()).isEqualTo(journey.fieldAgent);
        JsonNode seenByReceiver = ok(journey.receiver.get("/api/cases/" + ref));
        assertThat(seenByReceiver.get("description").asString()).contains("nobody came");
        assertThat(ok(journey.receiver.get("/api/cases/" + ref + "/events"))).hasSizeGreaterThanOrEqualTo(3);
        c = journey.acceptReferral();
        assertThat(c.get("owner").get("id").asString()).isEqualTo(journey.fieldAgent);
        assertThat(c.get("department").get("id").asString()).isEqualTo(journey.field.code);
        assertThat(c.has("referral")).isFalse();
        assertThat(c.get("respondBy").asString())
                .as("referral does not reset due dates")
                .isEqualTo("2026-12-07T17:00:00+10:00");
    }

    @Test
    void anExtensionMovesTheResponseDateKeepsTheOriginalAndTellsTheCustomerTheNewDate() {
        Journey journey = new Journey();
        journey.acknowledgeVerbally();
        journey.refer();
        journey.acceptReferral();

        JsonNode c = journey.extend();

        assertThat(c.get("respondBy").asString()).isEqualTo("2026-12-11T17:00:00+10:00");
        assertThat(c.get("stages").get("respond").get("originalDueBy").asString())
                .isEqualTo("2026-12-07T17:00:00+10:00");
        assertThat(c.get("stages").get("respond").get("extended").asBoolean()).isTrue();
        assertThat(c.get("extensions").get(0).get("noticeText").asString()).contains("Friday 11 December 2026");
    }

    @Test
    void aResponseAfterTheOriginalDateWithinTheExtensionMeetsItAfterExtensionWithItsRemedy() {
        Journey journey = new Journey();
        journey.acknowledgeVerbally();
        journey.refer();
        journey.acceptReferral();
        journey.extend();

        JsonNode c = journey.respond();
        assertThat(c.get("status").asString()).isEqualTo("RESPONDED");
        assertThat(c.get("outcome").asString()).isEqualTo("PARTLY_UPHELD");
        assertThat(c.get("stages").get("respond").get("state").asString()).isEqualTo("MET_AFTER_EXTENSION");
        assertThat(c.get("remedies").get(0).get("type").asString()).isEqualTo("REFUND");
        assertThat(c.get("remedies").get(0).get("value").decimalValue()).isEqualByComparingTo("89.00");
        c = journey.close();
        assertThat(c.get("status").asString()).isEqualTo("CLOSED");
    }

    @Test
    void anInternalReviewIsNeitherAskedOfNorDecidedByWhoHandledTheCase() {
        Journey journey = new Journey();
        journey.respondedAndClosed();

        ApiClient.Response byHandler = journey.requestReview(as(journey.chief), journey.chief);
        assertThat(byHandler.status()).isEqualTo(400);
        assertThat(byHandler.json().get("errors").get(0).get("message").asString())
                .contains("handled this case");
        JsonNode c = ok(journey.requestReview(journey.receiver, journey.director));
        assertThat(c.get("status").asString()).isEqualTo("UNDER_REVIEW");
        assertThat(c.get("review").get("reviewer").get("id").asString()).isEqualTo(journey.director);
        assertThat(c.get("stages").get("review").get("dueBy").asString()).isNotBlank();

        ApiClient.Response reviewByHandler = journey.decideReview(journey.chief);
        assertThat(reviewByHandler.status()).isEqualTo(403);
        c = ok(journey.decideReview(journey.director));
        assertThat(c.get("review").get("decision").asString()).isEqualTo("CHANGED");
        assertThat(c.get("outcome").asString()).isEqualTo("UPHELD");
        assertThat(c.get("stages").get("review").get("state").asString()).isEqualTo("MET");
    }

    @Test
    void closingAfterTheReviewKeepsTheEarlierStagesMet() {
        Journey journey = new Journey();
        journey.respondedAndClosed();
        ok(journey.requestReview(journey.receiver, journey.director));
        ok(journey.decideReview(journey.director));

        JsonNode c = journey.closeAfterReview();

        assertThat(c.get("status").asString()).isEqualTo("CLOSED");
        assertThat(c.get("stages").get("acknowledge").get("state").asString()).isEqualTo("MET");
        assertThat(c.get("stages").get("respond").get("state").asString()).isEqualTo("MET_AFTER_EXTENSION");
    }

    @Test
    void theRegisterListsEveryStepOfTheJourneyWithWhoAndWhenAndTheChainVerifies() {
        Journey journey = new Journey();
        journey.respondedAndClosed();
        journey.requestReview(as(journey.chief), journey.chief);
        ok(journey.requestReview(journey.receiver, journey.director));
        journey.decideReview(journey.chief);
        ok(journey.decideReview(journey.director));
        journey.closeAfterReview();

        List<String> steps = new ArrayList<>();
        for (JsonNode e : ok(journey.receiver.get("/api/cases/" + journey.ref + "/events"))) {
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
                        // The response and the review's outcome were given by e-mail: the register keeps what was sent.
                        "SentToCustomer",
                        "RemedyOffered",
                        "Closed",
                        "ReviewRequested",
                        "ReviewDecided",
                        "SentToCustomer",
                        "Closed");
        clock.reset();
        assertThat(ok(journey.receiver.get("/api/register/verify"))
                        .get("intact")
                        .asBoolean())
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
        CaseBuilder question = aQuestion()
                .by(PHONE)
                .subject("Invoice due date")
                .description("When is my invoice due?")
                .from("Quick Caller")
                .phone("07 5550 2000")
                .inDepartment(dept)
                .resolvedAtFirstContact("Explained the invoice is due on the 28th.", "RESOLVED");

        ApiClient.Response r = question.postedBy(dept.as(dept.lead));

        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode c = r.json();
        assertThat(c.get("status").asString()).isEqualTo("CLOSED");
        assertThat(c.get("firstContactResolution").asBoolean()).isTrue();
        assertThat(c.get("acknowledgement").get("via").asString()).isEqualTo("VERBAL");
        assertThat(c.get("stages").get("respond").get("state").asString()).isEqualTo("MET");

        question.by(EMAIL).customer(Map.of("name", "Quick Caller", "email", "q@example.net"));
        assertThat(question.postedBy(dept.as(dept.lead)).status()).isEqualTo(400);
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
        CaseBuilder complaint = aComplaint()
                .by(PHONE)
                .subject("Noise")
                .description("Loud works at night")
                .from("Night Owl")
                .phone("07 5550 3000")
                .inDepartment(dept)
                .acknowledgedVerbally();

        ApiClient.Response r = complaint.postedBy(lead);

        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("status").asString()).isEqualTo("ACKNOWLEDGED");
        assertThat(r.json().get("acknowledgement").get("via").asString()).isEqualTo("VERBAL");
        JsonNode events = ok(lead.get("/api/cases/" + r.json().get("reference").asString() + "/events"));
        assertThat(events.get(1).get("type").asString()).isEqualTo("Acknowledged");
        assertThat(events.get(1).get("payload").get("text").asString())
                .contains("Staff " + dept.lead)
                .contains("expect a response by");

        complaint.by(API);
        assertThat(complaint.postedBy(lead).status()).isEqualTo(400);
    }
}
