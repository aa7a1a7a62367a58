package org.hearken.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Map;
import org.hearken.calendar.DueDateExplanation;
import org.hearken.calendar.SkipReason;
import org.hearken.calendar.SkippedDay;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ServicePolicyTest {

    static ServicePolicy metart;
    static ServicePolicy safetrac;

    @BeforeAll
    static void load() throws IOException {
        metart = PolicyParser.parse(PolicyParserTest.shipped("metart.yaml"));
        safetrac = PolicyParser.parse(PolicyParserTest.shipped("safetrac.yaml"));
    }

    static Instant at(String isoOffsetDateTime) {
        return OffsetDateTime.parse(isoOffsetDateTime).toInstant();
    }

    static OffsetDateTime local(Instant t, ServicePolicy p) {
        return t == null ? null : t.atZone(p.calendar().zone()).toOffsetDateTime();
    }

    /**
     * The example: a complaint e-mailed on Friday 18 December 2026 at 18:30 in Sydney, after closing. It
     * counts from Monday 21 December; Christmas Day, Boxing Day observed on Monday 28, the closures on 29 and 30
     * December and New Year's Day are skipped.
     */
    @Test
    void metartComplaintByEmailOnFridayEveningBeforeChristmas() {
        Instant received = at("2026-12-18T18:30+11:00");
        Deadlines d = metart.deadlines(FeedbackKind.COMPLAINT, Channel.EMAIL, received);

        assertThat(local(d.acknowledgeBy(), metart)).isEqualTo(OffsetDateTime.parse("2026-12-22T17:00+11:00"));
        assertThat(local(d.respondBy(), metart)).isEqualTo(OffsetDateTime.parse("2027-01-06T17:00+11:00"));
        assertThat(d.firstResponseBy()).isNull();
        assertThat(d.zone()).isEqualTo(ZoneId.of("Australia/Sydney"));
        assertThat(d.policyVersionId()).isZero();

        Map<Stage, DueDateExplanation> why = metart.explain(FeedbackKind.COMPLAINT, Channel.EMAIL, received);
        assertThat(why).containsOnlyKeys(Stage.ACKNOWLEDGE, Stage.RESPOND);

        DueDateExplanation ack = why.get(Stage.ACKNOWLEDGE);
        assertThat(ack.receiptDay()).isEqualTo(LocalDate.of(2026, 12, 21));
        assertThat(ack.receiptDayReason()).isEqualTo("received at or after closing time 17:00");
        assertThat(ack.countedDays()).containsExactly(LocalDate.of(2026, 12, 22));
        assertThat(ack.skippedDays())
                .extracting(SkippedDay::date, SkippedDay::reason)
                .containsExactly(
                        tuple(LocalDate.of(2026, 12, 19), SkipReason.WEEKEND),
                        tuple(LocalDate.of(2026, 12, 20), SkipReason.WEEKEND));

        DueDateExplanation respond = why.get(Stage.RESPOND);
        assertThat(respond.due()).isEqualTo(d.respondBy());
        assertThat(respond.businessDays()).isEqualTo(7);
        assertThat(respond.receivedDate()).isEqualTo(LocalDate.of(2026, 12, 18));
        assertThat(respond.receiptDay()).isEqualTo(LocalDate.of(2026, 12, 21));
        assertThat(respond.countedDays())
                .containsExactly(
                        LocalDate.of(2026, 12, 22),
                        LocalDate.of(2026, 12, 23),
                        LocalDate.of(2026, 12, 24),
                        LocalDate.of(2026, 12, 31),
                        LocalDate.of(2027, 1, 4),
                        LocalDate.of(2027, 1, 5),
                        LocalDate.of(2027, 1, 6));
        assertThat(respond.skippedDays())
                .extracting(SkippedDay::date, SkippedDay::reason, SkippedDay::name)
                .containsExactly(
                        tuple(LocalDate.of(2026, 12, 19), SkipReason.WEEKEND, null),
                        tuple(LocalDate.of(2026, 12, 20), SkipReason.WEEKEND, null),
                        tuple(LocalDate.of(2026, 12, 25), SkipReason.PUBLIC_HOLIDAY, "Christmas"),
                        tuple(LocalDate.of(2026, 12, 26), SkipReason.WEEKEND, null),
                        tuple(LocalDate.of(2026, 12, 27), SkipReason.WEEKEND, null),
                        tuple(LocalDate.of(2026, 12, 28), SkipReason.PUBLIC_HOLIDAY, "Boxing Day (observed)"),
                        tuple(
                                LocalDate.of(2026, 12, 29),
                                SkipReason.CLOSURE,
                                "Office closed between Christmas and New Year"),
                        tuple(
                                LocalDate.of(2026, 12, 30),
                                SkipReason.CLOSURE,
                                "Office closed between Christmas and New Year"),
                        tuple(LocalDate.of(2027, 1, 1), SkipReason.PUBLIC_HOLIDAY, "New Year's Day"),
                        tuple(LocalDate.of(2027, 1, 2), SkipReason.WEEKEND, null),
                        tuple(LocalDate.of(2027, 1, 3), SkipReason.WEEKEND, null));
    }

    @Test
    void metartPhoneCallsAreAcknowledgedDuringTheCall() {
        Deadlines d = metart.deadlines(7, FeedbackKind.COMPLAINT, Channel.PHONE, at("2026-12-18T18:30+11:00"));
        assertThat(d.policyVersionId()).isEqualTo(7);
        assertThat(local(d.acknowledgeBy(), metart)).isEqualTo(OffsetDateTime.parse("2026-12-21T17:00+11:00"));
        assertThat(local(d.respondBy(), metart)).isEqualTo(OffsetDateTime.parse("2027-01-06T17:00+11:00"));
    }

    @Test
    void metartComplimentsNeedNoResponse() {
        Deadlines d = metart.deadlines(FeedbackKind.COMPLIMENT, Channel.WEB_FORM, at("2026-06-16T10:00+10:00"));
        assertThat(local(d.acknowledgeBy(), metart)).isEqualTo(OffsetDateTime.parse("2026-06-17T17:00+10:00"));
        assertThat(d.respondBy()).isNull();
        assertThat(metart.explain(FeedbackKind.COMPLIMENT, Channel.WEB_FORM, at("2026-06-16T10:00+10:00")))
                .containsOnlyKeys(Stage.ACKNOWLEDGE);
    }

    @Test
    void safetracSameWorkingDayForCallsAndEmails() {
        Instant received = at("2026-12-24T16:30+10:00");
        Deadlines d = safetrac.deadlines(FeedbackKind.COMPLAINT, Channel.EMAIL, received);
        assertThat(local(d.acknowledgeBy(), safetrac)).isEqualTo(OffsetDateTime.parse("2026-12-24T17:00+10:00"));
        assertThat(local(d.firstResponseBy(), safetrac)).isEqualTo(OffsetDateTime.parse("2026-12-24T17:00+10:00"));
        // 5 working days from Thursday 24 December: 29, 30, 31 December, 4 and 5 January (Boxing Day observed on the
        // 28th).
        assertThat(local(d.respondBy(), safetrac)).isEqualTo(OffsetDateTime.parse("2027-01-05T17:00+10:00"));

        Deadlines post = safetrac.deadlines(FeedbackKind.COMPLAINT, Channel.POSTAL, received);
        assertThat(local(post.acknowledgeBy(), safetrac)).isEqualTo(OffsetDateTime.parse("2026-12-29T17:00+10:00"));
        assertThat(post.firstResponseBy()).isNull();
    }

    @Test
    void safetracInternalReview() {
        // Requested Monday 11 January 2027: 10 business days later is Monday 25 January.
        assertThat(safetrac.reviewDue(FeedbackKind.COMPLAINT, Channel.EMAIL, at("2027-01-11T10:00+10:00"))
                        .map(t -> local(t, safetrac)))
                .contains(OffsetDateTime.parse("2027-01-25T17:00+10:00"));
        // Closed at close of business on Tuesday 5 January: counts from Wednesday 6; Australia Day (Tuesday 26) is
        // skipped.
        assertThat(safetrac.reviewRequestDeadline(at("2027-01-05T17:00+10:00")).map(t -> local(t, safetrac)))
                .contains(OffsetDateTime.parse("2027-02-04T17:00+10:00"));
        assertThat(safetrac.reviewDue(FeedbackKind.COMPLIMENT, Channel.EMAIL, at("2027-01-11T10:00+10:00")))
                .isEmpty();
        assertThat(metart.reviewRequestDeadline(at("2027-01-05T17:00+10:00"))).isEmpty();
    }

    @Test
    void reopenedCasesUseTheReopenTargetOrElseTheRulesResponseTarget() {
        Instant reopened = at("2026-06-16T10:00+10:00");
        assertThat(metart.reopenRespondBy(FeedbackKind.COMPLAINT, Channel.EMAIL, reopened))
                .contains(metart.deadlines(FeedbackKind.COMPLAINT, Channel.EMAIL, reopened)
                        .respondBy());
        ServicePolicy quick = PolicyParser.parse(PolicyParserTest.EXAMPLE + "reopen: { respond: 2 }\n");
        assertThat(quick.reopenRespondBy(FeedbackKind.COMPLAINT, Channel.EMAIL, reopened)
                        .map(t -> local(t, quick)))
                .contains(OffsetDateTime.parse("2026-06-18T17:00+10:00"));
        assertThat(metart.reopenRespondBy(FeedbackKind.SUGGESTION, Channel.EMAIL, reopened))
                .isEmpty();
    }

    @Test
    void theFirstMatchingRuleWins() {
        String doc = PolicyParserTest.EXAMPLE.replace("targets:\n", """
                targets:
                  - kinds: [COMPLAINT]
                    channels: [PHONE]
                    acknowledge: 0
                    respond: 3
                """);
        ServicePolicy p = PolicyParser.parse(doc);
        assertThat(p.targets(FeedbackKind.COMPLAINT, Channel.PHONE)).isEqualTo(new Targets(0, null, 3, null));
        assertThat(p.targets(FeedbackKind.COMPLAINT, Channel.EMAIL)).isEqualTo(new Targets(1, null, 7, null));
        assertThat(p.rule(FeedbackKind.COMPLAINT, Channel.PHONE).line()).isEqualTo(10);
    }

    static final String BANK = """
            name: Example bank
            calendar: { zone: Europe/London, workdays: [MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY], opens: "09:00", closes: "17:00", holidays: { country: GB, region: eng } }
            products: [Payments, Mortgages]
            packs:
              - { products: [payments], pack: fca-disp-psd }
              - { pack: fca-disp }
            targets:
              - { kinds: [QUESTION, SERVICE_REQUEST, SUGGESTION, COMPLIMENT], acknowledge: 1, respond: 10 }
            """;

    @Test
    void aProductIsTakenAsThePolicySpellsItAndRoutesToItsPack() {
        ServicePolicy bank = PolicyParser.parse(BANK);
        assertThat(bank.product(" payments ")).contains("Payments");
        assertThat(bank.product("MORTGAGES")).contains("Mortgages");
        assertThat(bank.product("cards")).as("not one of the policy's products").isEmpty();
        assertThat(bank.product(" ")).isEmpty();
        assertThat(metart.products()).isEmpty();
        assertThat(metart.product(" bins "))
                .as("any text when the policy lists none")
                .contains("bins");

        Instant received = at("2026-06-08T10:00+01:00");
        Deadlines payments =
                bank.deadlines(1, FeedbackKind.COMPLAINT, Channel.EMAIL, java.util.List.of(), "Payments", received);
        assertThat(local(payments.respondBy(), bank))
                .as("fca-disp-psd: 15 business days after the day of receipt")
                .isEqualTo(OffsetDateTime.parse("2026-06-29T17:00+01:00"));
        Deadlines mortgages =
                bank.deadlines(1, FeedbackKind.COMPLAINT, Channel.EMAIL, java.util.List.of(), "Mortgages", received);
        assertThat(local(mortgages.respondBy(), bank))
                .as("fca-disp: 8 weeks after the day of receipt")
                .isEqualTo(OffsetDateTime.parse("2026-08-03T23:59:59+01:00"));
    }

    @Test
    void theClocksStartWhenItWasSentOnlyUnderAPackThatCountsFromThen() {
        ServicePolicy bank = PolicyParser.parse(BANK);
        Instant sent = at("2026-06-03T09:00+01:00");
        Instant received = at("2026-06-08T10:00+01:00");
        java.util.List<String> none = java.util.List.of();
        assertThat(bank.clockStart(FeedbackKind.COMPLAINT, none, "Payments", received, sent))
                .as("fca-disp-psd counts from receipt")
                .isEqualTo(received);

        ServicePolicy fromSent = new ServicePolicy(
                bank.name(),
                bank.description(),
                bank.calendar(),
                bank.rules(),
                bank.reviewRequestWithin(),
                bank.reopenRespond(),
                bank.interimMeetsRespondTarget(),
                bank.watch(),
                bank.packs().stream()
                        .map(r -> new PackRoute(
                                r.departments(), r.kinds(), r.products(), sentBasis(r.pack()), r.overrides(), r.line()))
                        .toList(),
                bank.products());
        assertThat(fromSent.clockStart(FeedbackKind.COMPLAINT, none, "Payments", received, sent))
                .isEqualTo(sent);
        assertThat(fromSent.clockStart(FeedbackKind.COMPLAINT, none, "Payments", received, null))
                .as("not known when it was sent")
                .isEqualTo(received);
        assertThat(fromSent.clockStart(FeedbackKind.QUESTION, none, null, received, sent))
                .as("the policy's own targets count from receipt")
                .isEqualTo(received);
        assertThat(metart.clockStart(FeedbackKind.COMPLAINT, none, null, received, sent))
                .isEqualTo(received);
    }

    private static RulePack sentBasis(RulePack p) {
        return new RulePack(
                p.id(),
                p.version(),
                p.title(),
                p.source(),
                p.receiptDay(),
                RulePack.ClockBasis.SENT,
                p.kinds(),
                p.stages(),
                p.variants(),
                p.escalation(),
                p.letters());
    }
}
