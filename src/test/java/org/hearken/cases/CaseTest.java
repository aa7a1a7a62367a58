package org.hearken.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.hearken.cases.CaseStates.BILLING;
import static org.hearken.cases.CaseStates.CLAIMS;
import static org.hearken.cases.CaseStates.CLARE;
import static org.hearken.cases.CaseStates.ERIC;
import static org.hearken.cases.CaseStates.EVE;
import static org.hearken.cases.CaseStates.OWNER;
import static org.hearken.cases.CaseStates.RECEIVED;
import static org.hearken.cases.CaseStates.SAM;
import static org.hearken.cases.CaseStates.aComplaint;
import static org.hearken.cases.CaseStates.aSuggestion;
import static org.hearken.cases.CaseStates.agentOf;
import static org.hearken.cases.CaseStates.executive;
import static org.hearken.cases.CaseStates.managerOf;
import static org.hearken.cases.CaseStates.outsider;
import static org.hearken.cases.CaseStates.owner;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.hearken.identity.Actor;
import org.hearken.policy.Channel;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The case aggregate's transitions, one rule a test; no Spring, no database. */
class CaseTest {

    private static final Instant NOW = RECEIVED.plus(Duration.ofDays(1));

    private static CaseRefused refusal(ThrowingCallable action) {
        CaseRefused refused = catchThrowableOfType(CaseRefused.class, action);
        assertThat(refused).as("refused").isNotNull();
        return refused;
    }

    private static void assertConflict(ThrowingCallable action) {
        assertThat(refusal(action).kind()).isEqualTo(CaseRefused.Kind.CONFLICT);
    }

    private static void assertForbidden(ThrowingCallable action) {
        assertThat(refusal(action).kind()).isEqualTo(CaseRefused.Kind.FORBIDDEN);
    }

    private static void assertInvalid(String field, ThrowingCallable action) {
        CaseRefused r = refusal(action);
        assertThat(r.kind()).isEqualTo(CaseRefused.Kind.INVALID);
        assertThat(r.field()).isEqualTo(field);
    }

    private static Lookup<Case.Assignee> to(Case.Person p, Case.Team t) {
        return Lookup.of(new Case.Assignee(p, t));
    }

    @Nested
    class Acknowledging {

        private CaseChange acknowledge(Case c, Actor a, Instant at) {
            return c.acknowledge(a, NOW, new Case.Acknowledge(AcknowledgementMethod.EMAIL, at, "words"));
        }

        @Test
        void makesAReceivedCaseAcknowledgedAndRecordsHowAndWhen() {
            CaseChange change = acknowledge(aComplaint().build(), owner(), null);

            assertThat(change.after().status()).isEqualTo(CaseStatus.ACKNOWLEDGED);
            assertThat(change.after().stage(Stage.Kind.ACKNOWLEDGE).completedAt())
                    .isEqualTo(NOW);
            assertThat(change.after().acknowledgedVia()).isEqualTo(AcknowledgementMethod.EMAIL);
            assertThat(change.events()).singleElement().isInstanceOf(CaseEvents.Acknowledged.class);
        }

        @Test
        void withinTheTargetMeetsTheStage() {
            CaseChange change = acknowledge(aComplaint().build(), owner(), null);

            assertThat(((CaseEvents.Acknowledged) change.events().getFirst()).stageOutcome())
                    .isEqualTo(StageOutcome.MET);
        }

        @Test
        void afterTheTargetMissesTheStage() {
            Case c = aComplaint()
                    .acknowledgeBy(RECEIVED.plus(Duration.ofHours(2)))
                    .build();

            CaseChange change = acknowledge(c, owner(), null);

            assertThat(change.after().stage(Stage.Kind.ACKNOWLEDGE).outcome()).isEqualTo(StageOutcome.MISSED);
        }

        @Test
        void withoutATargetHasNoStageOutcome() {
            CaseChange change = acknowledge(aComplaint().acknowledgeBy(null).build(), owner(), null);

            assertThat(change.after().stage(Stage.Kind.ACKNOWLEDGE).completedAt())
                    .isEqualTo(NOW);
            assertThat(change.after().stage(Stage.Kind.ACKNOWLEDGE).outcome()).isNull();
        }

        @Test
        void countsAsTheFirstResponse() {
            CaseChange change = acknowledge(aComplaint().build(), owner(), RECEIVED.plusSeconds(60));

            assertThat(change.after().stage(Stage.Kind.FIRST_RESPONSE).completedAt())
                    .isEqualTo(RECEIVED.plusSeconds(60));
        }

        @Test
        void makesTheActorAHandler() {
            Actor agent = agentOf(BILLING);

            assertThat(acknowledge(aComplaint().build(), agent, null).after().handledBy(agent.staffId()))
                    .isTrue();
        }

