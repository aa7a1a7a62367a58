package org.hearken.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Who may decide on a request for the executive or administrator role, and when one is needed: the pure rule. */
class GrantRuleTest {

    private static final Instant NOW = Instant.parse("2026-11-25T00:00:00Z");
    private static final GrantRule.Request WAITING =
            new GrantRule.Request("alex", "nadia", GrantRule.Status.PENDING, NOW.plusSeconds(3600));

    @Test
    void onlyTheExecutiveAndAdministratorRolesNotYetHeldWaitForApproval() {
        assertThat(GrantRule.needingApproval(Set.of(), EnumSet.allOf(Role.class)))
                .containsExactlyInAnyOrder(Role.EXECUTIVE, Role.ADMIN);
        assertThat(GrantRule.needingApproval(Set.of(Role.AGENT), Set.of(Role.AGENT, Role.MANAGER)))
                .isEmpty();
        assertThat(GrantRule.needingApproval(Set.of(Role.EXECUTIVE), Set.of(Role.EXECUTIVE, Role.ADMIN)))
                .containsExactly(Role.ADMIN);
        // Taking a role away never waits.
        assertThat(GrantRule.needingApproval(Set.of(Role.EXECUTIVE, Role.ADMIN), Set.of(Role.AGENT)))
                .isEmpty();
    }

    @Test
    void anotherActiveAdministratorMayApprove() {
        assertThat(GrantRule.whyNotApprove("brook", true, WAITING, NOW)).isEmpty();
    }

    @Test
    void theAdministratorWhoAskedMayNotApprove() {
        assertThat(GrantRule.whyNotApprove("alex", true, WAITING, NOW)).contains(GrantRule.Refusal.OWN_REQUEST);
        assertThat(GrantRule.whyNotApprove("ALEX", true, WAITING, NOW)).contains(GrantRule.Refusal.OWN_REQUEST);
    }

    @Test
    void nobodyApprovesARoleForThemselves() {
        assertThat(GrantRule.whyNotApprove("nadia", true, WAITING, NOW)).contains(GrantRule.Refusal.OWN_GRANT);
    }

    @Test
    void onlyAnActiveAdministratorDecides() {
        assertThat(GrantRule.whyNotApprove("brook", false, WAITING, NOW)).contains(GrantRule.Refusal.NOT_ADMINISTRATOR);
        assertThat(GrantRule.whyNotRefuse(false, WAITING, NOW)).contains(GrantRule.Refusal.NOT_ADMINISTRATOR);
        assertThat(GrantRule.Refusal.NOT_ADMINISTRATOR.forbidden()).isTrue();
    }

    @Test
    void aRequestNoLongerWaitingOrLapsedIsNotDecidedAgain() {
        for (GrantRule.Status done :
                List.of(GrantRule.Status.APPROVED, GrantRule.Status.REFUSED, GrantRule.Status.DROPPED)) {
            var decided = new GrantRule.Request("alex", "nadia", done, WAITING.expiresAt());
            assertThat(GrantRule.whyNotApprove("brook", true, decided, NOW))
                    .as(done.name())
                    .contains(GrantRule.Refusal.DECIDED);
            assertThat(GrantRule.whyNotRefuse(true, decided, NOW))
                    .as(done.name())
                    .contains(GrantRule.Refusal.DECIDED);
        }
        assertThat(GrantRule.whyNotApprove("brook", true, WAITING, WAITING.expiresAt()))
                .contains(GrantRule.Refusal.EXPIRED);
        assertThat(GrantRule.whyNotApprove(
                        "brook", true, WAITING, WAITING.expiresAt().minusMillis(1)))
                .isEmpty();
        assertThat(GrantRule.Refusal.EXPIRED.forbidden()).isFalse();
    }

    @Test
    void anyActiveAdministratorMayRefuseTheOneWhoAskedIncluded() {
        assertThat(GrantRule.whyNotRefuse(true, WAITING, NOW)).isEmpty();
    }

    @Test
    void aSecondAdministratorIsAvailableOnlyIfSomeoneButTheOneAskingAndTheOneReceivingIsAnAdministrator() {
        assertThat(GrantRule.secondAdministratorAvailable(List.of("alex"), "alex", "nadia"))
                .isFalse();
        assertThat(GrantRule.secondAdministratorAvailable(List.of("alex", "nadia"), "alex", "nadia"))
                .isFalse();
        assertThat(GrantRule.secondAdministratorAvailable(List.of("alex", "brook"), "alex", "nadia"))
                .isTrue();
        assertThat(GrantRule.secondAdministratorAvailable(List.of("alex", "nadia", "brook"), "Alex", "NADIA"))
                .isTrue();
        assertThat(GrantRule.secondAdministratorAvailable(List.of(), "alex", "nadia"))
                .isFalse();
    }

    @Test
    void aRoleIsGivenWithoutASecondAdministratorOnlyIfNobodyCouldApproveAndNoOtherAdministratorLeftLately() {
        assertThat(GrantRule.givenAlone(List.of("alex"), "alex", "nadia", false))
                .isTrue();
        assertThat(GrantRule.givenAlone(List.of("alex", "nadia"), "alex", "nadia", false))
                .isTrue();
        assertThat(GrantRule.givenAlone(List.of("alex", "brook"), "alex", "nadia", false))
                .isFalse();
        // Having just deactivated or demoted the other administrators is no way to act alone.
        assertThat(GrantRule.givenAlone(List.of("alex"), "alex", "nadia", true)).isFalse();
    }
}
