package org.hearken.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.hearken.cases.OversightRule.Overseer;
import org.hearken.identity.Actor;
import org.hearken.identity.Role;
import org.junit.jupiter.api.Test;

class ComplaintOversightTest {

    private static final Overseer ELENA = new Overseer(1, "Elena", true, true);
    private static final Overseer DAVID = new Overseer(2, "David", true, true);
    private static final Overseer MARCUS_LEAD = new Overseer(3, "Marcus", false, true);
    private static final Overseer LEAD_WHO_MAY_NOT_SEE_IT = new Overseer(4, "Tom", false, false);

    @Test
    void aComplaintMayBeAboutStaffWhileSomeoneElseOverseesIt() {
        List<Overseer> overseers = List.of(ELENA, DAVID, MARCUS_LEAD);
        assertThat(ComplaintOversight.refusal(Set.of(1L, 2L), overseers)).isEmpty();
        assertThat(ComplaintOversight.refusal(Set.of(1L, 3L), overseers)).isEmpty();
        assertThat(ComplaintOversight.refusal(Set.of(9L), overseers)).isEmpty();
    }

    @Test
    void namingEveryExecutiveAndTheComplaintsLeadIsRefusedNamingWhoWouldBeLost() {
        assertThat(ComplaintOversight.refusal(Set.of(1L, 2L, 3L, 9L), List.of(ELENA, DAVID, MARCUS_LEAD)))
                .hasValue(
                        "nobody would be left to oversee this complaint: Elena, David and Marcus (the complaints lead) would all be"
                                + " among the staff it is about; leave at least one out");
        assertThat(ComplaintOversight.refusal(Set.of(1L), List.of(ELENA)))
                .hasValue(
                        "nobody would be left to oversee this complaint: Elena would be among the staff it is about; leave at least one out");
    }

    @Test
    void aLeadWhoMayNotSeeTheCaseOverseesNothing() {
        assertThat(ComplaintOversight.refusal(Set.of(1L, 2L), List.of(ELENA, DAVID, LEAD_WHO_MAY_NOT_SEE_IT)))
                .isPresent();
        assertThat(ComplaintOversight.refusal(Set.of(9L), List.of(LEAD_WHO_MAY_NOT_SEE_IT)))
                .hasValue(
                        "nobody would be left to oversee this complaint: there is no active executive and no complaints lead who may see it");
        assertThat(ComplaintOversight.refusal(Set.of(9L), List.of())).isPresent();
    }

    @Test
    void executivesAndManagersWhoHandleTheCaseMayTakeASubjectOff() {
        assertThat(ComplaintOversight.mayTakeOff(actor(Role.EXECUTIVE), false)).isTrue();
        assertThat(ComplaintOversight.mayTakeOff(actor(Role.MANAGER), true)).isTrue();
        assertThat(ComplaintOversight.mayTakeOff(actor(Role.MANAGER), false))
                .as("another department's manager")
                .isFalse();
        assertThat(ComplaintOversight.mayTakeOff(actor(Role.AGENT), true))
                .as("an agent of the department")
                .isFalse();
        assertThat(ComplaintOversight.mayTakeOff(actor(Role.ADMIN), true)).isFalse();
    }

    private static Actor actor(Role role) {
        return new Actor(5, "someone", "Someone", Set.of(role), Set.of(10L));
    }
}