        @Test
        void twiceIsAConflictNamingWhatIsAllowed() {
            CaseRefused r =
                    refusal(() -> acknowledge(aComplaint().acknowledged().build(), owner(), null));

            assertThat(r.kind()).isEqualTo(CaseRefused.Kind.CONFLICT);
            assertThat(r.properties()).containsEntry("status", CaseStatus.ACKNOWLEDGED);
            assertThat(r.properties().get("allowedActions"))
                    .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.list(String.class))
                    .contains("respond")
                    .doesNotContain("acknowledge");
        }

        @Test
        void isForHandlersOnly() {
            assertForbidden(() -> acknowledge(aComplaint().build(), outsider(), null));
        }

        @Test
        void inTheFutureIsInvalid() {
            assertInvalid("at", () -> acknowledge(aComplaint().build(), owner(), NOW.plusSeconds(301)));
        }

        @Test
        void beforeTheFeedbackWasReceivedIsInvalid() {
            assertInvalid("at", () -> acknowledge(aComplaint().build(), owner(), RECEIVED.minusSeconds(1)));
        }

        @Test
        void verballyIsOnlyForSpokenFeedback() {
            assertInvalid(
                    "via",
                    () -> aComplaint()
                            .build()
                            .acknowledge(owner(), NOW, new Case.Acknowledge(AcknowledgementMethod.VERBAL, null, "w")));
        }

        @Test
        void atIntakeIsOnlyForSpokenFeedback() {
            assertInvalid(
                    "acknowledgedVerbally", () -> aComplaint().build().acknowledgeVerballyAtIntake(owner(), NOW, "w"));
        }

        @Test
        void atIntakeByPhoneIsVerbal() {
            CaseChange change = aComplaint().by(Channel.PHONE).build().acknowledgeVerballyAtIntake(owner(), NOW, "w");

            assertThat(change.after().acknowledgedVia()).isEqualTo(AcknowledgementMethod.VERBAL);
        }

        @Test
        void automaticallyChangesNothingOnceAcknowledged() {
            Case c = aComplaint().acknowledged().build();

            assertThat(c.acknowledgeAutomatically(NOW, AcknowledgementMethod.EMAIL, NOW, "w")
                            .changesNothing())
                    .isTrue();
        }

