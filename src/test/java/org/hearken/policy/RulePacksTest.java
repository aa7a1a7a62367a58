package org.hearken.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.hearken.calendar.ReceiptDayRule;
import org.junit.jupiter.api.Test;

/** The shipped packs keep the due-date contract's stage keys and cite a clause for everything; policies route to them. */
class RulePacksTest {

    /** The stage keys other software relies on (docs/api.md, "Due dates"). */
    static final Map<String, List<String>> CONTRACT = Map.of(
            "fca-disp", List.of("summary-resolution", "final-response"),
            "fca-disp-psd", List.of("final-response", "final-response-exceptional"),
            "ho-code-2024", List.of("stage1-acknowledge", "stage1-respond", "stage2-acknowledge", "stage2-respond"),
            "lgsco-code", List.of("stage1-acknowledge", "stage1-respond", "stage2-acknowledge", "stage2-respond"),
            "spso", List.of("stage1-respond", "stage2-acknowledge", "stage2-respond"),
            "nhs-2009", List.of("acknowledge", "respond"),
            "asic-rg271", List.of("acknowledge", "quick-resolution", "idr-response"),
            "nz-hdc", List.of("acknowledge", "decide", "update"));

    @Test
    void everyShippedPackHasTheContractsStageKeysAndCitesAClauseForEverything() {
        assertThat(RulePacks.SHIPPED).isNotEmpty();
        for (String id : RulePacks.SHIPPED) {
            RulePack pack = RulePacks.find(id).orElseThrow();
            assertThat(pack.stages())
                    .extracting(RulePack.PackStage::key)
                    .as(id)
                    .containsExactlyElementsOf(CONTRACT.get(id));
            assertThat(pack.receiptDay())
                    .as("%s counts from the day of receipt", id)
                    .isEqualTo(ReceiptDayRule.DAY_OF_RECEIPT);
            for (RulePack.PackStage s : pack.stages()) {
                assertThat(s.clause()).as("%s %s", id, s.key()).isNotBlank();
                if (s.extension() != null) {
                    assertThat(s.extension().clause()).isNotBlank();
                }
            }
            pack.letters()
                    .forEach((letter, blocks) -> blocks.forEach(b -> {
                        assertThat(b.clause())
                                .as("%s %s %s", id, letter, b.key())
                                .isNotBlank();
                        assertThat(b.mustContain()).isNotEmpty();
                    }));
        }
    }

    @Test
    void aPackWithoutAClauseOrWithAnUnknownKeyIsRefusedWithEveryProblemNamed() {
        String yaml = """
                id: bad
                version: "1"
                title: Bad
                source: nowhere
                receiptDay: day-of-receipt
                stages:
                  - { key: one, role: respond, title: One, anchor: receipt, target: 8 weeks }
                  - { key: two, role: respond, title: Two, anchor: someday, target: 8 fortnights, clause: X, colour: red }
                """;
        assertThatThrownBy(() -> RulePacks.parse(yaml))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pack bad")
                .hasMessageContaining("'clause' is missing")
                .hasMessageContaining("unknown anchor 'someday'")
                .hasMessageContaining("unknown unit 'fortnights'")
                .hasMessageContaining("unknown key 'colour'");
    }

    @Test
    void aCouncilRoutesHousingToTheHousingCodeAndMayOnlyShortenWhatTheCodeAllows() {
        String council = """
                name: Council
                calendar: { zone: Europe/London, workdays: [MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY], opens: "09:00", closes: "17:00" }
                products: [repairs, rent]
                packs:
                  - { departments: [Housing], pack: ho-code-2024, overrides: { stage1-acknowledge: 3 business-days } }
                  - { pack: ho-code-2024 }
                targets:
                  - { kinds: [QUESTION, SERVICE_REQUEST, SUGGESTION, COMPLIMENT], acknowledge: 1, respond: 10 }
                """;
        ServicePolicy p = PolicyParser.parse(council);
        Map<Anchor, Instant> received = Map.of(Anchor.RECEIPT, Instant.parse("2026-06-08T09:00:00Z"));
        assertThat(p.stagesDue(FeedbackKind.COMPLAINT, Channel.EMAIL, "housing", null, received)
                        .get("stage1-acknowledge")
                        .due())
                .isEqualTo(Instant.parse("2026-06-11T16:00:00Z"));
        assertThat(p.stagesDue(FeedbackKind.COMPLAINT, Channel.EMAIL, "Parking", null, received)
                        .get("stage1-acknowledge")
                        .due())
                .isEqualTo(Instant.parse("2026-06-15T16:00:00Z"));
        assertThat(p.stagesDue(FeedbackKind.QUESTION, Channel.EMAIL, "Housing", null, received))
                .containsOnlyKeys("acknowledge", "respond");
        assertThat(p.stagesDue(FeedbackKind.COMPLAINT, Channel.EMAIL, "Housing", null, received))
                .as("no stage whose anchor has not happened")
                .containsOnlyKeys("stage1-acknowledge");

        assertThatThrownBy(() -> PolicyParser.parse(council.replace("3 business-days", "6 business-days")))
                .isInstanceOf(PolicyValidationException.class)
                .hasMessageContaining(
                        "stage1-acknowledge may be at most 5 business days (HO Code 6.2), not 6 business days");
        assertThatThrownBy(() -> PolicyParser.parse(council.replace("pack: ho-code-2024 }", "pack: ho-code-2023 }")))
                .isInstanceOf(PolicyValidationException.class)
                .hasMessageContaining("there is no rule pack 'ho-code-2023'");
    }

