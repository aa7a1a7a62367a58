package org.hearken.escalation;

import java.time.Instant;
import java.util.List;
import org.hearken.identity.Actor;
import org.hearken.platform.InvalidRequestException;
import org.hearken.platform.NotFoundException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the watch knows: each person's notices, the cases that break "every open case has an owner, a department and
 * a next due date" or have an overdue stage, and the at-risk counts managers plan the day with.
 */
@RestController
class WatchController {

    record Notice(
            long id,
            String reference,
            String stage,
            String kind,
            Instant dueAt,
            boolean customerNotTold,
            Instant createdAt,
            Instant readAt,
            String message) {

        Notice {
            message = message(reference, stage, kind, customerNotTold);
        }

        /** What the person should do about it. */
        static String message(String reference, String stage, String kind, boolean customerNotTold) {
            if (kind.equals(ReplyAfterClosure.REPLIED)) {
                return reference + ": the customer replied. Read their message on the case and answer it.";
            }
            if (kind.equals(ReplyAfterClosure.KIND)) {
                return reference
                        + ": the customer wrote again after the case was closed. Read their message in the case's "
                        + "history and decide whether to reopen the case.";
            }
            if (kind.equals(ClientNotices.OPENED)) {
                return reference + ": a client you look after made a complaint. Its page shows what the client's other"
                        + " contacts have already told us.";
            }
            if (kind.equals(ClientNotices.LOW_RATING)) {
                return reference + ": a client you look after rated us 1 or 2 of 5 in the satisfaction survey.";
            }
            if (kind.equals(ClientNotices.ESCALATED) && stage.equals(ClientNotices.REVIEW_REQUESTED)) {
                return reference + ": a client you look after asked for its complaint to go to the next stage.";
            }
            String what = switch (stage) {
                case "ACKNOWLEDGE" -> "the acknowledgement";
                case "RESPOND" -> "the response";
                case "REVIEW_ACKNOWLEDGE" -> "the acknowledgement of the stage-2 request";
                case "DECIDE" -> "the decision whether more time is needed";
                case "UPDATE" -> "the next progress update";
                default -> "the internal review";
            };
            return switch (kind) {
                case "WARNING" ->
                    reference + ": " + what + " is due soon."
                            + (stage.equals("ACKNOWLEDGE")
                                    ? ""
                                    : " If it cannot be given in time, extend it now and tell the customer the new date.");
                case "BREACH" ->
                    reference + ": " + what + " is overdue."
                            + (customerNotTold ? " The customer has not been told of a new date." : "");
                case ClientNotices.BREACH -> reference + ": " + what + " of a client's complaint is overdue.";
                case ClientNotices.ESCALATED ->
                    reference + ": " + what + " of a client's complaint is still overdue and has been escalated to the"
                            + " executives.";
                default -> reference + ": " + what + " is still overdue and has been escalated to the executives.";
            };
        }
    }

    record CaseException(
            String reference,
            String department,
            String owner,
            boolean ownerActive,
            Instant nextDue,
            List<String> problems) {}

    record AtRisk(
            String department,
            String departmentName,
            String owner,
            String ownerName,
            long overdue,
            long dueToday,
            long dueTomorrow) {}

    /** Which notices the caller also has by e-mail, and the address (null: none, so nothing is e-mailed). */
    record MailChoice(String address, List<NoticeMail.Topic> topics) {

        static MailChoice of(MailPreferences.Choice choice) {
            return new MailChoice(choice.address(), List.copyOf(choice.topics()));
        }
    }

    /** A new choice: the topics to e-mail, an empty list for none. */
    record MailChoiceChange(List<String> topics) {}

    private final DeadlineWatch watch;
    private final MailPreferences preferences;

    WatchController(DeadlineWatch watch, MailPreferences preferences) {
        this.watch = watch;
        this.preferences = preferences;
    }

    @GetMapping("/api/notifications")
    List<Notice> notifications(Actor actor) {
        return watch.notices(actor);
    }

    /** Marks one of the caller's notices read: 204, or 404 if it is not theirs. Reading it again changes nothing. */
    @PostMapping("/api/notifications/{id}/read")
    ResponseEntity<Void> markRead(@PathVariable long id, Actor actor) {
        if (!watch.markRead(actor, id) && watch.notices(actor).stream().noneMatch(n -> n.id() == id)) {
            throw new NotFoundException("No notification " + id);
        }
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/notifications/mail")
    MailChoice mail(Actor actor) {
        return MailChoice.of(preferences.of(actor.staffId()));
    }

    /** Replaces the caller's choice; 400 naming {@code topics} for a value that is no topic, and nothing changes. */
    @PutMapping("/api/notifications/mail")
    MailChoice chooseMail(@RequestBody MailChoiceChange change, Actor actor) {
        if (change.topics() == null) {
            throw new InvalidRequestException("topics", "is required: the notices to e-mail, [] for none");
        }
        try {
            return MailChoice.of(preferences.choose(actor.staffId(), NoticeMail.parse(change.topics())));
        } catch (NoticeMail.UnknownTopic e) {
            throw new InvalidRequestException("topics", e.getMessage());
        }
    }

    @GetMapping("/api/watch/exceptions")
    List<CaseException> exceptions(
            @org.springframework.web.bind.annotation.RequestParam(required = false) String department, Actor actor) {
        return watch.exceptions(actor, department).stream()
                .limit(DeadlineWatch.EXCEPTIONS_LISTED)
                .map(e -> new CaseException(
                        e.reference(), e.department(), e.owner(), e.ownerActive(), e.nextDue(), e.problems()))
                .toList();
    }

    @GetMapping("/api/watch/at-risk")
    List<AtRisk> atRisk(Actor actor) {
        return watch.atRisk(actor);
    }
}
