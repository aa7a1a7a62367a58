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
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.hearken.calendar.DueDateExplanation;
import org.hearken.calendar.SkippedDay;
import org.hearken.identity.StaffDirectory;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
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

    /** The body of {@code POST /api/due-dates}. */
    record StagesRequest(
            String kind,
            String channel,
            String receivedAt,
            String product,
            String department,
            Map<String, String> events,
            String sentAt) {}

    /** The answer of {@code POST /api/due-dates}: every stage whose anchor is known, in the pack's order. */
    record StagesAnswer(
            int policyVersion,
            long policyVersionId,
            String policyName,
            String pack,
            String packVersion,
            String zone,
            Map<String, StageAnswer> stages) {}

    /**
     * @param anchor the anchor's key, e.g. "acknowledgement"
     * @param anchorAt when it happened
     * @param unit e.g. "business-days"
     * @param target the amount of {@code unit}
     * @param clause the clause that sets the target
     * @param explanation why it falls due then, in a sentence
     */
    record StageAnswer(
            String dueAt,
            String anchor,
            String anchorAt,
            String unit,
            int target,
            String clause,
            String explanation,
            StageWhy why) {}

    record StageWhy(
            String day0,
            String day0Reason,
            List<String> countedDays,
            List<Skipped> skippedDays,
            String dueDay,
            String calendar) {}

    private final ServicePolicies policies;
    private final StaffDirectory directory;
    private final Clock clock;

    DueDatesController(ServicePolicies policies, StaffDirectory directory, Clock clock) {
        this.policies = policies;
        this.directory = directory;
        this.clock = clock;
    }

    /**
     * When each stage falls due under the policy in force for the department, kind and product given: the rule
     * pack's stages (or the policy's own targets), for every stage whose anchor is among the receipt and the events.
     */
    @PostMapping("/api/due-dates")
    StagesAnswer stages(@RequestBody StagesRequest request) {
        if (request == null) {
            throw bad("send a JSON body with kind, channel and receivedAt");
        }
        FeedbackKind k = parseEnum(FeedbackKind.class, "kind", required(request.kind(), "kind"));
        Channel c = parseEnum(Channel.class, "channel", required(request.channel(), "channel"));
        ServicePolicies.ActivePolicy active = policies.active();
        ServicePolicy policy = active.policy();
        ZoneId zone = policy.calendar().zone();
        Map<Anchor, Instant> moments = new EnumMap<>(Anchor.class);
        Instant received = parseMoment(required(request.receivedAt(), "receivedAt"), zone, "receivedAt");
        Instant sent = request.sentAt() == null || request.sentAt().isBlank()
                ? null
                : parseMoment(request.sentAt(), zone, "sentAt");
        if (sent != null && sent.isAfter(received)) {
            throw bad("sentAt must not be after receivedAt: the customer cannot have sent it after it was received");
        }
        if (request.events() != null) {
            request.events().forEach((name, value) -> {
                Anchor anchor = Arrays.stream(Anchor.values())
                        .filter(a -> a != Anchor.RECEIPT && a.event().equals(name))
                        .findFirst()
                        .orElseThrow(() -> bad("events." + name + " is not an event; use "
                                + Arrays.stream(Anchor.values())
                                        .filter(a -> a != Anchor.RECEIPT)
                                        .map(Anchor::event)
                                        .collect(Collectors.joining(", "))));
                if (value != null && !value.isBlank()) {
                    moments.put(anchor, parseMoment(value, zone, "events." + name));
                }
            });
        }
        String product = blankToNull(request.product());
        if (product != null
                && !policy.products().isEmpty()
                && policy.products().stream().noneMatch(p -> p.equalsIgnoreCase(product))) {
            throw bad("product must be one of the policy's products: " + String.join(", ", policy.products())
                    + ", not '" + product + "'");
        }
        String department = blankToNull(request.department());
        if (department != null
                && directory.departments().stream()
                        .noneMatch(d -> d.code().equalsIgnoreCase(department)
                                || d.name().equalsIgnoreCase(department))) {
            throw bad("there is no department '" + department + "' (give its code or name)");
        }

        moments.put(
                Anchor.RECEIPT,
                policy.clockStart(k, department == null ? List.of() : List.of(department), product, received, sent));
        Map<String, RulePack.StageDue> due;
        try {
            due = policy.stagesDue(k, c, department, product, moments);
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
        Map<String, StageAnswer> stages = new LinkedHashMap<>();
        due.forEach((key, d) -> stages.put(
                key,
                new StageAnswer(
                        format(d.due(), zone),
                        d.anchor().key(),
                        format(d.anchorAt(), zone),
                        d.target().unit().key(),
                        d.target().amount(),
                        d.clause(),
                        d.explanation().summary() + " (" + d.clause() + ")",
                        new StageWhy(
                                d.explanation().startDay().toString(),
                                d.explanation().startReason(),
                                d.explanation().countedDays().stream()
                                        .map(LocalDate::toString)
                                        .toList(),
                                d.explanation().skippedDays().stream()
                                        .map(DueDatesController::view)
                                        .toList(),
                                d.explanation().dueDay().toString(),
                                d.explanation().calendar()))));
        Optional<PackRoute> route = policy.route(k, department, product);
        return new StagesAnswer(
                active.version(),
                active.versionId(),
                policy.name(),
                route.map(r -> r.pack().id()).orElse(null),
                route.map(r -> r.pack().version()).orElse(null),
                zone.getId(),
                stages);
    }

    private static String required(String value, String name) {
        if (value == null || value.isBlank()) {
            throw bad(name + " is required");
        }
        return value;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static ResponseStatusException bad(String message) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, message);
    }

    private static Instant parseMoment(String value, ZoneId zone, String name) {
        try {
            return parseInstant(value, zone);
        } catch (ResponseStatusException e) {
            throw bad(
                    name + " must be an ISO-8601 date and time such as 2026-06-08T10:00:00+01:00, not '" + value + "'");
        }
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
