package org.hearken.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hearken.identity.Actor;
import org.hearken.identity.Role;
import org.junit.jupiter.api.Test;

/** The case visibility rule's Java form, case by case; CaseVisibilityPropertyIT checks that the SQL form agrees. */
class CaseAccessTest {

    private static final long OWNER = 1;
    private static final long LOGGER = 2;
    private static final long OTHER = 9;
    private static final long DEPT = 10;
    private static final long OTHER_DEPT = 20;

    private static CaseAccess.Parties open() {
        return new CaseAccess.Parties(OWNER, null, null, List.of(), List.of(), false, LOGGER, DEPT, null, List.of());
    }

    private static CaseAccess.Parties confidential() {
        return new CaseAccess.Parties(OWNER, null, null, List.of(), List.of(), true, LOGGER, DEPT, null, List.of());
    }

    private static Actor actor(long id, Set<Role> roles, Set<Long> departments) {
        return new Actor(id, "u" + id, "User " + id, roles, departments);
    }

    @Test
    void theOwnerSeesTheirCase() {
        assertThat(CaseAccess.canSee(actor(OWNER, Set.of(Role.AGENT), Set.of()), open()))
                .isTrue();
        assertThat(CaseAccess.canSee(actor(OWNER, Set.of(Role.AGENT), Set.of()), confidential()))
                .isTrue();
    }

    @Test
    void membersOfTheDepartmentSeeAnOpenCaseButNotAConfidentialOne() {
        Actor member = actor(OTHER, Set.of(Role.AGENT), Set.of(DEPT));
        assertThat(CaseAccess.canSee(member, open())).isTrue();
        assertThat(CaseAccess.canSee(member, confidential())).isFalse();
        assertThat(CaseAccess.canSee(actor(OTHER, Set.of(Role.AGENT), Set.of(OTHER_DEPT)), open()))
                .isFalse();
    }

    @Test
    void membersOfTheDepartmentAReferralWaitsForSeeTheCase() {
        var referred = new CaseAccess.Parties(
                OWNER, null, null, List.of(), List.of(), false, LOGGER, DEPT, OTHER_DEPT, List.of());
        assertThat(CaseAccess.canSee(actor(OTHER, Set.of(Role.AGENT), Set.of(OTHER_DEPT)), referred))
                .isTrue();
    }

    @Test
    void thePeopleOnTheCaseSeeItEvenWhenConfidential() {
        var c = new CaseAccess.Parties(OWNER, 3L, 4L, List.of(5L), List.of(), true, LOGGER, DEPT, null, List.of());
        for (long person : List.of(3L, 4L, 5L)) {
            assertThat(CaseAccess.canSee(actor(person, Set.of(), Set.of()), c))
                    .as("person %d", person)
                    .isTrue();
        }
        assertThat(CaseAccess.canSee(actor(LOGGER, Set.of(Role.AGENT), Set.of()), c))
                .as("who logged a confidential case")
                .isFalse();
        assertThat(CaseAccess.canSee(actor(LOGGER, Set.of(Role.AGENT), Set.of()), open()))
                .as("who logged an open case")
                .isTrue();
    }

    @Test
    void theClientsRelationshipManagersSeeItsCasesButNotConfidentialOnesUnlessNamed() {
        var clients = new CaseAccess.Parties(
                OWNER, null, null, List.of(), List.of(), false, LOGGER, DEPT, null, List.of(7L, 8L));
        var confidentialOfClient =
                new CaseAccess.Parties(OWNER, null, null, List.of(), List.of(), true, LOGGER, DEPT, null, List.of(7L));
        var namedOnConfidential = new CaseAccess.Parties(
                OWNER, null, null, List.of(7L), List.of(), true, LOGGER, DEPT, null, List.of(7L));
        var aboutTheManager = new CaseAccess.Parties(
                OWNER, null, null, List.of(), List.of(7L), false, LOGGER, DEPT, null, List.of(7L));
        Actor manager = actor(7, Set.of(Role.AGENT), Set.of(OTHER_DEPT));
        assertThat(CaseAccess.canSee(manager, clients)).isTrue();
        assertThat(CaseAccess.canSee(actor(8, Set.of(), Set.of()), clients))
                .as("the deputy")
                .isTrue();
        assertThat(CaseAccess.canSee(manager, confidentialOfClient)).isFalse();
        assertThat(CaseAccess.canSee(manager, namedOnConfidential)).isTrue();
        assertThat(CaseAccess.canSee(manager, aboutTheManager))
                .as("a complaint about them")
                .isFalse();
        assertThat(CaseAccess.canHandle(manager, clients))
                .as("seeing is not handling")
                .isFalse();
    }

    @Test
    void executivesSeeEverythingAdministratorsWhatIsNotConfidential() {
        assertThat(CaseAccess.canSee(actor(OTHER, Set.of(Role.EXECUTIVE), Set.of()), confidential()))
                .isTrue();
        assertThat(CaseAccess.canSee(actor(OTHER, Set.of(Role.ADMIN), Set.of()), open()))
                .isTrue();
        assertThat(CaseAccess.canSee(actor(OTHER, Set.of(Role.ADMIN), Set.of()), confidential()))
                .isFalse();
        assertThat(CaseAccess.canSee(actor(OTHER, Set.of(Role.MANAGER), Set.of()), open()))
                .isFalse();
    }

    @Test
    void nobodySeesAComplaintAboutThemWhateverTheirRoleOrPlaceOnIt() {
        var aboutOwner = new CaseAccess.Parties(
                OWNER, OWNER, OWNER, List.of(OWNER), List.of(OWNER), false, OWNER, DEPT, DEPT, List.of(OWNER));
        assertThat(CaseAccess.canSee(actor(OWNER, Set.of(Role.values()), Set.of(DEPT)), aboutOwner))
                .isFalse();
        assertThat(CaseAccess.canSee(actor(OTHER, Set.of(Role.AGENT), Set.of(DEPT)), aboutOwner))
                .isTrue();
    }

    @Test
    void theSqlFormCallsTheDatabaseFunctionWithTheReadersArguments() {
        Map<String, Object> params = new HashMap<>();
        String sql = CaseAccess.sqlCondition(actor(OTHER, Set.of(Role.MANAGER, Role.AGENT), Set.of(20L, 10L)), params);
        assertThat(sql).isEqualTo("case_visible_to(case_parties(c), :reader, :readerRoles, :readerDepartments)");
        assertThat(params).containsEntry("reader", OTHER);
        assertThat((String[]) params.get("readerRoles")).containsExactly("AGENT", "MANAGER");
        assertThat((Long[]) params.get("readerDepartments")).containsExactly(10L, 20L);
    }
}
