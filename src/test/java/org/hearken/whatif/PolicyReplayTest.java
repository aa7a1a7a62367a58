package org.hearken.whatif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.hearken.cases.CaseStatus;
import org.hearken.policy.Channel;
import org.hearken.policy.FeedbackKind;
import org.hearken.policy.PolicyParser;
import org.hearken.policy.ServicePolicy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The what-if replay on a known set of cases: Metart's seven business days to respond against five. */
class PolicyReplayTest {

    static final ZoneId SYDNEY = ZoneId.of("Australia/Sydney");
    static ServicePolicy sevenDays;
    static ServicePolicy fiveDays;
    static ServicePolicy safetrac;

    @BeforeAll
    static void load() throws IOException {
        String metart = Files.readString(Path.of("src/main/resources/policies/metart.yaml"));
        sevenDays = PolicyParser.parse(metart);
        String five = metart.replace("respond: 7", "respond: 5");
        assertThat(five).isNotEqualTo(metart);
        fiveDays = PolicyParser.parse(five);
        safetrac = PolicyParser.parse(Files.readString(Path.of("src/main/resources/policies/safetrac.yaml")));
    }

    static Instant at(String local) {
        return OffsetDateTime.parse(local).toInstant();
    }

    /** Received Monday 2 November 2026, 10:00 in Sydney: respond by Wednesday 11 November under 7 days, Monday 9 under 5. */
    static final Instant MONDAY = at("2026-11-02T10:00+11:00");

    static final Instant DUE_7 = at("2026-11-11T17:00+11:00");
    static final Instant DUE_5 = at("2026-11-09T17:00+11:00");
    static final Instant NOW = at("2026-11-10T12:00+11:00");

    private static long ids = 1;

    static CaseTiming complaint(String reference, Instant responded, int reopened) {
        Instant acknowledged = MONDAY.plusSeconds(3600);
        return new CaseTiming(
                ids++,
                reference,
                FeedbackKind.COMPLAINT,
                Channel.EMAIL,
                responded == null ? CaseStatus.ACKNOWLEDGED : CaseStatus.CLOSED,
                "CS",
                MONDAY,
                1L,
                acknowledged,
                acknowledged,
                responded,
                null,
                responded,
                null,
                null,
                reopened);
    }

    static List<CaseTiming> knownCases() {
        List<CaseTiming> cases = new ArrayList<>();
        cases.add(complaint("EARLY", at("2026-11-06T15:00+11:00"), 0));
        cases.add(complaint("ON-DAY-FIVE", DUE_5, 0));
        cases.add(complaint("DAY-SIX", at("2026-11-10T11:00+11:00"), 0));
        cases.add(complaint("DAY-SEVEN", at("2026-11-11T16:59+11:00"), 0));
        cases.add(complaint("LATE", at("2026-11-12T09:30+11:00"), 0));
        cases.add(complaint("STILL-OPEN", null, 0));
        cases.add(complaint("REOPENED", at("2026-11-10T11:00+11:00"), 1));
        cases.add(new CaseTiming(
                ids++,
                "SUGGESTION",
                FeedbackKind.SUGGESTION,
                Channel.EMAIL,
                CaseStatus.CLOSED,
                "CS",
                MONDAY,
                1L,
                MONDAY.plusSeconds(60),
                MONDAY.plusSeconds(60),
                null,
                null,
                null,
                null,
                null,
                0));
        return cases;
    }

