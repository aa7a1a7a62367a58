package org.hearken;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

class ModuleStructureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.hearken");

    @Test
    void featureModulesOnlyUseEachOthersPublicApi() {
        ApplicationModules.of(HearkenApplication.class).verify();
    }

    @Test
    void timeComesOnlyFromAnInjectedClock() {
        noClasses()
                .should()
                .callMethod(java.time.Instant.class, "now")
                .orShould()
                .callMethod(java.time.LocalDate.class, "now")
                .orShould()
                .callMethod(java.time.LocalDateTime.class, "now")
                .orShould()
                .callMethod(java.time.ZonedDateTime.class, "now")
                .orShould()
                .callMethod(java.time.OffsetDateTime.class, "now")
                .orShould()
                .callMethod(System.class, "currentTimeMillis")
                .because("time must come from the injected java.time.Clock so that tests and deadline maths control it")
                .check(CLASSES);
    }

    @Test
    void calendarIsPureCode() {
        noClasses()
                .that()
                .resideInAPackage("org.hearken.calendar..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "java.sql..", "javax.sql..", "java.net..", "java.io..")
                .because("deadline maths is pure: no Spring, no I/O")
                .check(CLASSES);
    }

    /**
     * The case aggregate and its policy objects are pure: the service resolves anything that needs the database, the
     * clock or the framework before asking them. They are named here rather than moved to a package of their own so
     * that they stay package-private in the cases module, next to the service that uses them.
     */
    private static final String CASE_DOMAIN =
            "org\\.hearken\\.cases\\.(Case|CaseAccess|CaseChange|CasePermissions|CaseRefused|CaseRules|CaseState"
                    + "|Lookup|OversightRule|Stage|StageOutcome)(\\$.*)?";

    @Test
    void theCaseAggregateIsPureCode() {
        noClasses()
                .that()
                .haveNameMatching(CASE_DOMAIN)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.springframework..",
                        "java.sql..",
                        "javax.sql..",
                        "java.net..",
                        "java.io..",
                        "java.nio..",
                        "jakarta..",
                        "org.hearken.platform..")
                .orShould()
                .dependOnClassesThat()
                .belongToAnyOf(java.time.Clock.class)
                .orShould()
                .callMethod(java.time.Instant.class, "now")
                .because(
                        "the case's rules take the instant and every looked-up value as input, and refuse with their own"
                                + " CaseRefused: no Spring, no web exceptions, no"
                                + " database, no clock")
                .check(CLASSES);
    }

    @Test
    void theCaseAggregateIsFound() {
        org.assertj.core.api.Assertions.assertThat(CLASSES.stream()
                        .filter(c -> c.getName().matches(CASE_DOMAIN))
                        .map(com.tngtech.archunit.core.domain.JavaClass::getSimpleName))
                .contains("Case", "CasePermissions", "CaseRefused", "Stage", "CaseChange");
    }

    /**
     * The cases module's API: what other modules may use, and nothing else public. A new public type is a decision to
     * widen it (add it here); categories, status links and the what-if's timings live in their own modules.
     */
    private static final java.util.Set<String> CASES_API = java.util.Set.of(
            // the services
            "CaseManagement",
            "CaseLifecycle",
            "CaseImports",
            // what callers ask
            "OpenCase",
            "ClientLink",
            "ImportedCase",
            "CaseCommands",
            "CaseQuery",
            "CaseListQuery",
            "CaseAction",
            // what happened
            "CaseEvent",
            "CaseEvents",
            "CaseOpened",
            "ClientCaseOpened",
            // what callers are shown
            "CaseView",
            "CaseForActor",
            "CasePage",
            "CaseListItem",
            "CaseListPage",
            "CasePreview",
            "CaseFacts",
            "ActorPermissions",
            "CustomerStatus",
            "CustomerCases",
            "CustomerContact",
            "CustomerWording",
            // the values those carry
            "CaseStatus",
            "DueState",
            "StageOutcome",
            "AcknowledgementMethod",
            "Outcome",
            "PreferredReply",
            "RemedyStatus",
            "RemedyType",
            "ReviewDecision",
            "ImprovementStatus",
            // what it needs of another module: the templates' standard words, for a letter's required blocks
            "StandardWords");

    @Test
    void theCasesModuleExposesOnlyItsApi() {
        org.assertj.core.api.Assertions.assertThat(CLASSES.stream()
                        .filter(c -> c.getPackageName().equals("org.hearken.cases"))
                        .filter(c -> c.isTopLevelClass()
                                && c.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.PUBLIC))
                        .map(com.tngtech.archunit.core.domain.JavaClass::getSimpleName))
                .containsExactlyInAnyOrderElementsOf(CASES_API);
    }
}
