package org.hearken.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.hearken.cases.CaseStates.BILLING;
import static org.hearken.cases.CaseStates.CLAIMS;
import static org.hearken.cases.CaseStates.CLARE;
import static org.hearken.cases.CaseStates.EVE;
import static org.hearken.cases.CaseStates.RECEIVED;
import static org.hearken.cases.CaseStates.SAM;
import static org.hearken.cases.CaseStates.aComplaint;
import static org.hearken.cases.CaseStates.aQuestion;
import static org.hearken.cases.CaseStates.executive;
import static org.hearken.cases.CaseStates.managerOf;
import static org.hearken.cases.CaseStates.outsider;
import static org.hearken.cases.CaseStates.owner;

import java.time.Duration;
import java.time.Instant;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.hearken.identity.Actor;
import org.hearken.policy.Channel;
import org.hearken.policy.FeedbackKind;
import org.junit.jupiter.api.Test;

/** Reclassifying a case: which stages are counted again, and how; no Spring, no database. */
class CaseReclassificationTest {

    private static final Instant NOW = RECEIVED.plus(Duration.ofDays(1));

    /** The targets the policy version sets for the new kind and channel, in days after the receipt (null: none). */
    private static Case.Targets targets(Integer acknowledge, Integer firstResponse, Integer respond, Instant reviewBy) {
        return new Case.Targets(days(acknowledge), days(firstResponse), days(respond), reviewBy);
    }

    private static Instant days(Integer n) {
        return n == null ? null : RECEIVED.plus(Duration.ofDays(n));
    }

    private static CaseChange reclassify(Case c, Actor a, FeedbackKind kind, Channel channel, Case.Targets due) {
        return c.reclassify(a, NOW, new Case.Reclassify(kind, channel, "  Logged as a question by mistake ", due));
    }

    private static CaseChange asComplaint(Case c, Case.Targets due) {
        return reclassify(c, owner(), FeedbackKind.COMPLAINT, c.channel(), due);
    }

    private static CaseEvents.Reclassified event(CaseChange change) {
        assertThat(change.events()).singleElement().isInstanceOf(CaseEvents.Reclassified.class);
        return (CaseEvents.Reclassified) change.events().getFirst();
    }

    private static CaseRefused refusal(ThrowingCallable action) {
        CaseRefused refused = catchThrowableOfType(CaseRefused.class, action);
        assertThat(refused).as("refused").isNotNull();
        return refused;
    }

    @Test
    void aQuestionBecomesAComplaintWhoseRunningStagesTakeTheNewTargets() {
        Case c = aQuestion().build();

        CaseChange change = asComplaint(c, targets(1, 1, 10, null));

        Case after = change.after();
        assertThat(after.kind()).isEqualTo(FeedbackKind.COMPLAINT);
        assertThat(after.channel()).isEqualTo(Channel.EMAIL);
        assertThat(after.stage(Stage.Kind.ACKNOWLEDGE))
                .isEqualTo(new Stage(Stage.Kind.ACKNOWLEDGE, RECEIVED, days(1), days(1), null, null));
        assertThat(after.stage(Stage.Kind.FIRST_RESPONSE).due()).isEqualTo(days(1));
        assertThat(after.stage(Stage.Kind.RESPOND))
                .isEqualTo(new Stage(Stage.Kind.RESPOND, RECEIVED, days(10), days(10), null, null));
        assertThat(after.status()).isEqualTo(CaseStatus.RECEIVED);
    }

    @Test
    void theEventRecordsTheKindChannelAndDueDatesBeforeAndAfter() {
        Case c = aQuestion().build();

        CaseEvents.Reclassified e =
                event(reclassify(c, owner(), FeedbackKind.COMPLAINT, Channel.PHONE, targets(0, 0, 10, null)));

        assertThat(e.previousKind()).isEqualTo(FeedbackKind.QUESTION);
        assertThat(e.kind()).isEqualTo(FeedbackKind.COMPLAINT);
        assertThat(e.previousChannel()).isEqualTo(Channel.EMAIL);
        assertThat(e.channel()).isEqualTo(Channel.PHONE);
        assertThat(e.reason()).isEqualTo("Logged as a question by mistake");
        assertThat(e.actor()).isEqualTo("olive");
        assertThat(e.occurredAt()).isEqualTo(NOW);
        assertThat(e.dueDates())
                .containsExactly(
                        new CaseEvents.Reclassified.DueDate("ACKNOWLEDGE", days(2), days(0)),
                        new CaseEvents.Reclassified.DueDate("FIRST_RESPONSE", null, days(0)),
                        new CaseEvents.Reclassified.DueDate("RESPOND", days(20), days(10)));
    }

