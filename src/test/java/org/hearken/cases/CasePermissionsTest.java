package org.hearken.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hearken.cases.CaseStates.BILLING;
import static org.hearken.cases.CaseStates.CLAIMS;
import static org.hearken.cases.CaseStates.CLARE;
import static org.hearken.cases.CaseStates.ERIC;
import static org.hearken.cases.CaseStates.EVE;
import static org.hearken.cases.CaseStates.SAM;
import static org.hearken.cases.CaseStates.aComplaint;
import static org.hearken.cases.CaseStates.agentOf;
import static org.hearken.cases.CaseStates.executive;
import static org.hearken.cases.CaseStates.managerOf;
import static org.hearken.cases.CaseStates.outsider;
import static org.hearken.cases.CaseStates.owner;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.hearken.identity.Actor;
import org.hearken.identity.Role;
import org.junit.jupiter.api.Test;

/** The one rule for who may do what to a case now. */
class CasePermissionsTest {

    private static final Instant NOW = CaseStates.RECEIVED.plus(Duration.ofDays(1));

    @Test
    void aHandlerMayTakeEveryActionTheStateAllowsThatNeedsNoOtherRight() {
        Case c = aComplaint().build();

        assertThat(CasePermissions.allowedActions(c, owner()))
                .containsExactlyInAnyOrder(
                        CaseAction.ACKNOWLEDGE,
                        CaseAction.REFER,
                        CaseAction.ADD_REMEDY,
                        CaseAction.INTERIM_RESPONSE,
                        CaseAction.RESPOND,
                        CaseAction.EXTEND,
                        CaseAction.RECLASSIFY,
                        CaseAction.ADD_NOTE,
                        CaseAction.WRITE_TO_CUSTOMER,
                        CaseAction.ADD_FILE);
    }

    @Test
    void reclassifyingIsWorkOnTheCaseForItsHandlersManagersAndExecutivesOnly() {
        Case c = aComplaint().acknowledged().referredTo(CLARE, CLAIMS).build();
        Actor clare = CaseStates.actor(CLARE, Set.of(Role.AGENT), CLAIMS);

        assertThat(CasePermissions.rightFor(CaseAction.RECLASSIFY, c)).isEqualTo(CasePermissions.Right.HANDLE);
        for (Actor a : new Actor[] {owner(), agentOf(BILLING), managerOf(BILLING), executive(EVE)}) {
            assertThat(CasePermissions.allowedActions(c, a)).as(a.username()).contains(CaseAction.RECLASSIFY);
        }
        for (Actor a : new Actor[] {outsider(), managerOf(CLAIMS), clare}) {
            assertThat(CasePermissions.allowedActions(c, a)).as(a.username()).doesNotContain(CaseAction.RECLASSIFY);
        }
        assertThat(CasePermissions.allowedActions(
                        aComplaint().about(SAM).build(), CaseStates.actor(SAM, Set.of(Role.MANAGER), BILLING)))
                .doesNotContain(CaseAction.RECLASSIFY);
    }

    @Test
    void someoneOutsideTheCaseMayDoNothing() {
        assertThat(CasePermissions.allowedActions(aComplaint().build(), outsider()))
                .isEmpty();
    }

    @Test
    void theStateAloneDecidesWhatIsListedForEveryone() {
        Case c = aComplaint().build();

        assertThat(CasePermissions.byState(c)).isEqualTo(CaseRules.allowed(c.state()));
    }

    @Test
    void theReceiverOfAReferralMayAnswerItButNotWorkOnTheCase() {
        Case c = aComplaint().referredTo(CLARE, CLAIMS).build();
        Actor clare = CaseStates.actor(CLARE, Set.of(Role.AGENT), CLAIMS);

        assertThat(CasePermissions.allowedActions(c, clare))
                .containsExactlyInAnyOrder(CaseAction.ACCEPT_REFERRAL, CaseAction.DECLINE_REFERRAL);
    }

    @Test
    void aManagerOfTheDepartmentMayAssign() {
        ActorPermissions p = CasePermissions.answer(aComplaint().build(), managerOf(BILLING));

        assertThat(p.assigns()).isTrue();
        assertThat(p.actions()).contains("assign");
    }

    @Test
    void anAgentOfTheDepartmentHandlesButMayNotAssign() {
        ActorPermissions p = CasePermissions.answer(aComplaint().build(), agentOf(BILLING));

        assertThat(p.handles()).isTrue();
        assertThat(p.assigns()).isFalse();
        assertThat(p.actions()).doesNotContain("assign");
    }

    @Test
    void whoAnswersAReferralIsOnlyAskedWhenOneIsPending() {
        assertThat(CasePermissions.answer(aComplaint().build(), executive(EVE)).answersReferral())
                .isFalse();
    }

    @Test
    void aSubjectOfTheComplaintMayNotHandleItWhateverTheirRole() {
        Actor sam = CaseStates.actor(SAM, Set.of(Role.MANAGER), BILLING);

        assertThat(CasePermissions.answer(aComplaint().about(SAM).build(), sam).handles())
                .isFalse();
    }

    @Test
    void anExecutiveWhoHandledTheCaseMayNotExtendItsReview() {
        Case c = underReviewAfterEricHandledIt();

        assertThat(CasePermissions.allowedActions(c, executive(ERIC))).doesNotContain(CaseAction.EXTEND);
        assertThat(CasePermissions.allowedActions(c, executive(EVE))).contains(CaseAction.EXTEND);
    }

    @Test
    void anExecutiveWhoHandledTheCaseIsToldWhyTheyMayNotReviewIt() {
        Case c = underReviewAfterEricHandledIt();

        assertThat(CasePermissions.answer(c, executive(ERIC)).notOffered())
                .containsExactly("You handled this case, so you may not review it: an internal review is conducted"
                        + " by an executive who did not handle the case.");
        assertThat(CasePermissions.answer(c, executive(EVE)).notOffered()).isEmpty();
    }

    @Test
    void whatTheWorkOnTheCaseNeedsIsNotRepeatedAmongTheReasons() {
        assertThat(CasePermissions.answer(aComplaint().build(), outsider()).notOffered())
                .containsExactly("Only a manager of the case's department or an executive may assign it.");
    }

    @Test
    void aManagerWhoHandlesTheCaseMayTakeSomeoneOffItsSubjects() {
        assertThat(CasePermissions.answer(aComplaint().build(), managerOf(BILLING))
                        .takesOffSubjects())
                .isTrue();
        assertThat(CasePermissions.answer(aComplaint().build(), managerOf(CLAIMS))
                        .takesOffSubjects())
                .isFalse();
    }

    @Test
    void theRefusalAndTheListNeverDisagree() {
        Case c = aComplaint().acknowledged().referredTo(CLARE, CLAIMS).build();
        for (Actor a : new Actor[] {owner(), outsider(), managerOf(CLAIMS), agentOf(CLAIMS), executive(EVE)}) {
            Set<CaseAction> allowed = CasePermissions.allowedActions(c, a);
            for (CaseAction action : CaseAction.values()) {
                assertThat(CasePermissions.refusal(action, c, a).isEmpty())
                        .as("%s %s", a.username(), action)
                        .isEqualTo(allowed.contains(action));
            }
        }
    }

    private static Case underReviewAfterEricHandledIt() {
        return aComplaint()
                .underReview(null, NOW, NOW.plus(Duration.ofDays(20)))
                .handledBy(ERIC)
                .build();
    }
}
