package org.hearken.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GroupMappingTest {

    private static final List<SingleSignOnSettings.GroupRule> RULES = List.of(
            new SingleSignOnSettings.GroupRule("agents", Set.of(Role.AGENT), Set.of("waste")),
            new SingleSignOnSettings.GroupRule("managers", Set.of(Role.MANAGER, Role.AGENT), Set.of("WASTE", "PARKS")),
            new SingleSignOnSettings.GroupRule("parks", Set.of(), Set.of("PARKS")),
            new SingleSignOnSettings.GroupRule(
                    "b1f4e6c2-0d6a-4c1e-9d0e-7f3c2a1b5e90", Set.of(Role.EXECUTIVE), Set.of()));

    @Test
    void theGroupsGiveTheUnionOfTheirRolesAndDepartments() {
        GroupMapping.Access access = GroupMapping.access(RULES, Set.of("agents", "parks", "unmapped"))
                .orElseThrow();
        assertThat(access.roles()).containsExactlyInAnyOrder(Role.AGENT);
        assertThat(access.departments()).containsExactlyInAnyOrder("WASTE", "PARKS");
        assertThat(access.matchedGroups()).containsExactlyInAnyOrder("agents", "parks");
    }

    @Test
    void groupsAreMatchedExactlyByName() {
        assertThat(GroupMapping.access(RULES, Set.of("Agents"))).isEmpty();
        assertThat(GroupMapping.access(RULES, Set.of("b1f4e6c2-0d6a-4c1e-9d0e-7f3c2a1b5e90"))
                        .orElseThrow()
                        .roles())
                .containsExactly(Role.EXECUTIVE);
    }

    @Test
    void noMappedGroupOrNoRoleGivesNoAccess() {
        assertThat(GroupMapping.access(RULES, Set.of())).isEmpty();
        assertThat(GroupMapping.access(RULES, Set.of("unmapped"))).isEmpty();
        assertThat(GroupMapping.access(RULES, Set.of("parks")))
                .as("departments but no role")
                .isEmpty();
    }

    @Test
    void aClaimIsAListOfGroupsOrOneValue() {
        assertThat(GroupMapping.groups(List.of("a", " b ", "", 7, "a"))).containsExactly("a", "b");
        assertThat(GroupMapping.groups("council.example.org")).containsExactly("council.example.org");
        assertThat(GroupMapping.groups(null)).isEmpty();
        assertThat(GroupMapping.groups(Boolean.TRUE)).isEmpty();
        assertThat(GroupMapping.groups(java.util.stream.IntStream.range(0, 5000)
                        .mapToObj(i -> "g" + i)
                        .toList()))
                .hasSize(GroupMapping.MAX_GROUPS);
    }

    @Test
    void settingsNameWhatIsMissing() {
        SingleSignOnSettings off = new SingleSignOnSettings(false, null, null, null, null, null, null, null, null);
        assertThat(off.problems()).isEmpty();
        assertThat(off.groupsClaim()).isEqualTo("groups");
        assertThat(off.scopes()).containsExactly("openid", "profile", "email");
        SingleSignOnSettings on = new SingleSignOnSettings(
                true, null, "", "", null, List.of("profile"), null, List.of(), Set.of(" Admin ", ""));
        assertThat(on.problems())
                .anyMatch(p -> p.contains("HEARKEN_SSO_ISSUER"))
                .anyMatch(p -> p.contains("HEARKEN_SSO_CLIENT_ID"))
                .anyMatch(p -> p.contains("openid"))
                .anyMatch(p -> p.contains("no group is mapped"));
        assertThat(on.breakGlassUsers()).containsExactly("admin");
    }
}