    @Test
    void aCompletedStageKeepsItsDateCompletionAndOutcomeAndIsNotListed() {
        Case c = aQuestion().acknowledged().build();
        Stage acknowledged = c.stage(Stage.Kind.ACKNOWLEDGE);

        CaseChange change = asComplaint(c, targets(0, 0, 10, null));

        assertThat(change.after().stage(Stage.Kind.ACKNOWLEDGE)).isEqualTo(acknowledged);
        assertThat(change.after().stage(Stage.Kind.FIRST_RESPONSE)).isEqualTo(c.stage(Stage.Kind.FIRST_RESPONSE));
        assertThat(change.after().stage(Stage.Kind.RESPOND).due()).isEqualTo(days(10));
        assertThat(event(change).dueDates())
                .extracting(CaseEvents.Reclassified.DueDate::stage)
                .containsExactly("RESPOND");
    }

    @Test
    void aRespondedCaseKeepsItsResponseAndOnlyChangesItsKind() {
        Case c = aQuestion().responded().build();

        CaseChange change = asComplaint(c, targets(0, 0, 1, null));

        assertThat(change.after().stages()).isEqualTo(c.stages());
        assertThat(change.after().outcome()).isEqualTo(c.outcome());
        assertThat(change.after().status()).isEqualTo(CaseStatus.RESPONDED);
        assertThat(event(change).dueDates()).isEmpty();
    }

    @Test
    void anExtensionLaterThanTheNewTargetStandsAgainstTheNewOriginalDate() {
        Case c = aQuestion().respondByExtended(days(20), days(30)).build();

        Stage respond = asComplaint(c, targets(2, null, 10, null)).after().stage(Stage.Kind.RESPOND);

        assertThat(respond.due()).isEqualTo(days(30));
        assertThat(respond.originalDue()).isEqualTo(days(10));
        // Answered between the two: late against the target, within the date the customer was told.
        assertThat(respond.judge(days(25))).isEqualTo(StageOutcome.MET_AFTER_EXTENSION);
    }

    @Test
    void anExtensionEarlierThanTheNewTargetGivesWayToIt() {
        Case c = aQuestion().respondByExtended(days(20), days(30)).build();

        Stage respond = asComplaint(c, targets(2, null, 40, null)).after().stage(Stage.Kind.RESPOND);

        assertThat(respond.due()).isEqualTo(days(40));
        assertThat(respond.originalDue()).isEqualTo(days(40));
    }

    @Test
    void aStageTheNewKindHasNoTargetForStopsHavingADueDate() {
        Case c = aComplaint()
                .acknowledged()
                .respondByExtended(days(20), days(30))
                .build();

        CaseChange change =
                reclassify(c, owner(), FeedbackKind.COMPLIMENT, Channel.EMAIL, targets(2, null, null, null));

        assertThat(change.after().stage(Stage.Kind.RESPOND).hasTarget()).isFalse();
        assertThat(change.after().stage(Stage.Kind.RESPOND).originalDue()).isNull();
        assertThat(change.after().expectedBy()).isNull();
        // With no response owed, an acknowledged compliment may be closed.
        assertThat(CaseRules.allowed(change.after().state())).contains(CaseAction.CLOSE);
        assertThat(event(change).dueDates())
                .containsExactly(new CaseEvents.Reclassified.DueDate("RESPOND", days(30), null));
    }

    @Test
    void aStageTheOldKindHadNoTargetForGetsOne() {
        Case c = aQuestion().noRespondTarget().acknowledged().build();

        CaseChange change = asComplaint(c, targets(2, null, 10, null));

        assertThat(change.after().stage(Stage.Kind.RESPOND).due()).isEqualTo(days(10));
        assertThat(change.after().expectedBy()).isEqualTo(days(10));
        assertThat(CaseRules.allowed(change.after().state()))
                .contains(CaseAction.EXTEND)
                .doesNotContain(CaseAction.CLOSE);
    }

    @Test
    void theDateTheCustomerWasGivenStaysWhenItIsNotTheResponsesDueDate() {
        Case c = aQuestion().acknowledged().expectedBy(days(25)).build();

        assertThat(asComplaint(c, targets(2, null, 10, null)).after().expectedBy())
                .isEqualTo(days(25));
    }

    @Test
    void theDateTheCustomerWasGivenFollowsTheResponsesDueDate() {
        Case c = aQuestion().acknowledged().build();

        assertThat(asComplaint(c, targets(2, null, 10, null)).after().expectedBy())
                .isEqualTo(days(10));
    }