    @Test
    void fiveInsteadOfSevenWorkingDaysFlipsExactlyTheResponsesOfDaysSixAndSevenAndTheOpenCase() {
        PolicyReplay.Result r = PolicyReplay.replay(knownCases(), id -> sevenDays, fiveDays, NOW, SYDNEY, 100);

        assertThat(r.cases()).isEqualTo(8);
        assertThat(r.reopenedRespondLeftOut()).isEqualTo(1);
        assertThat(r.flips())
                .extracting(
                        PolicyReplay.Flip::reference,
                        PolicyReplay.Flip::stage,
                        PolicyReplay.Flip::actual,
                        PolicyReplay.Flip::alternative,
                        PolicyReplay.Flip::actualDue,
                        PolicyReplay.Flip::alternativeDue)
                .containsExactly(
                        tuple(
                                "DAY-SIX",
                                "respond",
                                PolicyReplay.Verdict.MET,
                                PolicyReplay.Verdict.MISSED,
                                DUE_7,
                                DUE_5),
                        tuple(
                                "DAY-SEVEN",
                                "respond",
                                PolicyReplay.Verdict.MET,
                                PolicyReplay.Verdict.MISSED,
                                DUE_7,
                                DUE_5),
                        tuple(
                                "STILL-OPEN",
                                "respond",
                                PolicyReplay.Verdict.PENDING,
                                PolicyReplay.Verdict.MISSED,
                                DUE_7,
                                DUE_5));
        assertThat(r.flipCount()).isEqualTo(3);
        assertThat(r.flipsTruncated()).isFalse();

        PolicyReplay.StageSummary respond = stage(r, "respond");
        // EARLY, ON-DAY-FIVE, DAY-SIX, DAY-SEVEN met and LATE missed under 7 days; STILL-OPEN not yet due.
        assertThat(respond.actual()).isEqualTo(new PolicyReplay.Tally(4, 1, 1, 1));
        // Under 5 days only EARLY and ON-DAY-FIVE (at the very close of the fifth day) are met.
        assertThat(respond.alternative()).isEqualTo(new PolicyReplay.Tally(2, 4, 0, 1));
        assertThat(respond.flips()).isEqualTo(3);
        // Acknowledgement targets are the same in both: nothing changes there.
        PolicyReplay.StageSummary ack = stage(r, "acknowledge");
        assertThat(ack.actual()).isEqualTo(ack.alternative());
        assertThat(ack.flips()).isZero();
        assertThat(stage(r, "review").actual()).isEqualTo(PolicyReplay.Tally.ZERO);

        assertThat(r.flips().getFirst().explanation())
                .isEqualTo("Responded at 11:00 am on Tuesday 10 November 2026: "
                        + "met under the actual policy (due 5:00 pm on Wednesday 11 November 2026); "
                        + "missed under the alternative policy (due 5:00 pm on Monday 9 November 2026).");
        assertThat(r.flips().get(2).explanation())
                .startsWith("Not done yet (12:00 pm on Tuesday 10 November 2026)")
                .contains("not yet due under the actual policy");
    }

    @Test
    void samePolicyFlipsNothing() {
        PolicyReplay.Result r = PolicyReplay.replay(knownCases(), id -> sevenDays, sevenDays, NOW, SYDNEY, 100);
        assertThat(r.flips()).isEmpty();
        r.stages().forEach(s -> assertThat(s.actual()).isEqualTo(s.alternative()));
    }

    @Test
    void anInterimResponseMeetsTheRespondTargetOnlyWhereThePolicySaysSo() {
        // Metart: no interim rule; SAFETRAC: "a resolution or an interim response within 5 working days".
        Instant interim = at("2026-11-04T10:00+11:00");
        Instant full = at("2026-11-20T10:00+11:00");
        CaseTiming c = new CaseTiming(
                99,
                "INTERIM",
                FeedbackKind.COMPLAINT,
                Channel.POSTAL,
                CaseStatus.CLOSED,
                "CS",
                MONDAY,
                1L,
                MONDAY.plusSeconds(60),
                interim,
                full,
                interim,
                full,
                null,
                null,
                0);
        PolicyReplay.Result r = PolicyReplay.replay(List.of(c), id -> sevenDays, safetrac, NOW, SYDNEY, 100);
        assertThat(r.flips())
                .extracting(PolicyReplay.Flip::stage, PolicyReplay.Flip::actual, PolicyReplay.Flip::alternative)
                .containsExactly(tuple("respond", PolicyReplay.Verdict.MISSED, PolicyReplay.Verdict.MET));
        assertThat(r.flips().getFirst().explanation())
                .contains("by an interim response, which only the alternative counts");
    }

    @Test
    void listsAtMostTheGivenNumberOfFlipsButCountsThemAll() {
        PolicyReplay.Result r = PolicyReplay.replay(knownCases(), id -> sevenDays, fiveDays, NOW, SYDNEY, 2);
        assertThat(r.flips()).hasSize(2);
        assertThat(r.flipCount()).isEqualTo(3);
        assertThat(r.flipsTruncated()).isTrue();
    }

    private static PolicyReplay.StageSummary stage(PolicyReplay.Result r, String key) {
        return r.stages().stream()
                .filter(s -> s.stage().equals(key))
                .findFirst()
                .orElseThrow();
    }
}
