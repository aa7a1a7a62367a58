package org.hearken.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.hearken.identity.Actor;
import org.hearken.identity.Role;
import org.hearken.platform.FieldProblem;
import org.junit.jupiter.api.Test;

class ClientRulesTest {

    private static Actor actor(Role... roles) {
        return new Actor(1, "u1", "User", Set.of(roles), Set.of());
    }

    @Test
    void managersExecutivesAndAdministratorsManageClientsAndAnyoneWhoLogsCasesAttachesContacts() {
        assertThat(ClientRules.mayManage(actor(Role.MANAGER))).isTrue();
        assertThat(ClientRules.mayManage(actor(Role.EXECUTIVE))).isTrue();
        assertThat(ClientRules.mayManage(actor(Role.ADMIN))).isTrue();
        assertThat(ClientRules.mayManage(actor(Role.AGENT))).isFalse();
        assertThat(ClientRules.mayAttachContacts(actor(Role.AGENT))).isTrue();
        assertThat(ClientRules.mayAttachContacts(actor())).isFalse();
    }

    @Test
    void domainsAreStoredInLowerCaseOnceWithoutAtOrSpacesAndInternationalNamesInTheirAsciiForm() {
        List<FieldProblem> problems = new ArrayList<>();
        assertThat(ClientRules.domains(
                        Arrays.asList(" @Harbourside.Example ", "harbourside.example", "", null, "bücher.example"),
                        problems))
                .containsExactly("harbourside.example", "xn--bcher-kva.example");
        assertThat(problems).isEmpty();
    }

    @Test
    void publicMailServicesAndWhatIsNoDomainAreRefusedEachWithItsReason() {
        List<FieldProblem> problems = new ArrayList<>();
        assertThat(ClientRules.domains(
                        List.of("gmail.com", "Hotmail.co.uk", "localhost", "a..b", "-x.example", "x".repeat(300)),
                        problems))
                .isEmpty();
        assertThat(problems).extracting(FieldProblem::field).containsOnly("domains");
        assertThat(problems).hasSize(6);
        assertThat(problems.get(0).message()).contains("gmail.com is a public mail service");
        assertThat(problems.get(2).message()).contains("'localhost' is not an e-mail domain");
        assertThat(problems.get(5).message()).hasSizeLessThan(100);
    }

    @Test
    void atMostTwentyDomains() {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            many.add("d" + i + ".example");
        }
        List<FieldProblem> problems = new ArrayList<>();
        ClientRules.domains(many, problems);
        assertThat(problems)
                .singleElement()
                .extracting(FieldProblem::message)
                .asString()
                .contains("at most 20");
    }

    @Test
    void aNameIsOneLineOfAtMost200CharactersWithItsSpacesTidied() {
        List<FieldProblem> problems = new ArrayList<>();
        assertThat(ClientRules.name("  Harbourside   Property\tGroup ", problems))
                .isEqualTo("Harbourside Property Group");
        assertThat(problems).isEmpty();
        ClientRules.name(" ", problems);
        ClientRules.name("x".repeat(201), problems);
        ClientRules.name("a\u0000b", problems);
        assertThat(problems)
                .extracting(FieldProblem::message)
                .containsExactly("is required", "must be at most 200 characters", "must be a single line of text");
    }

    @Test
    void theDomainOfAnAddressIsItsPartAfterTheLastAt() {
        assertThat(ClientRules.domainOf("Leo.Marsh@Harbourside.EXAMPLE")).isEqualTo("harbourside.example");
        assertThat(ClientRules.domainOf("\"odd@name\"@bücher.example")).isEqualTo("xn--bcher-kva.example");
        assertThat(ClientRules.domainOf("no-at-sign")).isNull();
        assertThat(ClientRules.domainOf("trailing@")).isNull();
        assertThat(ClientRules.domainOf(null)).isNull();
    }
}
