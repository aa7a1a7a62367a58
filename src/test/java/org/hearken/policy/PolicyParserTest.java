package org.hearken.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PolicyParserTest {

    /** The example from the policy documentation, line for line. */
    static final String EXAMPLE = """
            name: Test policy
            calendar:
              zone: Australia/Sydney
              workdays: [MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY]
              opens: "09:00"
              closes: "17:00"
              holidays: { country: AU, region: nsw }
              closures: [2026-12-29, 2026-12-30]
            targets:
              - kinds: [COMPLAINT, QUESTION, SERVICE_REQUEST]
                acknowledge: 1
                respond: 7
              - kinds: [SUGGESTION, COMPLIMENT]
                acknowledge: 1
                respond: null
            """;

    static String shipped(String name) throws IOException {
        return Files.readString(Path.of("policies", name), StandardCharsets.UTF_8);
    }

    static List<PolicyProblem> problems(String document) {
        try {
            PolicyParser.parse(document);
        } catch (PolicyValidationException e) {
            return e.problems();
        }
        throw new AssertionError("the document was accepted:\n" + document);
    }

    /** Replaces line {@code line} (1-based) of {@link #EXAMPLE}. */
    static String exampleWithLine(int line, String replacement) {
        List<String> lines = new java.util.ArrayList<>(EXAMPLE.lines().toList());
        lines.set(line - 1, replacement);
        return String.join("\n", lines) + "\n";
    }

    @Test
    void theDocumentedExampleParses() {
        ServicePolicy p = PolicyParser.parse(EXAMPLE);
        assertThat(p.name()).isEqualTo("Test policy");
        assertThat(p.calendar().zone()).isEqualTo(ZoneId.of("Australia/Sydney"));
        assertThat(p.calendar().workingDays()).isEqualTo(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY));
        assertThat(p.calendar().opens()).isEqualTo(LocalTime.of(9, 0));
        assertThat(p.calendar().closes()).isEqualTo(LocalTime.of(17, 0));
        assertThat(p.calendar().closures()).containsOnlyKeys(LocalDate.of(2026, 12, 29), LocalDate.of(2026, 12, 30));
        assertThat(p.rules()).hasSize(2);
        assertThat(p.rules().get(0).line()).isEqualTo(10);
        assertThat(p.rules().get(0).channels()).isEqualTo(EnumSet.allOf(Channel.class));
        assertThat(p.targets(FeedbackKind.COMPLAINT, Channel.EMAIL)).isEqualTo(new Targets(1, null, 7, null));
        assertThat(p.targets(FeedbackKind.COMPLIMENT, Channel.PHONE)).isEqualTo(new Targets(1, null, null, null));
        assertThat(p.reviewRequestWithin()).isNull();
        assertThat(p.reopenRespond()).isNull();
    }

    @Test
    void metartParses() throws IOException {
        ServicePolicy p = PolicyParser.parse(shipped("metart.yaml"));
        assertThat(p.name()).isEqualTo("Metart customer feedback policy");
        assertThat(p.calendar().zone()).isEqualTo(ZoneId.of("Australia/Sydney"));
        assertThat(p.calendar().closures())
                .containsEntry(LocalDate.of(2026, 12, 29), "Office closed between Christmas and New Year");
        assertThat(p.calendar().isBusinessDay(LocalDate.of(2026, 8, 3)))
                .as("NSW Bank Holiday is for banks only")
                .isTrue();
        for (FeedbackKind kind : List.of(FeedbackKind.COMPLAINT, FeedbackKind.QUESTION, FeedbackKind.SERVICE_REQUEST)) {
            assertThat(p.targets(kind, Channel.EMAIL)).isEqualTo(new Targets(1, null, 7, null));
            assertThat(p.targets(kind, Channel.POSTAL)).isEqualTo(new Targets(1, null, 7, null));
            assertThat(p.targets(kind, Channel.PHONE)).isEqualTo(new Targets(0, null, 7, null));
            assertThat(p.targets(kind, Channel.IN_PERSON)).isEqualTo(new Targets(0, null, 7, null));
        }
        assertThat(p.targets(FeedbackKind.SUGGESTION, Channel.WEB_FORM)).isEqualTo(new Targets(1, null, null, null));
        assertThat(p.targets(FeedbackKind.COMPLIMENT, Channel.PHONE)).isEqualTo(new Targets(0, null, null, null));
    }

    @Test
    void safetracParses() throws IOException {
        ServicePolicy p = PolicyParser.parse(shipped("safetrac.yaml"));
        assertThat(p.calendar().zone()).isEqualTo(ZoneId.of("Australia/Brisbane"));
        assertThat(p.calendar().opens()).isEqualTo(LocalTime.of(8, 30));
        assertThat(p.targets(FeedbackKind.COMPLAINT, Channel.PHONE)).isEqualTo(new Targets(0, 0, 5, 10));
        assertThat(p.targets(FeedbackKind.COMPLAINT, Channel.EMAIL)).isEqualTo(new Targets(0, 0, 5, 10));
        assertThat(p.targets(FeedbackKind.COMPLAINT, Channel.POSTAL)).isEqualTo(new Targets(1, null, 5, 10));
        assertThat(p.targets(FeedbackKind.QUESTION, Channel.EMAIL)).isEqualTo(new Targets(0, 0, 5, null));
        assertThat(p.targets(FeedbackKind.COMPLIMENT, Channel.EMAIL)).isEqualTo(new Targets(0, 0, null, null));
        assertThat(p.targets(FeedbackKind.SUGGESTION, Channel.WEB_FORM)).isEqualTo(new Targets(1, null, null, null));
        assertThat(p.reviewRequestWithin()).isEqualTo(20);
    }

    @ParameterizedTest
    @ValueSource(strings = {"metart.yaml", "safetrac.yaml"})
    void theBuiltInCopiesAreTheEditableFiles(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/policies/" + name)) {
            assertThat(in).as("classpath copy of %s", name).isNotNull();
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .as("src/main/resources/policies/%s must equal policies/%s", name, name)
                    .isEqualTo(shipped(name));
        }
    }

    @Test
    void badWeekday() {
        assertThat(problems(exampleWithLine(4, "  workdays: [MONDAY, FUNDAY]")))
                .containsExactly(new PolicyProblem(4, 22, "'FUNDAY' is not a day of the week (use MONDAY … SUNDAY)"));
        assertThat(problems(exampleWithLine(4, "  workdays: [MONDAY, FUNDAY]")).getFirst())
                .hasToString("line 4: 'FUNDAY' is not a day of the week (use MONDAY … SUNDAY)");
    }

    @Test
    void unknownZone() {
        assertThat(problems(exampleWithLine(3, "  zone: Mars/Olympus")))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.line()).isEqualTo(3);
                    assertThat(p.message()).startsWith("unknown time zone 'Mars/Olympus'");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "1.5", "seven", "[7]"})
    void badTarget(String value) {
        assertThat(problems(exampleWithLine(12, "    respond: " + value)))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.line()).isEqualTo(12);
                    assertThat(p.message()).startsWith("respond must be a whole number of business days ≥ 0 or null");
                });
    }

    @Test
    void hugeTarget() {
        assertThat(problems(exampleWithLine(11, "    acknowledge: 100000")))
                .singleElement()
                .hasToString("line 11: acknowledge must be at most 1000 business days, not 100000");
    }

    @Test
    void unknownKey() {
        assertThat(problems(exampleWithLine(1, "nmae: Test policy")))
                .contains(new PolicyProblem(1, 1, "unknown key 'nmae' — did you mean 'name'?"));
        assertThat(problems(exampleWithLine(14, "    acknowledgement: 1")))
                .containsExactly(
                        new PolicyProblem(
                                14,
                                5,
                                "unknown key 'acknowledgement' (expected one of: kinds, channels, acknowledge, firstResponse, respond, review)"));
    }

    @Test
    void yamlSyntaxErrorKeepsItsLine() {
        List<PolicyProblem> problems = problems(exampleWithLine(6, "  closes: \"17:00"));
        assertThat(problems)
                .singleElement()
                .satisfies(p -> assertThat(p.message()).startsWith("YAML syntax error"));
        assertThat(problems(exampleWithLine(8, "  closures: [2026-12-29, 2026-12-30")))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.message()).startsWith("YAML syntax error");
                    assertThat(p.line()).isBetween(8, 9);
                });
        assertThat(problems(exampleWithLine(5, "  opens: 09:00: 10:00")))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.line()).isEqualTo(5);
                    assertThat(p.message()).startsWith("YAML syntax error: mapping values are not allowed here");
                });
    }

    @Test
    void everyKindMustBeCovered() {
        String withoutSuggestions = exampleWithLine(13, "  - kinds: [COMPLIMENT]");
        assertThat(problems(withoutSuggestions))
                .containsExactly(
                        new PolicyProblem(9, 1, "no target rule covers SUGGESTION (add it to the kinds of a rule)"));

        String phoneOnly = EXAMPLE.replace(
                "  - kinds: [SUGGESTION, COMPLIMENT]\n",
                "  - kinds: [SUGGESTION, COMPLIMENT]\n    channels: [PHONE]\n");
        assertThat(problems(phoneOnly))
                .extracting(PolicyProblem::toString)
                .containsExactly(
                        "line 9: no target rule covers SUGGESTION received by IN_PERSON, EMAIL, POSTAL, WEB_FORM, API (add a rule for it, or one without channels)",
                        "line 9: no target rule covers COMPLIMENT received by IN_PERSON, EMAIL, POSTAL, WEB_FORM, API (add a rule for it, or one without channels)");
    }

    @Test
    void opensMustBeBeforeCloses() {
        String swapped = exampleWithLine(6, "  closes: \"08:00\"");
        assertThat(problems(swapped))
                .containsExactly(new PolicyProblem(6, 11, "closes (08:00) must be after opens (09:00)"));
        assertThat(problems(exampleWithLine(5, "  opens: 9am")))
                .singleElement()
                .hasToString("line 5: opens must be a time of day such as \"09:00\", not '9am'");
    }

    @Test
    void holidayCountryAndRegionAreChecked() {
        assertThat(problems(exampleWithLine(7, "  holidays: { country: XX, region: nsw }")))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.line()).isEqualTo(7);
                    assertThat(p.message()).startsWith("unknown holiday country 'XX'");
                });
        assertThat(problems(exampleWithLine(7, "  holidays: { country: AU, region: zzz }")))
                .singleElement()
                .hasToString(
                        "line 7: unknown holiday region 'zzz' for AU (known: act, nsw, nt, qld, sa, tas, vic, wa)");
        assertThat(problems(exampleWithLine(7, "  holidays: { country: AU, region: nsw, except: [Melbourne Cup] }")))
                .singleElement()
                .satisfies(p -> assertThat(p.message())
                        .startsWith("'Melbourne Cup' is not one of the holidays of Australia / New South Wales"));
    }

    @Test
    void closuresMayHaveLabelsAndRuns() {
        ServicePolicy p = PolicyParser.parse(exampleWithLine(
                8,
                String.join(
                        "\n",
                        "  closures:",
                        "    - 2026-12-24",
                        "    - { date: 2026-12-29, label: Stocktake }",
                        "    - { from: 2027-01-04, to: 2027-01-06, label: Office move }")));
        assertThat(p.calendar().closures().keySet())
                .containsExactly(
                        LocalDate.of(2026, 12, 24),
                        LocalDate.of(2026, 12, 29),
                        LocalDate.of(2027, 1, 4),
                        LocalDate.of(2027, 1, 5),
                        LocalDate.of(2027, 1, 6));
        assertThat(p.calendar().closures().values())
                .containsExactly(null, "Stocktake", "Office move", "Office move", "Office move");
        assertThat(problems(exampleWithLine(8, "  closures: [2026-13-01]")))
                .singleElement()
                .hasToString("line 8: '2026-13-01' is not a date (use YYYY-MM-DD, e.g. 2026-12-29)");
        assertThat(problems(exampleWithLine(8, "  closures: [{ from: 2027-01-06, to: 2027-01-04 }]")))
                .singleElement()
                .hasToString("line 8: the closure ends (2027-01-04) before it starts (2027-01-06)");
    }

    @Test
    void aRuleHiddenByEarlierRulesIsAnError() {
        String shadowed = EXAMPLE + """
                  - kinds: [COMPLAINT]
                    channels: [PHONE]
                    acknowledge: 0
                """;
        assertThat(problems(shadowed)).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(16);
            assertThat(p.message()).startsWith("this rule never applies");
        });
    }

    @Test
    void duplicateKeysAreReported() {
        String twice = EXAMPLE.replace("    respond: 7\n", "    respond: 7\n    respond: 5\n");
        assertThat(problems(twice)).singleElement().hasToString("line 13: 'respond' is given twice (first on line 12)");
    }

    @Test
    void extensionsParse() {
        String doc = """
                name: Extended
                description: Free text about the policy.
                calendar:
                  zone: Europe/London
                  workdays: [monday, tuesday, wednesday, thursday, friday]
                  opens: 9:00
                  closes: 17:30
                  holidays: { country: GB, region: eng }
                targets:
                  - kinds: [COMPLAINT]
                    channels: [PHONE, EMAIL]
                    acknowledge: 0
                    firstResponse: 0
                    respond: 5
                    review: 10
                  - kinds: [COMPLAINT, QUESTION, SERVICE_REQUEST, SUGGESTION, COMPLIMENT]
                    acknowledge: 1
                    respond: 5
                review: { requestWithin: 20 }
                reopen: { respond: 3 }
                """;
        ServicePolicy p = PolicyParser.parse(doc);
        assertThat(p.description()).isEqualTo("Free text about the policy.");
        assertThat(p.calendar().closes()).isEqualTo(LocalTime.of(17, 30));
        assertThat(p.targets(FeedbackKind.COMPLAINT, Channel.EMAIL)).isEqualTo(new Targets(0, 0, 5, 10));
        assertThat(p.targets(FeedbackKind.COMPLAINT, Channel.POSTAL)).isEqualTo(new Targets(1, null, 5, null));
        assertThat(p.reviewRequestWithin()).isEqualTo(20);
        assertThat(p.reopenRespond()).isEqualTo(3);
    }

    @Test
    void problemsAreCollectedInDocumentOrder() {
        String doc = EXAMPLE.replace("Australia/Sydney", "Mars/Olympus")
                .replace("FRIDAY]", "FUNDAY]")
                .replace("respond: 7", "respond: -7");
        assertThat(problems(doc)).extracting(PolicyProblem::line).containsExactly(3, 4, 12);
        assertThatThrownBy(() -> PolicyParser.parse(doc))
                .hasMessageStartingWith("The policy document has 3 problems:\n  line 3: unknown time zone");
    }

    @Test
    void missingSectionsAndWrongShapes() {
        assertThat(problems("name: Only a name\n"))
                .extracting(PolicyProblem::message)
                .containsExactly(
                        "the policy has no 'calendar' section",
                        "the policy has no 'targets' section (nor a 'pack' that sets its targets)");
        assertThat(problems("- a\n- list\n"))
                .singleElement()
                .hasToString("line 1: the policy document must be a mapping with the keys name, calendar and targets");
        assertThat(problems("   \n")).singleElement().hasToString("line 1: the policy document is empty");
        assertThat(problems("# only a comment\n")).singleElement().hasToString("line 1: the policy document is empty");
        assertThat(problems(EXAMPLE.replace("  zone: Australia/Sydney\n", "")))
                .singleElement()
                .hasToString("line 2: calendar is missing 'zone'");
    }

    @Test
    void sizeAndAliasesAreLimited() {
        assertThat(problems("name: x\n" + "#".repeat(PolicyParser.MAX_DOCUMENT_CHARS)))
                .singleElement()
                .hasToString("line 1: the policy document is larger than 256 KB");
        StringBuilder laughs = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            char prev = (char) (c - 1);
            laughs.append(c)
                    .append(": &")
                    .append(c)
                    .append(" [*")
                    .append(prev)
                    .append(", *")
                    .append(prev)
                    .append(", *")
                    .append(prev)
                    .append(", *")
                    .append(prev)
                    .append(", *")
                    .append(prev)
                    .append(", *")
                    .append(prev)
                    .append("]\n");
        }
        assertThat(problems(laughs.toString())).isNotEmpty();
    }

    @Test
    void deepNestingAndUnstorableCharactersAreProblemsNotCrashes() {
        assertThat(problems("name: " + "[".repeat(100_000) + "]".repeat(100_000)))
                .singleElement()
                .asString()
                .contains("Nesting Depth exceeded");
        assertThat(problems(EXAMPLE.replace("name: Test policy", "name: Test\u0000policy")))
                .singleElement()
                .asString()
                .contains("not valid YAML");
    }

    @Test
    void tagsCannotMakeTheParserBuildObjects() {
        String tagged = EXAMPLE.replace(
                "name: Test policy",
                "name: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://localhost/\"]]]]");
        assertThat(problems(tagged))
                .singleElement()
                .hasToString(
                        "line 1: YAML tags naming Java classes are not allowed (tag:yaml.org,2002:javax.script.ScriptEngineManager)");
    }
}
