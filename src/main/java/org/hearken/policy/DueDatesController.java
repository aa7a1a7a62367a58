package org.hearken.policy;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.hearken.calendar.DueDateExplanation;
import org.hearken.calendar.SkippedDay;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** "If this arrived then, when would it be due, and why?" under the policy in force. */
@RestController
class DueDatesController {

    record DueDates(
            int policyVersion,
            long policyVersionId,
            String policyName,
            String zone,
            String receivedAt,
            String kind,
            String channel,
            Map<String, StageDue> stages) {}

    record StageDue(String dueAt, int businessDays, Explanation explanation) {}

    record Explanation(
            String calendar,
            String receivedDate,
            String receiptDay,
            String receiptDayReason,
            List<Skipped> skippedDays,
            List<String> countedDays,
            String dueDay,
            String closes) {}

    record Skipped(String date, String dayOfWeek, String reason, String name, String description) {}

    private final ServicePolicies policies;
    private final Clock clock;

    DueDatesController(ServicePolicies policies, Clock clock) {
        this.policies = policies;
        this.clock = clock;
    }

    /**
     * @param receivedAt ISO-8601 with an offset ({@code 2026-12-24T16:30:00+11:00}, {@code …Z}) or without one, then
     *     read in the policy's time zone; defaults to now
     */
    @GetMapping("/api/due-dates")
    DueDates dueDates(
            @RequestParam String kind,
            @RequestParam String channel,
            @RequestParam(required = false) String receivedAt) {
        FeedbackKind k = parseEnum(FeedbackKind.class, "kind", kind);
        Channel c = parseEnum(Channel.class, "channel", channel);
        ServicePolicies.ActivePolicy active = policies.active();
        ServicePolicy policy = active.policy();
        ZoneId zone = policy.calendar().zone();
        Instant received =
                receivedAt == null || receivedAt.isBlank() ? clock.instant() : parseInstant(receivedAt, zone);

        Map<Stage, DueDateExplanation> explained;
        try {
            explained = policy.explain(k, c, received);
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "receivedAt: " + e.getMessage(), e);
        }
        Map<String, StageDue> stages = new LinkedHashMap<>();
        explained.forEach((stage, x) ->
                stages.put(stage.key(), new StageDue(format(x.due(), zone), x.businessDays(), view(x))));
        return new DueDates(
                active.version(),
                active.versionId(),
                policy.name(),
                zone.getId(),
                format(received, zone),
                k.name(),
                c.name(),
                stages);
    }

    private static Explanation view(DueDateExplanation x) {
        return new Explanation(
                x.calendar(),
                x.receivedDate().toString(),
                x.receiptDay().toString(),
                x.receiptDayReason(),
                x.skippedDays().stream().map(DueDatesController::view).toList(),
                x.countedDays().stream().map(LocalDate::toString).toList(),
                x.dueDay().toString(),
                x.closes().toString());
    }

    private static Skipped view(SkippedDay s) {
        return new Skipped(s.date().toString(), s.dayOfWeek().name(), s.reason().name(), s.name(), s.description());
    }

    private static String format(Instant t, ZoneId zone) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t.atZone(zone).toOffsetDateTime());
    }

    static <E extends Enum<E>> E parseEnum(Class<E> type, String parameter, String value) {
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(
                    HttpStatus.BAD_REQUEST,
                    parameter + " must be one of "
                            + Arrays.stream(type.getEnumConstants())
                                    .map(Enum::name)
                                    .collect(Collectors.joining(", "))
                            + ", not '" + value + "'");
        }
    }

    static Instant parseInstant(String value, ZoneId zone) {
        // An unencoded '+' in a query string arrives as a space.
        String text = value.strip().replace(' ', '+');
        try {
            TemporalAccessor parsed =
                    DateTimeFormatter.ISO_DATE_TIME.parseBest(text, ZonedDateTime::from, LocalDateTime::from);
            return parsed instanceof ZonedDateTime z
                    ? z.toInstant()
                    : ((LocalDateTime) parsed).atZone(zone).toInstant();
        } catch (DateTimeException e) {
            throw new ResponseStatusException(
                    HttpStatus.BAD_REQUEST,
                    "receivedAt must be an ISO-8601 date and time such as "
                            + "2026-12-24T16:30:00+11:00 (write + as %2B in a URL), not '" + value + "'");
        }
    }
}