    @Test
    void aRunningReviewIsCountedAgainFromItsRequest() {
        Instant requested = RECEIVED.plus(Duration.ofDays(10));
        Case c = aQuestion()
                .underReview(EVE, requested, requested.plus(Duration.ofDays(10)))
                .build();
        Instant reviewBy = requested.plus(Duration.ofDays(15));

        CaseChange change = asComplaint(c, targets(2, null, 10, reviewBy));

        Stage review = change.after().stage(Stage.Kind.REVIEW);
        assertThat(review).isEqualTo(new Stage(Stage.Kind.REVIEW, requested, reviewBy, reviewBy, null, null));
        assertThat(change.after().stage(Stage.Kind.RESPOND)).isEqualTo(c.stage(Stage.Kind.RESPOND));
        assertThat(change.after().status()).isEqualTo(CaseStatus.UNDER_REVIEW);
        assertThat(event(change).dueDates())
                .containsExactly(
                        new CaseEvents.Reclassified.DueDate("REVIEW", requested.plus(Duration.ofDays(10)), reviewBy));
    }

    @Test
    void aReopenedCasesResponseCountedFromTheReopeningKeepsItsDueDate() {
        Case c = aQuestion().reopened(days(40)).build();

        CaseChange change = asComplaint(c, targets(2, null, 10, null));

        assertThat(change.after().stage(Stage.Kind.RESPOND)).isEqualTo(c.stage(Stage.Kind.RESPOND));
        assertThat(change.after().kind()).isEqualTo(FeedbackKind.COMPLAINT);
    }

    @Test
    void theChannelAloneMayChange() {
        Case c = aQuestion().build();

        CaseChange change = reclassify(c, owner(), FeedbackKind.QUESTION, Channel.POSTAL, targets(3, null, 20, null));

        assertThat(change.after().kind()).isEqualTo(FeedbackKind.QUESTION);
        assertThat(change.after().channel()).isEqualTo(Channel.POSTAL);
        assertThat(change.after().stage(Stage.Kind.ACKNOWLEDGE).due()).isEqualTo(days(3));
        assertThat(event(change).dueDates())
                .contains(new CaseEvents.Reclassified.DueDate("RESPOND", days(20), days(20)));
    }

    @Test
    void whoMaySeeTheCaseDoesNotChange() {
        Case c = aComplaint().confidential().about(SAM).naming(CLARE).build();

        Case after = reclassify(c, owner(), FeedbackKind.QUESTION, Channel.EMAIL, targets(2, null, 20, null))
                .after();

        assertThat(after.parties()).isEqualTo(c.parties());
        assertThat(after.handlers()).isEqualTo(c.handlers());
    }

    @Test
    void theSameKindAndChannelAreRefusedNamingTheKind() {
        CaseRefused r = refusal(() -> asComplaint(aComplaint().build(), targets(2, null, 20, null)));

        assertThat(r.kind()).isEqualTo(CaseRefused.Kind.INVALID);
        assertThat(r.field()).isEqualTo("kind");
        assertThat(r.getMessage()).contains("COMPLAINT by EMAIL");
    }

    @Test
    void aClosedCaseIsNotReclassified() {
        Case c = aQuestion().closedAt(NOW).build();

        CaseRefused r = refusal(() -> asComplaint(c, targets(2, null, 20, null)));

        assertThat(r.kind()).isEqualTo(CaseRefused.Kind.CONFLICT);
        assertThat(r.getMessage()).contains("'reclassify' is not allowed while the case is closed");
    }

    @Test
    void whoHandlesTheCaseMayReclassifyItAndNobodyElse() {
        Case c = aQuestion().build();
        Case.Targets due = targets(2, null, 20, null);

        for (Actor a : new Actor[] {owner(), managerOf(BILLING), executive(EVE)}) {
            assertThat(reclassify(c, a, FeedbackKind.COMPLAINT, Channel.EMAIL, due)
                            .after()
                            .kind())
                    .as(a.username())
                    .isEqualTo(FeedbackKind.COMPLAINT);
        }
        for (Actor a : new Actor[] {outsider(), managerOf(CLAIMS)}) {
            assertThat(refusal(() -> reclassify(c, a, FeedbackKind.COMPLAINT, Channel.EMAIL, due))
                            .kind())
                    .as(a.username())
                    .isEqualTo(CaseRefused.Kind.FORBIDDEN);
        }
    }
}