        @Test
        void automaticallyIsRecordedAsHearken() {
            CaseChange change =
                    aComplaint().build().acknowledgeAutomatically(NOW, AcknowledgementMethod.EMAIL, NOW, "w");

            assertThat(change.events().getFirst().actor()).isEqualTo("hearken (automatic email)");
            assertThat(change.after().status()).isEqualTo(CaseStatus.ACKNOWLEDGED);
        }
    }

    @Nested
    class Referring {

        @Test
        void leavesTheCaseWithItsOwnerUntilAccepted() {
            CaseChange change = aComplaint().build().refer(owner(), NOW, new Case.Refer(to(CLARE, CLAIMS), " why "));

            assertThat(change.after().owner()).isEqualTo(OWNER);
            assertThat(change.after().referral().to()).isEqualTo(CLARE);
            assertThat(change.after().referral().note()).isEqualTo("why");
        }

        @Test
        void isForHandlersOnly() {
            assertForbidden(() -> aComplaint().build().refer(outsider(), NOW, new Case.Refer(to(CLARE, CLAIMS), "n")));
        }

        @Test
        void makesTheReferrerAHandler() {
            Actor agent = agentOf(BILLING);

            assertThat(aComplaint()
                            .build()
                            .refer(agent, NOW, new Case.Refer(to(CLARE, CLAIMS), "n"))
                            .after()
                            .handledBy(agent.staffId()))
                    .isTrue();
        }

        @Test
        void toTheCurrentOwnerIsInvalid() {
            assertInvalid(
                    "owner", () -> aComplaint().build().refer(owner(), NOW, new Case.Refer(to(OWNER, BILLING), "n")));
        }

        @Test
        void toSomeoneTheComplaintIsAboutIsInvalid() {
            assertInvalid(
                    "owner",
                    () -> aComplaint().about(SAM).build().refer(owner(), NOW, new Case.Refer(to(SAM, CLAIMS), "n")));
        }

        @Test
        void aClosedCaseRefusesBeforeAFailedLookUpIsReported() {
            Lookup<Case.Assignee> nobody = Lookup.refused(CaseRefused.invalid("department", "no such department"));

            assertConflict(() -> aComplaint().closedAt(NOW).build().refer(owner(), NOW, new Case.Refer(nobody, "n")));
        }

        @Test
        void aFailedLookUpIsReportedOnceTheCaseAllowsIt() {
            Lookup<Case.Assignee> nobody = Lookup.refused(CaseRefused.invalid("department", "no such department"));

            assertInvalid("department", () -> aComplaint().build().refer(owner(), NOW, new Case.Refer(nobody, "n")));
        }

        @Test
        void acceptingHandsTheCaseToTheReceiverAndTheirDepartment() {
            Case c = aComplaint().referredTo(CLARE, CLAIMS).build();

            CaseChange change = c.acceptReferral(CaseStates.actor(CLARE, java.util.Set.of(), CLAIMS), NOW);

            assertThat(change.after().owner()).isEqualTo(CLARE);
            assertThat(change.after().department()).isEqualTo(CLAIMS);
            assertThat(change.after().referral()).isNull();
            assertThat(change.after().handledBy(CLARE.id())).isTrue();
        }

        @Test
        void aManagerOfTheReceivingDepartmentMayAnswer() {
            Case c = aComplaint().referredTo(CLARE, CLAIMS).build();

            assertThat(c.declineReferral(managerOf(CLAIMS), NOW, "no").after().referral())
                    .isNull();
        }

        @Test
        void anAgentOfTheReceivingDepartmentMayNotAnswer() {
            Case c = aComplaint().referredTo(CLARE, CLAIMS).build();

            assertForbidden(() -> c.acceptReferral(agentOf(CLAIMS), NOW));
        }

        @Test
        void decliningKeepsTheOwner() {
            Case c = aComplaint().referredTo(CLARE, CLAIMS).build();

            CaseChange change = c.declineReferral(executive(EVE), NOW, " not ours ");

            assertThat(change.after().owner()).isEqualTo(OWNER);
            assertThat(((CaseEvents.ReferralDeclined) change.events().getFirst()).reason())
                    .isEqualTo("not ours");
        }

        @Test
        void answeringWithoutAReferralIsAConflict() {
            assertConflict(() -> aComplaint().build().acceptReferral(executive(EVE), NOW));
        }
    }

    @Nested
    class Assigning {

        @Test
        void byAManagerOfTheDepartmentHandsTheCaseOverAtOnce() {
            CaseChange change =
                    aComplaint().build().assign(managerOf(BILLING), NOW, new Case.Assign(to(CLARE, CLAIMS), null));

            assertThat(change.after().owner()).isEqualTo(CLARE);
            assertThat(change.after().handledBy(CLARE.id())).isTrue();
        }

        @Test
        void byAnAgentIsForbidden() {
            assertForbidden(() -> aComplaint().build().assign(owner(), NOW, new Case.Assign(to(CLARE, CLAIMS), null)));
        }

        @Test
        void byAManagerOfTheDepartmentItIsReferredToIsAllowed() {
            Case c = aComplaint().referredTo(CLARE, CLAIMS).build();

            assertThat(c.assign(managerOf(CLAIMS), NOW, new Case.Assign(to(CLARE, CLAIMS), null))
                            .after()
                            .owner())
                    .isEqualTo(CLARE);
        }

        @Test
        void cancelsAPendingReferral() {
            Case c = aComplaint().referredTo(CLARE, CLAIMS).build();

            assertThat(c.assign(executive(EVE), NOW, new Case.Assign(to(OWNER, BILLING), null))
                            .after()
                            .referral())
                    .isNull();
        }
    }

    @Nested
    class Responding {

        private Case.Respond respond(Outcome outcome, String reasons, String category, Case.RemedyOffer... remedies) {
            return new Case.Respond(
                    AcknowledgementMethod.EMAIL,
                    null,
                    " fixed ",
                    outcome,
                    reasons,
                    Lookup.of(category),
                    List.of(remedies));
        }

        @Test
        void recordsTheOutcomeAndMeetsTheStageInTime() {
            CaseChange change =
                    aComplaint().acknowledged().build().respond(owner(), NOW, respond(Outcome.UPHELD, null, null));

            assertThat(change.after().status()).isEqualTo(CaseStatus.RESPONDED);
            assertThat(change.after().outcome()).isEqualTo(Outcome.UPHELD);
            assertThat(change.after().stage(Stage.Kind.RESPOND).outcome()).isEqualTo(StageOutcome.MET);
            assertThat(change.details()).singleElement().isInstanceOf(CaseChange.NewResponse.class);
        }

        @Test
        void lateButWithinAnExtensionMeetsTheStageAfterExtension() {
            Case c = aComplaint()
                    .acknowledged()
                    .respondByExtended(NOW.minusSeconds(60), NOW.plusSeconds(60))
                    .build();

            assertThat(c.respond(owner(), NOW, respond(Outcome.UPHELD, null, null))
                            .after()
                            .stage(Stage.Kind.RESPOND)
                            .outcome())
                    .isEqualTo(StageOutcome.MET_AFTER_EXTENSION);
        }

        @Test
        void anOutcomeThatNeedsReasonsIsInvalidWithoutThem() {
            assertInvalid(
                    "reasons",
                    () -> aComplaint().build().respond(owner(), NOW, respond(Outcome.NOT_UPHELD, " ", null)));
        }

        @Test
        void beforeAnyAcknowledgementAcknowledgesButLeavesTheStatusResponded() {
            CaseChange change = aComplaint().build().respond(owner(), NOW, respond(Outcome.RESOLVED, null, null));

            assertThat(change.after().acknowledged()).isTrue();
            assertThat(change.after().status()).isEqualTo(CaseStatus.RESPONDED);
        }

        @Test
        void keepsTheEarlierCategoryWhenNoneIsGiven() {
            Case c = aComplaint().acknowledged().category("BILLING_ERROR").build();

            assertThat(c.respond(owner(), NOW, respond(Outcome.UPHELD, null, null))
                            .after()
                            .category())
                    .isEqualTo("BILLING_ERROR");
        }

        @Test
        void offersItsRemediesAfterTheResponse() {
            Case.RemedyOffer refund = new Case.RemedyOffer(77, RemedyType.REFUND, " back ", BigDecimal.TEN, null);

            CaseChange change = aComplaint()
                    .acknowledged()
                    .build()
                    .respond(owner(), NOW, respond(Outcome.UPHELD, null, null, refund));

            assertThat(change.events())
                    .hasExactlyElementsOfTypes(CaseEvents.Responded.class, CaseEvents.RemedyOffered.class);
            CaseEvents.RemedyOffered offered =
                    (CaseEvents.RemedyOffered) change.events().get(1);
            assertThat(offered.remedyId()).isEqualTo(77);
            assertThat(offered.status()).isEqualTo(RemedyStatus.OFFERED);
            assertThat(offered.description()).isEqualTo("back");
            assertThat(change.after().remedies()).containsEntry(77L, RemedyStatus.OFFERED);
        }

        @Test
        void theFirstResponseStaysTheEarliestReply() {
            Case c = aComplaint().acknowledged().build();
            Instant first = c.stage(Stage.Kind.FIRST_RESPONSE).completedAt();

            assertThat(c.respond(owner(), NOW, respond(Outcome.UPHELD, null, null))
                            .after()
                            .stage(Stage.Kind.FIRST_RESPONSE)
                            .completedAt())
                    .isEqualTo(first);
        }

        @Test
        void aRemedyAddedLaterIsOfferedUnlessItsAnswerIsGiven() {
            Case.RemedyOffer accepted = new Case.RemedyOffer(5, RemedyType.APOLOGY, null, null, RemedyStatus.ACCEPTED);

            CaseChange change = aComplaint().responded().build().addRemedy(owner(), NOW, accepted);

            assertThat(change.after().remedies()).containsEntry(5L, RemedyStatus.ACCEPTED);
            assertThat(change.details()).singleElement().isInstanceOf(CaseChange.NewRemedy.class);
        }

        @Test
        void addingARemedyToAClosedCaseIsAConflict() {
            Case.RemedyOffer apology = new Case.RemedyOffer(5, RemedyType.APOLOGY, null, null, null);

            assertConflict(() -> aComplaint().closedAt(NOW).build().addRemedy(owner(), NOW, apology));
        }

        @Test
        void onceRespondedIsAConflict() {
            assertConflict(
                    () -> aComplaint().responded().build().respond(owner(), NOW, respond(Outcome.UPHELD, null, null)));
        }

        @Test
        void anInterimResponseSetsTheExpectedDateAndAcknowledges() {
            Instant expected = NOW.plus(Duration.ofDays(5));

            CaseChange change = aComplaint()
                    .build()
                    .respondInterim(
                            owner(),
                            NOW,
                            new Case.InterimResponse(AcknowledgementMethod.EMAIL, "soon", Lookup.of(expected)));

            assertThat(change.after().expectedBy()).isEqualTo(expected);
            assertThat(change.after().status()).isEqualTo(CaseStatus.ACKNOWLEDGED);
            assertThat(change.after().stage(Stage.Kind.RESPOND).completed()).isFalse();
        }

        @Test
        void anInterimResponseMeetsTheRespondTargetWhenThePolicySaysSo() {
            Case c = aComplaint().acknowledged().interimMeetsRespondTarget().build();

            CaseChange change = c.respondInterim(
                    owner(),
                    NOW,
                    new Case.InterimResponse(
                            AcknowledgementMethod.EMAIL, "soon", Lookup.of(NOW.plus(Duration.ofDays(5)))));

            assertThat(change.after().stage(Stage.Kind.RESPOND).completedAt()).isEqualTo(NOW);
            assertThat(change.after().stage(Stage.Kind.RESPOND).outcome()).isEqualTo(StageOutcome.MET);
        }

        @Test
        void anInterimResponseExpectingADayThatHasClosedIsInvalid() {
            assertInvalid(
                    "expectedBy",
                    () -> aComplaint()
                            .build()
                            .respondInterim(
                                    owner(),
                                    NOW,
                                    new Case.InterimResponse(AcknowledgementMethod.EMAIL, "m", Lookup.of(NOW))));
        }

        @Test
        void updatingARemedyTheCaseDoesNotHaveIsInvalid() {
            Case c = aComplaint()
                    .acknowledged()
                    .withRemedy(1, RemedyStatus.OFFERED)
                    .build();

            assertInvalid("remedyId", () -> c.updateRemedy(owner(), NOW, 2, RemedyStatus.ACCEPTED));
        }

        @Test
        void updatingARemedyRecordsTheCustomersAnswer() {
            Case c = aComplaint()
                    .acknowledged()
                    .withRemedy(1, RemedyStatus.OFFERED)
                    .build();

            CaseChange change = c.updateRemedy(owner(), NOW, 1, RemedyStatus.ACCEPTED);

            assertThat(change.after().remedies()).containsEntry(1L, RemedyStatus.ACCEPTED);
            assertThat(change.details()).containsExactly(new CaseChange.RemedyDecided(1, RemedyStatus.ACCEPTED, NOW));
        }

        @Test
        void resolvingAtFirstContactAcknowledgesRespondsAndClosesAtOnce() {
            Case c = aComplaint().by(Channel.PHONE).build();

            CaseChange change = c.resolveAtFirstContact(
                    owner(),
                    NOW,
                    new Case.FirstContactResolution(null, "done", Outcome.RESOLVED, null, Lookup.of(null)));

            assertThat(change.after().status()).isEqualTo(CaseStatus.CLOSED);
            assertThat(change.after().firstContactResolution()).isTrue();
            assertThat(change.after().acknowledgedVia()).isEqualTo(AcknowledgementMethod.VERBAL);
            assertThat(change.after().closedAt()).isEqualTo(NOW);
        }

        @Test
        void resolvingAtFirstContactIsOnlyForSpokenFeedback() {
            assertInvalid(
                    "resolvedAtFirstContact",
                    () -> aComplaint()
                            .build()
                            .resolveAtFirstContact(
                                    owner(),
                                    NOW,
                                    new Case.FirstContactResolution(
                                            null, "d", Outcome.RESOLVED, null, Lookup.of(null))));
        }
    }

    @Nested
    class Extending {

        private Case.Extend extend(Instant newDue, Instant agreedAt) {
            return new Case.Extend(
                    Lookup.of(newDue),
                    " more time ",
                    AcknowledgementMethod.EMAIL,
                    agreedAt == null ? null : "the customer",
                    agreedAt,
                    "the current day",
                    "notice");
        }

        @Test
        void movesTheRespondDueDateAndTheExpectedDateButNotTheOriginal() {
            Case c = aComplaint().acknowledged().build();
            Instant later = c.stage(Stage.Kind.RESPOND).due().plus(Duration.ofDays(10));

            CaseChange change = c.extend(owner(), NOW, extend(later, null));

            Stage respond = change.after().stage(Stage.Kind.RESPOND);
            assertThat(respond.due()).isEqualTo(later);
            assertThat(respond.originalDue())
                    .isEqualTo(c.stage(Stage.Kind.RESPOND).originalDue());
            assertThat(change.after().expectedBy()).isEqualTo(later);
            assertThat(((CaseEvents.DueDateExtended) change.events().getFirst()).stage())
                    .isEqualTo("RESPOND");
        }

        @Test
        void toADateNotLaterThanTheCurrentOneIsInvalid() {
            Case c = aComplaint().acknowledged().build();

            assertInvalid(
                    "newDueDate",
                    () -> c.extend(
                            owner(), NOW, extend(c.stage(Stage.Kind.RESPOND).due(), null)));
        }

        @Test
        void anAgreementInTheFutureIsInvalid() {
            Case c = aComplaint().acknowledged().build();
            Instant later = c.stage(Stage.Kind.RESPOND).due().plus(Duration.ofDays(1));

            assertInvalid("agreement.agreedAt", () -> c.extend(owner(), NOW, extend(later, NOW.plusSeconds(301))));
        }

        @Test
        void withoutARespondTargetIsAConflict() {
            assertConflict(() -> aComplaint()
                    .acknowledged()
                    .noRespondTarget()
                    .build()
                    .extend(owner(), NOW, extend(NOW.plus(Duration.ofDays(30)), null)));
        }

        @Test
        void underReviewMovesTheReviewDueDate() {
            Instant due = NOW.plus(Duration.ofDays(10));
            Case c = aComplaint().underReview(EVE, NOW, due).build();

            CaseChange change = c.extend(executive(EVE), NOW, extend(due.plus(Duration.ofDays(5)), null));

            assertThat(change.after().stage(Stage.Kind.REVIEW).due()).isEqualTo(due.plus(Duration.ofDays(5)));
            assertThat(change.after().stage(Stage.Kind.REVIEW).originalDue()).isEqualTo(due);
        }

        @Test
        void underReviewIsForTheReviewerNotTheHandlers() {
            Instant due = NOW.plus(Duration.ofDays(10));
            Case c = aComplaint().underReview(EVE, NOW, due).build();

            assertForbidden(() -> c.extend(owner(), NOW, extend(due.plus(Duration.ofDays(5)), null)));
        }
    }

    @Nested
    class ClosingAndReopening {

        @Test
        void closingARespondedCaseRecordsWhen() {
            CaseChange change = aComplaint().responded().build().close(owner(), NOW, " ");

            assertThat(change.after().status()).isEqualTo(CaseStatus.CLOSED);
            assertThat(change.after().closedAt()).isEqualTo(NOW);
            assertThat(((CaseEvents.Closed) change.events().getFirst()).note()).isNull();
        }

        @Test
        void closingBeforeTheResponseIsAConflict() {
            assertConflict(() -> aComplaint().acknowledged().build().close(owner(), NOW, null));
        }

        @Test
        void feedbackThatNeedsNoResponseMayBeClosedOnceAcknowledged() {
            Case c = aComplaint().noRespondTarget().acknowledged().build();

            assertThat(c.close(owner(), NOW, null).after().status()).isEqualTo(CaseStatus.CLOSED);
        }

        @Test
        void reopeningRestartsTheRespondStageFromTheNewTarget() {
            Instant respondBy = NOW.plus(Duration.ofDays(20));

            CaseChange change = aComplaint().closedAt(NOW).build().reopen(owner(), NOW, " again ", respondBy);

            Case after = change.after();
            assertThat(after.status()).isEqualTo(CaseStatus.ACKNOWLEDGED);
            assertThat(after.stage(Stage.Kind.RESPOND))
                    .isEqualTo(new Stage(Stage.Kind.RESPOND, NOW, respondBy, respondBy, null, null));
            assertThat(after.outcome()).isNull();
            assertThat(after.closedAt()).isNull();
            assertThat(after.reopenCount()).isEqualTo(1);
        }

        @Test
        void reopeningACaseNeverAcknowledgedMakesItReceivedAgain() {
            Case neverAcknowledged = aComplaint().closedAt(NOW).unacknowledged().build();

            assertThat(neverAcknowledged.reopen(owner(), NOW, "r", null).after().status())
                    .isEqualTo(CaseStatus.RECEIVED);
        }

        @Test
        void reopeningMakesWhoeverReopensAHandler() {
            Actor agent = agentOf(BILLING);

            assertThat(aComplaint()
                            .closedAt(NOW)
                            .build()
                            .reopen(agent, NOW, "r", null)
                            .after()
                            .handledBy(agent.staffId()))
                    .isTrue();
        }

        @Test
        void reopeningAnOpenCaseIsAConflict() {
            assertConflict(() -> aComplaint().responded().build().reopen(owner(), NOW, "r", null));
        }
    }

    @Nested
    class Reviewing {

        private Case.RequestReview request(Instant requestedAt, Instant deadline, Case.Person reviewer) {
            return new Case.RequestReview(
                    " disagree ",
                    requestedAt,
                    deadline,
                    "the deadline",
                    requestedAt.plus(Duration.ofDays(20)),
                    Lookup.of(reviewer));
        }

        private Case.DecideReview decide(ReviewDecision decision, Outcome outcome) {
            return new Case.DecideReview(decision, null, " reviewed ", AcknowledgementMethod.EMAIL, outcome, "because");
        }

        @Test
        void requestingPutsTheCaseUnderReviewWithItsOwnDueDate() {
            Case c = aComplaint().closedAt(RECEIVED.plus(Duration.ofHours(12))).build();

            CaseChange change = c.requestReview(owner(), NOW, request(NOW, null, EVE));

            assertThat(change.after().status()).isEqualTo(CaseStatus.UNDER_REVIEW);
            assertThat(change.after().review().reviewer()).isEqualTo(EVE);
            assertThat(change.after().stage(Stage.Kind.REVIEW).due()).isEqualTo(NOW.plus(Duration.ofDays(20)));
        }

        @Test
        void requestingAfterTheDeadlineIsAConflictNamingIt() {
            Case c = aComplaint().closedAt(RECEIVED.plus(Duration.ofHours(12))).build();
            Instant deadline = NOW.minusSeconds(1);

            CaseRefused r = refusal(() -> c.requestReview(owner(), NOW, request(NOW, deadline, EVE)));

            assertThat(r.kind()).isEqualTo(CaseRefused.Kind.CONFLICT);
            assertThat(r.properties()).containsEntry("reviewRequestDeadline", deadline.toString());
        }

        @Test
        void requestedBeforeTheClosureIsInvalid() {
            Case c = aComplaint().closedAt(NOW).build();

            assertInvalid("requestedAt", () -> c.requestReview(owner(), NOW, request(NOW.minusSeconds(1), null, EVE)));
        }

        @Test
        void aReviewerWhoHandledTheCaseIsInvalid() {
            Case c = aComplaint()
                    .closedAt(RECEIVED.plus(Duration.ofHours(12)))
                    .handledBy(EVE)
                    .build();

            assertInvalid("reviewer", () -> c.requestReview(owner(), NOW, request(NOW, null, EVE)));
        }

        @Test
        void isNotAvailableWhenThePolicyHasNoReviewStage() {
            Case c = aComplaint()
                    .closedAt(RECEIVED.plus(Duration.ofHours(12)))
                    .noReviewUnderPolicy()
                    .build();

            assertConflict(() -> c.requestReview(owner(), NOW, request(NOW, null, EVE)));
        }

        @Test
        void isNotAvailableTwice() {
            Case c = aComplaint()
                    .closedAt(RECEIVED.plus(Duration.ofHours(12)))
                    .reviewed()
                    .build();

            assertConflict(() -> c.requestReview(owner(), NOW, request(NOW, null, EVE)));
        }

        @Test
        void assigningTheReviewerIsForExecutives() {
            Case c = aComplaint()
                    .underReview(EVE, NOW, NOW.plus(Duration.ofDays(20)))
                    .build();

            assertForbidden(() -> c.assignReviewer(managerOf(BILLING), NOW, Lookup.of(ERIC)));
        }

        @Test
        void assigningTheReviewerChangesWhoReviews() {
            Case c = aComplaint()
                    .underReview(EVE, NOW, NOW.plus(Duration.ofDays(20)))
                    .build();

            assertThat(c.assignReviewer(executive(EVE), NOW, Lookup.of(ERIC))
                            .after()
                            .review()
                            .reviewer())
                    .isEqualTo(ERIC);
        }

        @Test
        void decidingAnswersTheCustomerAndJudgesTheReviewStage() {
            Case c = aComplaint()
                    .underReview(EVE, NOW, NOW.plus(Duration.ofDays(20)))
                    .build();

            CaseChange change = c.decideReview(executive(EVE), NOW, decide(ReviewDecision.UPHELD, null));

            assertThat(change.after().status()).isEqualTo(CaseStatus.RESPONDED);
            assertThat(change.after().stage(Stage.Kind.REVIEW).outcome()).isEqualTo(StageOutcome.MET);
            assertThat(change.after().review().decision()).isEqualTo(ReviewDecision.UPHELD);
            assertThat(change.after().outcome()).isEqualTo(Outcome.UPHELD);
        }

        @Test
        void aChangedDecisionNeedsTheNewOutcome() {
            Case c = aComplaint()
                    .underReview(EVE, NOW, NOW.plus(Duration.ofDays(20)))
                    .build();

            assertInvalid("outcome", () -> c.decideReview(executive(EVE), NOW, decide(ReviewDecision.CHANGED, null)));
        }

        @Test
        void isDecidedOnlyByTheExecutiveAssigned() {
            Case c = aComplaint()
                    .underReview(EVE, NOW, NOW.plus(Duration.ofDays(20)))
                    .build();

            assertForbidden(() -> c.decideReview(executive(ERIC), NOW, decide(ReviewDecision.UPHELD, null)));
        }

        @Test
        void isNeverDecidedByAnExecutiveWhoHandledTheCase() {
            Case c = aComplaint()
                    .underReview(null, NOW, NOW.plus(Duration.ofDays(20)))
                    .handledBy(ERIC)
                    .build();

            assertForbidden(() -> c.decideReview(executive(ERIC), NOW, decide(ReviewDecision.UPHELD, null)));
        }
    }

    @Nested
    class Suggestions {

        @Test
        void onlySuggestionsHaveAnImprovementStatus() {
            CaseRefused r = refusal(
                    () -> aComplaint().build().recordImprovement(executive(EVE), NOW, ImprovementStatus.ADOPTED, null));

            assertThat(r.kind()).isEqualTo(CaseRefused.Kind.CONFLICT);
            assertThat(r.properties()).containsKey("kind");
        }

        @Test
        void aManagerOfAnotherDepartmentMayNotDecide() {
            assertForbidden(() ->
                    aSuggestion().build().recordImprovement(managerOf(CLAIMS), NOW, ImprovementStatus.ADOPTED, null));
        }

        @Test
        void decidingRecordsThePreviousStatusInTheEvent() {
            Case c = aSuggestion().closedAt(NOW).build();

            CaseChange change = c.recordImprovement(managerOf(BILLING), NOW, ImprovementStatus.ADOPTED, " yes ");

            assertThat(change.after().improvement().status()).isEqualTo(ImprovementStatus.ADOPTED);
            CaseEvents.ImprovementStatusChanged e =
                    (CaseEvents.ImprovementStatusChanged) change.events().getFirst();
            assertThat(e.previous()).isNull();
            assertThat(e.note()).isEqualTo("yes");
        }
    }

    @Nested
    class NeedToKnow {

        private final List<OversightRule.Overseer> eveOversees =
                List.of(new OversightRule.Overseer(EVE.id(), EVE.name(), true, true));

        @Test
        void namingGivesSightOfTheCase() {
            CaseChange change =
                    aComplaint().confidential().build().nameStaff(owner(), NOW, Lookup.of(CLARE), " needs to ");

            assertThat(change.after().isNamed(CLARE.id())).isTrue();
        }

        @Test
        void namingSomeoneAlreadyNamedIsInvalid() {
            assertInvalid(
                    "username",
                    () -> aComplaint().naming(CLARE).build().nameStaff(owner(), NOW, Lookup.of(CLARE), "r"));
        }

        @Test
        void namingIsForHandlers() {
            assertForbidden(() -> aComplaint().build().nameStaff(outsider(), NOW, Lookup.of(CLARE), "r"));
        }

        @Test
        void markingAboutStaffTakesThemOffTheNamed() {
            Case c = aComplaint().naming(SAM).build();

            CaseChange change = c.markAboutStaff(owner(), NOW, Lookup.of(SAM), null, eveOversees);

            assertThat(change.after().isAbout(SAM.id())).isTrue();
            assertThat(change.after().isNamed(SAM.id())).isFalse();
        }

        @Test
        void markingTheOwnerAsTheSubjectIsAConflict() {
            assertConflict(
                    () -> aComplaint().build().markAboutStaff(owner(), NOW, Lookup.of(OWNER), null, eveOversees));
        }

        @Test
        void markingTheLastOverseerAsTheSubjectIsInvalid() {
            assertInvalid(
                    "username",
                    () -> aComplaint().build().markAboutStaff(executive(ERIC), NOW, Lookup.of(EVE), null, eveOversees));
        }

        @Test
        void takingSomeoneOffTheSubjectsIsForAManagerWhoHandlesTheCase() {
            Case c = aComplaint().about(SAM).build();

            assertThat(c.removeAboutStaff(managerOf(BILLING), NOW, "sam", Lookup.of(SAM), "wrong")
                            .after()
                            .isAbout(SAM.id()))
                    .isFalse();
        }

        @Test
        void takingSomeoneOffTheSubjectsIsNotForAgents() {
            Case c = aComplaint().about(SAM).build();

            assertForbidden(() -> c.removeAboutStaff(owner(), NOW, "sam", Lookup.of(SAM), "wrong"));
        }

        @Test
        void takingOffSomeoneTheComplaintIsNotAboutIsInvalid() {
            assertInvalid(
                    "username",
                    () -> aComplaint().build().removeAboutStaff(executive(EVE), NOW, "clare", Lookup.of(CLARE), "r"));
        }
    }

    @Nested
    class Notes {

        @Test
        void aNoteIsAnEventThatLeavesTheCaseAsItWasInEveryState() {
            Case closed = aComplaint().acknowledged().responded().closedAt(NOW).build();

            CaseChange change = closed.addNote(owner(), NOW, "  Spoke to the team leader.  ");

            assertThat(change.after()).isEqualTo(closed);
            assertThat(change.details()).isEmpty();
            assertThat(change.events())
                    .singleElement()
                    .isEqualTo(new CaseEvents.NoteAdded(
                            closed.id(), closed.reference(), owner().username(), NOW, "Spoke to the team leader."));
        }

        @Test
        void someoneWhoMayNotHandleTheCaseMayNotAddANote() {
            Case c = aComplaint().build();

            assertThat(refusal(() -> c.addNote(outsider(), NOW, "Noted.")).kind())
                    .isEqualTo(CaseRefused.Kind.FORBIDDEN);
        }
    }

    @Nested
    class Files {

        @Test
        void aFileIsAnEventThatLeavesTheCaseAsItWasInEveryState() {
            Case closed = aComplaint().acknowledged().responded().closedAt(NOW).build();

            CaseChange change = closed.addFile(owner(), NOW, "letter.pdf", 1234);

            assertThat(change.after()).isEqualTo(closed);
            assertThat(change.details()).isEmpty();
            assertThat(change.events())
                    .singleElement()
                    .isEqualTo(new CaseEvents.FileAdded(
                            closed.id(), closed.reference(), owner().username(), NOW, "letter.pdf", 1234));
        }

        @Test
        void someoneWhoMayNotHandleTheCaseMayNotAddAFile() {
            assertThat(refusal(() -> aComplaint().build().addFile(outsider(), NOW, "photo.jpg", 10))
                            .kind())
                    .isEqualTo(CaseRefused.Kind.FORBIDDEN);
        }
    }
}