    @Test
    void metartAndSafetracGiveExactlyTodaysDatesThroughTheEngine() throws IOException {
        for (String name : List.of("metart.yaml", "safetrac.yaml")) {
            ServicePolicy p = PolicyParser.parse(PolicyParserTest.shipped(name));
            Random r = new Random(20261206L);
            long from = Instant.parse("2024-01-01T00:00:00Z").getEpochSecond();
            for (int i = 0; i < 5_000; i++) {
                Instant t = Instant.ofEpochSecond(from + (long) (r.nextDouble() * 4 * 365 * 86_400L));
                FeedbackKind kind = FeedbackKind.values()[r.nextInt(FeedbackKind.values().length)];
                Channel channel = Channel.values()[r.nextInt(Channel.values().length)];
                Deadlines today = p.deadlines(kind, channel, t);
                Map<Anchor, Instant> moments = new EnumMap<>(Anchor.class);
                moments.put(Anchor.RECEIPT, t);
                Map<String, RulePack.StageDue> due = p.stagesDue(kind, channel, (String) null, null, moments);
                for (Stage s : List.of(Stage.ACKNOWLEDGE, Stage.FIRST_RESPONSE, Stage.RESPOND)) {
                    RulePack.StageDue d = due.get(s.key());
                    assertThat(d == null ? null : d.due())
                            .as("%s %s %s %s", name, kind, channel, s)
                            .isEqualTo(today.due(s));
                }
                Instant requested = t.plusSeconds(86_400L * 20);
                RulePack.StageDue review = p.stagesDue(
                                kind,
                                channel,
                                (String) null,
                                null,
                                Map.of(Anchor.RECEIPT, t, Anchor.ESCALATION_REQUEST, requested))
                        .get("review");
                assertThat(review == null ? null : review.due())
                        .isEqualTo(p.reviewDue(kind, channel, requested).orElse(null));
            }
        }
    }

    @Test
    void theShippedCouncilAndBankPoliciesRouteToTheirPacks() throws IOException {
        ServicePolicy council = PolicyParser.parse(PolicyParserTest.shipped("council-england.yaml"));
        assertThat(council.route(FeedbackKind.COMPLAINT, "HOUSING", null)
                        .orElseThrow()
                        .pack()
                        .id())
                .isEqualTo("ho-code-2024");
        assertThat(council.route(FeedbackKind.COMPLAINT, "PARKS", null)
                        .orElseThrow()
                        .pack()
                        .id())
                .isEqualTo("lgsco-code");
        assertThat(council.route(FeedbackKind.QUESTION, "HOUSING", null)).isEmpty();
        ServicePolicy bank = PolicyParser.parse(PolicyParserTest.shipped("fca-firm.yaml"));
        assertThat(bank.route(FeedbackKind.COMPLAINT, "CS", "Payments")
                        .orElseThrow()
                        .pack()
                        .id())
                .isEqualTo("fca-disp-psd");
        assertThat(bank.route(FeedbackKind.COMPLAINT, "CS", "mortgage")
                        .orElseThrow()
                        .pack()
                        .id())
                .isEqualTo("fca-disp");
        assertThat(bank.route(FeedbackKind.COMPLAINT, "CS", null)
                        .orElseThrow()
                        .pack()
                        .id())
                .isEqualTo("fca-disp");
    }
}
