package org.hearken.surveys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hearken.support.CaseBuilder.aComplaint;

import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hearken.identity.Role;
import org.hearken.platform.Digests;
import org.hearken.support.ApiClient;
import org.hearken.support.CaseBuilder;
import org.hearken.support.FormSession;
import org.hearken.support.IntegrationTest;
import org.hearken.support.TestMail;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Satisfaction surveys end to end: closure, delayed invitation by e-mail, the public page, one answer, the results. */
class SurveysIT extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern LINK = Pattern.compile("https?://[^\\s]+/public/survey/([A-Za-z0-9_-]{43})");
    /** Tuesday 1 December 2026, 11:00 in Sydney. */
    private static final Instant TUESDAY = Instant.parse("2026-12-01T00:00:00Z");

    @Autowired
    SurveySweep sweep;

    @Autowired
    Surveys surveys;

    private static String address() {
        return "s" + unique().toLowerCase() + "@example.net";
    }

    private static JsonNode ok(ApiClient.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private String openCase(ApiClient by, String department, String channel, String email) {
        CaseBuilder complaint = aComplaint()
                .by(channel)
                .subject("Bin not collected")
                .description("The green bin was missed two weeks running.")
                .from("Sam Survey")
                .inDepartment(department);
        if (email != null) {
            complaint.email(email);
        } else {
            complaint.phone("02 5550 9999");
        }
        return complaint.openedBy(by);
    }

    /** Answers (which acknowledges it too, if need be) and closes the case. */
    private void respondAndClose(ApiClient by, String ref) {
        ok(by.post(
                "/api/cases/" + ref + "/respond",
                Map.of("channel", "PHONE_CALL", "resolution", "The bin was emptied today.", "outcome", "RESOLVED")));
        ok(by.post("/api/cases/" + ref + "/close", Map.of()));
    }

    private long caseId(String ref) {
        return jdbc.sql("select id from cases where reference = ?")
                .param(ref)
                .query(Long.class)
                .single();
    }

    private List<Map<String, Object>> invitations(String ref) {
        return jdbc.sql("select i.* from survey_invitation i join cases c on c.id = i.case_id where c.reference = ?")
                .param(ref)
                .query()
                .listOfRows();
    }

    private String invitationStatus(String ref) {
        List<Map<String, Object>> rows = invitations(ref);
        assertThat(rows).hasSize(1);
        return (String) rows.getFirst().get("status");
    }

    private long surveyMessages(String ref) {
        return jdbc.sql("select count(*) from correspondence_message where case_id = ? and kind = 'SURVEY_INVITATION'")
                .param(caseId(ref))
                .query(Long.class)
                .single();
    }

    private List<String> registerTypes(ApiClient client, String ref) {
        List<String> types = new ArrayList<>();
        ok(client.get("/api/cases/" + ref + "/events"))
                .forEach(e -> types.add(e.get("type").asString()));
        return types;
    }

    private static List<MimeMessage> surveyMails(String email) throws Exception {
        List<MimeMessage> found = new ArrayList<>();
        for (MimeMessage m : TestMail.receivedBy(email)) {
            if (m.getSubject().startsWith("How did we do?")) {
                found.add(m);
            }
        }
        return found;
    }

    private static String tokenIn(MimeMessage mail) {
        Matcher m = LINK.matcher(TestMail.text(mail));
        assertThat(m.find()).as("the e-mail carries the survey link").isTrue();
        return m.group(1);
    }

    /** A case of a new department, logged on Tuesday and answered and closed three hours later. */
    private record ClosedCase(Dept dept, ApiClient lead, String email, String ref) {}

    private ClosedCase closedOnTuesday() {
        Dept dept = department();
        ApiClient lead = dept.as(dept.lead);
        String email = address();
        clock.set(TUESDAY);
        String ref = openCase(lead, dept.code, "API", email);
        clock.set(TUESDAY.plus(Duration.ofHours(3)));
        respondAndClose(lead, ref);
        return new ClosedCase(dept, lead, email, ref);
    }

    @Test
    void staffNeverSeeTheSurveyLinkWhileTheInvitationWaitsToBeSent() throws Exception {
        ClosedCase closed = closedOnTuesday();
        Dept dept = closed.dept();
        ApiClient lead = closed.lead();
        String ref = closed.ref();
        FormSession page = new FormSession(port);
        assertThat(page.signIn(dept.lead, PASSWORD)).isTrue();

        TestMail.stop();
        try {
            clock.set(TUESDAY.plus(Duration.ofHours(28)));
            sweep.sweep();
            assertThat(invitationStatus(ref)).isEqualTo("SENT");
            await().atMost(WAIT)
                    .until(() -> jdbc.sql("""
                            select attempts from correspondence_message where case_id = ? and kind = 'SURVEY_INVITATION'""")
                                    .param(caseId(ref))
                                    .query(Integer.class)
                                    .single()
                            > 0);
            String stored = jdbc.sql(
                            "select body from correspondence_message where case_id = ? and kind = 'SURVEY_INVITATION'")
                    .param(caseId(ref))
                    .query(String.class)
                    .single();
            Matcher live = LINK.matcher(stored);
            assertThat(live.find())
                    .as("waiting to be sent, the outbox holds the live link")
                    .isTrue();
            String token = live.group(1);

            // The case page shows the e-mail waiting to be sent, and the message API answers with it: neither holds the
            // link.
            String casePage = page.get("/cases/" + ref).body();
            assertThat(casePage)
                    .contains("How did we do?")
                    .doesNotContain(token)
                    .contains("[survey link — sent only to the customer]");
            String messages = ok(lead.get("/api/cases/" + ref + "/messages")).toString();
            assertThat(messages)
                    .contains("SURVEY_INVITATION")
                    .doesNotContain(token)
                    .contains("[survey link — sent only to the customer]");
            // The link works for the customer, who alone has it.
            assertThat(new FormSession(port).get("/public/survey/" + token).status())
                    .isEqualTo(200);
        } finally {
            TestMail.start();
        }
    }

    /** Closed three hours after it was logged on Tuesday. */
    private static final Instant CLOSED_AT = TUESDAY.plus(Duration.ofHours(3));

    /** The delay passed and the invitation swept out: the token from the e-mail the customer got. */
    private String invitedAfterTheDelay(ClosedCase closed) throws Exception {
        clock.set(CLOSED_AT.plus(Duration.ofHours(24)).plusSeconds(1));
        sweep.sweep();
        sweep.sweep();
        await().atMost(WAIT).until(() -> surveyMails(closed.email()).size() == 1);
        return tokenIn(surveyMails(closed.email()).getFirst());
    }

    /** The customer opens the survey page and answers 4 with a comment. */
    private FormSession answeredFour(String token) {
        FormSession customer = new FormSession(port);
        customer.get("/public/survey/" + token);
        FormSession.Page answered = customer.post(
                "/public/survey/" + token, Map.of("rating", "4", "comment", "Sorted quickly, thank you."));
        assertThat(answered.status()).isEqualTo(200);
        return customer;
    }

    @Test
    void theInvitationIsScheduledAtClosureAndNotSentBeforeTheDelay() {
        ClosedCase closed = closedOnTuesday();
        String ref = closed.ref();
        Instant closedAt = CLOSED_AT;

        // Scheduled at closure, due after the configured delay (24 hours by default), not before.
        Map<String, Object> invitation = invitations(ref).getFirst();
        assertThat(invitation.get("status")).isEqualTo("SCHEDULED");
        assertThat(((java.sql.Timestamp) invitation.get("due_at")).toInstant())
                .isEqualTo(closedAt.plus(Duration.ofHours(24)));
        clock.set(closedAt.plus(Duration.ofHours(23)));
        sweep.sweep();
        assertThat(invitationStatus(ref)).isEqualTo("SCHEDULED");
        assertThat(surveyMessages(ref)).isZero();
    }

    @Test
    void afterTheDelayOneInvitationIsSentWhoseLinkOnlyTheCustomerHasAndOnlyItsHashIsKept() throws Exception {
        ClosedCase closed = closedOnTuesday();
        ApiClient lead = closed.lead();
        String email = closed.email();
        String ref = closed.ref();
        Instant closedAt = CLOSED_AT;

        clock.set(closedAt.plus(Duration.ofHours(24)).plusSeconds(1));
        sweep.sweep();
        sweep.sweep();
        assertThat(invitationStatus(ref)).isEqualTo("SENT");
        assertThat(surveyMessages(ref)).isEqualTo(1);
        Map<String, Object> sent = invitations(ref).getFirst();
        assertThat(sent.get("to_address")).isEqualTo(email);
        assertThat((byte[]) sent.get("token_hash")).hasSize(32);

        await().atMost(WAIT).until(() -> surveyMails(email).size() == 1);
        MimeMessage mail = surveyMails(email).getFirst();
        assertThat(mail.getSubject()).isEqualTo("How did we do? (" + ref + ")");
        assertThat(mail.getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");
        assertThat(TestMail.text(mail))
                .startsWith("Dear Sam Survey,")
                .contains(ref)
                .containsPattern("The survey is open until \\d{1,2}:\\d{2} [ap]m on \\w+day \\d{1,2} \\w+ \\d{4}\\.");
        String token = tokenIn(mail);
        // Only the hash is kept: once sent, the outbox's copy of the e-mail has lost the link, and staff never see it.
        assertThat((byte[]) sent.get("token_hash")).isEqualTo(Digests.sha256(token));
        await().atMost(WAIT)
                .until(() -> jdbc.sql("select count(*) from correspondence_message where case_id = ? and body like ?")
                                .params(caseId(ref), "%" + token + "%")
                                .query(Long.class)
                                .single()
                        == 0);
        JsonNode messages = ok(lead.get("/api/cases/" + ref + "/messages"));
        assertThat(messages.toString()).doesNotContain(token).contains("[survey link — sent only to the customer]");
    }

    @Test
    void theSurveyPageNeedsNoSignInAndOffersALabelledChoiceAndAnOptionalComment() throws Exception {
        ClosedCase closed = closedOnTuesday();
        String ref = closed.ref();
        String token = invitedAfterTheDelay(closed);

        // The public page: no sign-in, a 1-5 choice with labels inside a fieldset, an optional comment.
        FormSession customer = new FormSession(port);
        FormSession.Page page = customer.get("/public/survey/" + token);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .contains(ref)
                .contains("<fieldset")
                .contains("<legend>")
                .contains("Very satisfied")
                .contains("type=\"radio\"")
                .contains("name=\"rating\"")
                .contains("<label for=\"comment\"");
    }

    @Test
    void anAnswerWithoutARatingShowsTheErrorNextToTheFieldAndStoresNothing() throws Exception {
        ClosedCase closed = closedOnTuesday();
        String ref = closed.ref();
        String token = invitedAfterTheDelay(closed);
        FormSession customer = new FormSession(port);
        customer.get("/public/survey/" + token);

        // No rating: the error is shown next to the field and nothing is stored.
        FormSession.Page missing = customer.post("/public/survey/" + token, Map.of("comment", "Quick"));
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.body())
                .contains("id=\"rating-error\"")
                .contains("Choose how satisfied you are")
                .contains("Quick");
        assertThat(jdbc.sql("select count(*) from survey_answer where case_id = ?")
                        .param(caseId(ref))
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void theCustomerAnswersOnceAndASecondAnswerIsRefusedKindlyAndChangesNothing() throws Exception {
        ClosedCase closed = closedOnTuesday();
        String ref = closed.ref();
        String token = invitedAfterTheDelay(closed);
        FormSession customer = new FormSession(port);
        customer.get("/public/survey/" + token);

        FormSession.Page answered = customer.post(
                "/public/survey/" + token, Map.of("rating", "4", "comment", "Sorted quickly, thank you."));
        assertThat(answered.status()).isEqualTo(200);
        assertThat(answered.body()).contains("Thank you").contains("Satisfied");

        // A second answer (the form sent again) is refused kindly and changes nothing; another browser is not even
        // offered the form.
        FormSession.Page second =
                customer.post("/public/survey/" + token, Map.of("rating", "1", "comment", "Changed my mind"));
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.body()).contains("already answered").doesNotContain("Exception");
        FormSession again = new FormSession(port);
        FormSession.Page revisit = again.get("/public/survey/" + token);
        assertThat(revisit.status()).isEqualTo(200);
        assertThat(revisit.body())
                .contains("already answered")
                .doesNotContain("name=\"rating\"")
                .as("the reference to quote")
                .contains(ref);
        assertThat(again.post("/public/survey/" + token, Map.of("rating", "2")).status())
                .as("no form, no CSRF token")
                .isEqualTo(403);
        Map<String, Object> answer = jdbc.sql("select rating, comment from survey_answer where case_id = ?")
                .param(caseId(ref))
                .query()
                .singleRow();
        assertThat(((Number) answer.get("rating")).intValue()).isEqualTo(4);
        assertThat(answer).containsEntry("comment", "Sorted quickly, thank you.");
    }

    @Test
    void theRegisterHasBothTheInvitationAndTheAnswer() throws Exception {
        ClosedCase closed = closedOnTuesday();
        ApiClient lead = closed.lead();
        String ref = closed.ref();
        answeredFour(invitedAfterTheDelay(closed));

        // The register has both the invitation and the answer.
        List<String> types = registerTypes(lead, ref);
        assertThat(types).containsSubsequence("Closed", "SurveyInvitationSent", "SurveyAnswered");
        assertThat(types.stream().filter(t -> t.startsWith("Survey"))).hasSize(2);
    }

    @Test
    void theDepartmentsManagerSeesTheAnswerInTheResultsByClosedDateInTheOrganisationsZone() throws Exception {
        ClosedCase closed = closedOnTuesday();
        Dept dept = closed.dept();
        ApiClient lead = closed.lead();
        String ref = closed.ref();
        answeredFour(invitedAfterTheDelay(closed));

        // The results: the department's manager sees the answer.
        JsonNode results = ok(lead.get("/api/surveys/results?department=" + dept.code));
        assertThat(results.get("invited").asLong()).isEqualTo(1);
        assertThat(results.get("answered").asLong()).isEqualTo(1);
        assertThat(results.get("averageRating").decimalValue()).isEqualByComparingTo("4.00");
        assertThat(results.get("distribution").toString()).isEqualTo("[0,0,0,1,0]");
        assertThat(results.get("comments").asLong()).isEqualTo(1);
        assertThat(results.get("recentComments").get(0).get("reference").asString())
                .isEqualTo(ref);
        assertThat(results.get("recentComments").get(0).get("comment").asString())
                .isEqualTo("Sorted quickly, thank you.");
        // By closed date in the organisation's zone: closed on Tuesday 1 December, not in November.
        assertThat(ok(lead.get("/api/surveys/results?department=" + dept.code + "&from=2026-12-01&to=2026-12-01"))
                        .get("answered")
                        .asLong())
                .isEqualTo(1);
        assertThat(ok(lead.get("/api/surveys/results?department=" + dept.code + "&from=2026-11-01&to=2026-11-30"))
                        .get("answered")
                        .asLong())
                .isZero();
        assertThat(ok(lead.get("/api/surveys/results?department=" + dept.code + "&kind=QUESTION"))
                        .get("invited")
                        .asLong())
                .isZero();
    }

    @Test
    void resultsAreForManagersOfTheDepartmentAndExecutives() {
        Dept dept = department();
        Dept other = department();
        ApiClient agent = dept.as(dept.staff(Role.AGENT));
        assertThat(agent.get("/api/surveys/results").status()).isEqualTo(403);
        assertThat(other.as(other.lead)
                        .get("/api/surveys/results?department=" + dept.code)
                        .status())
                .isEqualTo(403);
        assertThat(as(staffWithoutDepartment(Role.ADMIN))
                        .get("/api/surveys/results")
                        .status())
                .isEqualTo(403);
        assertThat(as(staffWithoutDepartment(Role.EXECUTIVE))
                        .get("/api/surveys/results?department=" + dept.code)
                        .status())
                .isEqualTo(200);
        assertThat(anonymous().get("/api/surveys/results").status()).isEqualTo(401);
        assertThat(dept.as(dept.lead)
                        .get("/api/surveys/results?department=NOPE" + unique())
                        .status())
                .isEqualTo(400);
    }

    @Test
    void anAnswerAboutAComplaintAboutAManagerNeverReachesThatManager() throws Exception {
        Dept dept = department();
        String agent = dept.staff(Role.AGENT);
        ApiClient handler = dept.as(agent);
        String email = address();
        clock.set(TUESDAY);
        CaseBuilder complaint = aComplaint()
                .subject("Rude manager")
                .description("The team leader was rude to me.")
                .from("Sam Survey")
                .email(email)
                .inDepartment(dept.code)
                .ownedBy(agent)
                .about(dept.lead);
        // Someone must be left to oversee a complaint about the lead.
        staffWithoutDepartment(Role.EXECUTIVE);
        String ref = complaint.openedBy(handler);
        respondAndClose(handler, ref);
        clock.set(TUESDAY.plus(Duration.ofDays(2)));
        sweep.sweep();
        await().atMost(WAIT).until(() -> surveyMails(email).size() == 1);
        FormSession customer = new FormSession(port);
        customer.get("/public/survey/" + tokenIn(surveyMails(email).getFirst()));
        assertThat(customer.post(
                                "/public/survey/" + tokenIn(surveyMails(email).getFirst()),
                                Map.of("rating", "1", "comment", "Still upset"))
                        .status())
                .isEqualTo(200);

        JsonNode manager = ok(dept.as(dept.lead).get("/api/surveys/results?department=" + dept.code));
        assertThat(manager.get("answered").asLong()).isZero();
        assertThat(manager.get("recentComments")).isEmpty();
        JsonNode executive =
                ok(as(staffWithoutDepartment(Role.EXECUTIVE)).get("/api/surveys/results?department=" + dept.code));
        assertThat(executive.get("answered").asLong()).isEqualTo(1);
        assertThat(executive.get("recentComments").get(0).get("comment").asString())
                .isEqualTo("Still upset");
    }

    /** The survey token e-mailed to {@code email}, once the one invitation has arrived. */
    private static String surveyTokenFor(String email) throws Exception {
        await().atMost(WAIT).until(() -> surveyMails(email).size() == 1);
        return tokenIn(surveyMails(email).getFirst());
    }

    private long answers(String ref) {
        return jdbc.sql("select count(*) from survey_answer where case_id = ?")
                .param(caseId(ref))
                .query(Long.class)
                .single();
    }

    @Test
    void aSurveyTakesAnswersUntilItsLinkExpiresThenSaysItHasClosedAndStoresNothing() throws Exception {
        Dept dept = department();
        ApiClient lead = dept.as(dept.lead);
        Instant sentAt = TUESDAY.plus(Duration.ofDays(2));
        // Thirty days by default (hearken.surveys.answer-within), from the moment the invitation went out.
        Instant answerBy = sentAt.plus(Duration.ofDays(30));
        clock.set(TUESDAY);
        String early = address();
        String earlyRef = openCase(lead, dept.code, "API", early);
        String late = address();
        String lateRef = openCase(lead, dept.code, "API", late);
        respondAndClose(lead, earlyRef);
        respondAndClose(lead, lateRef);
        clock.set(sentAt);
        sweep.sweep();
        String earlyToken = surveyTokenFor(early);
        String lateToken = surveyTokenFor(late);
        assertThat(((java.sql.Timestamp) invitations(lateRef).getFirst().get("answer_by")).toInstant())
                .isEqualTo(answerBy);

        // Both customers open the form while the survey is open.
        FormSession first = new FormSession(port);
        FormSession second = new FormSession(port);
        clock.set(answerBy.minus(Duration.ofMinutes(5)));
        assertThat(first.get("/public/survey/" + earlyToken).body()).contains("name=\"rating\"");
        assertThat(second.get("/public/survey/" + lateToken).body()).contains("name=\"rating\"");

        // A moment before the link expires, an answer is taken.
        clock.set(answerBy.minusSeconds(1));
        FormSession.Page taken =
                first.post("/public/survey/" + earlyToken, Map.of("rating", "5", "comment", "Just in time."));
        assertThat(taken.status()).isEqualTo(200);
        assertThat(taken.body()).contains("Thank you");
        assertThat(answers(earlyRef)).isEqualTo(1);

        // A moment after, the form sent from the page opened earlier is refused kindly, and nothing is stored.
        clock.set(answerBy.plusSeconds(1));
        FormSession.Page refused =
                second.post("/public/survey/" + lateToken, Map.of("rating", "1", "comment", "Too late?"));
        assertThat(refused.status()).isEqualTo(410);
        assertThat(refused.body())
                .contains("This survey has closed")
                .contains("nothing was recorded")
                .doesNotContain("name=\"rating\"")
                .doesNotContain("Exception");
        assertThat(surveys.answer(lateToken, 3, "Straight to the service")).isEqualTo(Surveys.AnswerResult.CLOSED);
        assertThat(answers(lateRef)).isZero();
        assertThat(registerTypes(lead, lateRef)).doesNotContain("SurveyAnswered");
        // Opening the link again explains the same, without a form; the answered survey still says it was answered.
        FormSession.Page revisit = new FormSession(port).get("/public/survey/" + lateToken);
        assertThat(revisit.status()).isEqualTo(410);
        assertThat(revisit.body())
                .contains("This survey has closed")
                .doesNotContain("name=\"rating\"")
                .as("the reference to quote")
                .contains(lateRef);
        assertThat(new FormSession(port).get("/public/survey/" + earlyToken).body())
                .contains("already answered");
        // Exactly at the closing moment the survey is closed already.
        clock.set(answerBy);
        assertThat(new FormSession(port).get("/public/survey/" + lateToken).status())
                .isEqualTo(410);

        // The figures keep their meaning: two invited, one answered; the expired invitation is simply unanswered.
        JsonNode results = ok(lead.get("/api/surveys/results?department=" + dept.code));
        assertThat(results.get("invited").asLong()).isEqualTo(2);
        assertThat(results.get("answered").asLong()).isEqualTo(1);
        assertThat(results.get("distribution").toString()).isEqualTo("[0,0,0,0,1]");
    }

    @Test
    void unknownOrMalformedLinkGetsAFriendlyNotFound() {
        FormSession visitor = new FormSession(port);
        FormSession.Page unknown = visitor.get("/public/survey/" + SurveyTokens.newToken());
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body()).contains("We could not find this survey").doesNotContain("Exception");
        assertThat(visitor.get("/public/survey/short").status()).isEqualTo(404);
        FormSession.Page post = visitor.post("/public/survey/" + SurveyTokens.newToken(), Map.of("rating", "5"));
        assertThat(post.status()).isIn(403, 404);
    }

    @Test
    void reopenedAndReclosedCaseIsInvitedOnce() throws Exception {
        Dept dept = department();
        ApiClient lead = dept.as(dept.lead);
        String email = address();
        clock.set(TUESDAY);
        String ref = openCase(lead, dept.code, "API", email);
        respondAndClose(lead, ref);

        // Reopened before the invitation was due: nothing goes out while the case is open.
        clock.set(TUESDAY.plus(Duration.ofHours(2)));
        ok(lead.post("/api/cases/" + ref + "/reopen", Map.of("reason", "The customer says the bin was missed again")));
        clock.set(TUESDAY.plus(Duration.ofHours(30)));
        sweep.sweep();
        assertThat(invitationStatus(ref)).isEqualTo("SCHEDULED");

        // Closed again: the same invitation falls due a day after the new closure, and goes out once.
        ok(lead.post(
                "/api/cases/" + ref + "/respond",
                Map.of("channel", "PHONE_CALL", "resolution", "Emptied again.", "outcome", "RESOLVED")));
        ok(lead.post("/api/cases/" + ref + "/close", Map.of()));
        sweep.sweep();
        assertThat(invitationStatus(ref)).isEqualTo("SCHEDULED");
        clock.set(TUESDAY.plus(Duration.ofHours(55)));
        sweep.sweep();
        assertThat(invitationStatus(ref)).isEqualTo("SENT");

        // Reopened and closed once more after the invitation went out: no second invitation.
        ok(lead.post("/api/cases/" + ref + "/reopen", Map.of("reason", "Missed a third time")));
        ok(lead.post(
                "/api/cases/" + ref + "/respond",
                Map.of("channel", "PHONE_CALL", "resolution", "Crew retrained.", "outcome", "RESOLVED")));
        ok(lead.post("/api/cases/" + ref + "/close", Map.of()));
        clock.set(TUESDAY.plus(Duration.ofDays(5)));
        sweep.sweep();
        assertThat(invitationStatus(ref)).isEqualTo("SENT");
        assertThat(surveyMessages(ref)).isEqualTo(1);
        await().atMost(WAIT).until(() -> surveyMails(email).size() == 1);
        assertThat(registerTypes(lead, ref).stream().filter(t -> t.equals("SurveyInvitationSent")))
                .hasSize(1);
    }

    @Test
    void withoutAnEmailAddressTheRegisterSaysNoInvitationCouldBeSent() {
        Dept dept = department();
        ApiClient lead = dept.as(dept.lead);
        clock.set(TUESDAY);
        String ref = openCase(lead, dept.code, "PHONE", null);
        respondAndClose(lead, ref);
        clock.set(TUESDAY.plus(Duration.ofDays(2)));
        sweep.sweep();
        assertThat(invitationStatus(ref)).isEqualTo("NOT_SENT");
        assertThat(invitations(ref).getFirst().get("not_sent_reason")).isEqualTo("the customer gave no e-mail address");
        assertThat(surveyMessages(ref)).isZero();
        List<String> types = registerTypes(lead, ref);
        assertThat(types).contains("SurveyInvitationNotSent").doesNotContain("SurveyInvitationSent");
        JsonNode results = ok(lead.get("/api/surveys/results?department=" + dept.code));
        assertThat(results.get("invited").asLong()).isZero();
        assertThat(results.get("notSent").asLong()).isEqualTo(1);
        assertThat(results.has("averageRating")).isFalse();
    }

    @Test
    void twoSweepsRacingSendEachInvitationOnce() throws Exception {
        Dept dept = department();
        ApiClient lead = dept.as(dept.lead);
        clock.set(TUESDAY);
        List<String> refs = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String ref = openCase(lead, dept.code, "API", address());
            respondAndClose(lead, ref);
            refs.add(ref);
        }
        clock.set(TUESDAY.plus(Duration.ofDays(2)));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            Callable<Integer> run = () -> {
                start.await();
                return sweep.sweep();
            };
            Future<Integer> a = pool.submit(run);
            Future<Integer> b = pool.submit(run);
            start.countDown();
            a.get();
            b.get();
        } finally {
            pool.shutdownNow();
        }
        for (String ref : refs) {
            assertThat(invitationStatus(ref)).isEqualTo("SENT");
            assertThat(surveyMessages(ref)).as(ref).isEqualTo(1);
            assertThat(registerTypes(lead, ref).stream().filter(t -> t.equals("SurveyInvitationSent")))
                    .as(ref)
                    .hasSize(1);
        }
    }
}
