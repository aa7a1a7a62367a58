package org.hearken.escalation;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.hearken.identity.Actor;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The deadline watch for managers (their departments), executives and administrators (every department): the at-risk
 * dashboard, the lists of cases behind each of its numbers, the exceptions view; and each person's own deadline notices.
 */
@Controller
class WatchPages {

    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM, HH:mm", Locale.ENGLISH);

    /** Counts of one department or one owner (or everything, with both null). */
    record Tally(
            String department,
            String departmentName,
            String owner,
            String ownerName,
            long overdue,
            long dueToday,
            long dueTomorrow) {

        Tally plus(WatchController.AtRisk r) {
            return new Tally(
                    department,
                    departmentName,
                    owner,
                    ownerName,
                    overdue + r.overdue(),
                    dueToday + r.dueToday(),
                    dueTomorrow + r.dueTomorrow());
        }
    }

    record ExceptionRow(String reference, String department, String owner, String nextDue, List<String> reasons) {}

    record CaseRow(String reference, String kind, String department, String owner, String stage, String due) {}

    record NoticeRow(long id, String reference, String message, String kind, String due, String sent, boolean read) {}

    /** One choice of the "E-mail me too" form. */
    record TopicRow(String name, String label, String hint, boolean checked) {}

    private final DeadlineWatch watch;
    private final MailPreferences preferences;

    WatchPages(DeadlineWatch watch, MailPreferences preferences) {
        this.watch = watch;
        this.preferences = preferences;
    }

    @GetMapping("/watch")
    String dashboard(Actor actor, Model model) {
        DeadlineWatch.requireWatcher(actor);
        List<WatchController.AtRisk> rows = watch.atRisk(actor);
        Tally total = new Tally(null, null, null, null, 0, 0, 0);
        Map<String, Tally> byDepartment = new LinkedHashMap<>();
        List<Tally> byOwner = new ArrayList<>();
        for (WatchController.AtRisk r : rows) {
            total = total.plus(r);
            byDepartment.computeIfAbsent(
                    r.department(), d -> new Tally(r.department(), r.departmentName(), null, null, 0, 0, 0));
            byDepartment.computeIfPresent(r.department(), (d, t) -> t.plus(r));
            byOwner.add(new Tally(
                    r.department(),
                    r.departmentName(),
                    r.owner(),
                    r.ownerName(),
                    r.overdue(),
                    r.dueToday(),
                    r.dueTomorrow()));
        }
        List<Tally> departments = new ArrayList<>(byDepartment.values());
        departments.sort(java.util.Comparator.comparing(Tally::departmentName));
        model.addAttribute("nav", "watch");
        model.addAttribute("total", total);
        model.addAttribute("departments", departments);
        model.addAttribute("owners", byOwner);
        int exceptions = watch.exceptions(actor, null).size();
        model.addAttribute(
                "exceptions",
                exceptions > DeadlineWatch.EXCEPTIONS_LISTED
                        ? "over " + String.format("%,d", DeadlineWatch.EXCEPTIONS_LISTED)
                        : String.valueOf(exceptions));
        model.addAttribute("anyExceptions", exceptions > 0);
        model.addAttribute("scope", scopeText(actor));
        return "watch/dashboard";
    }

    @GetMapping("/watch/cases")
    String cases(
            @RequestParam String due,
            @RequestParam(required = false) String department,
            @RequestParam(required = false) String owner,
            Actor actor,
            Model model) {
        DeadlineWatch.requireWatcher(actor);
        DeadlineWatch.Due bucket;
        try {
            bucket = DeadlineWatch.Due.valueOf(due.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        String d = blankToNull(department);
        String o = blankToNull(owner);
        ZoneId zone = watch.zone();
        List<CaseRow> cases = watch.atRiskCases(actor, bucket, d, o).stream()
                .map(c -> new CaseRow(
                        c.reference(),
                        kind(c.kind()),
                        c.departmentName(),
                        c.ownerName(),
                        stage(c.stage()),
                        when(c.dueAt(), zone)))
                .toList();
        long counted = watch.atRisk(actor).stream()
                .filter(r -> (d == null || r.department().equals(d))
                        && (o == null || r.owner().equals(o)))
                .mapToLong(r -> switch (bucket) {
                    case OVERDUE -> r.overdue();
                    case TODAY -> r.dueToday();
                    case TOMORROW -> r.dueTomorrow();
                })
                .sum();
        model.addAttribute("nav", "watch");
        model.addAttribute("hidden", Math.max(0, counted - cases.size()));
        model.addAttribute("due", bucket);
        model.addAttribute("department", d);
        model.addAttribute("owner", o);
        model.addAttribute("cases", cases);
        return "watch/cases";
    }

    @GetMapping("/watch/exceptions")
    String exceptions(
            @org.springframework.web.bind.annotation.RequestParam(required = false) String department,
            Actor actor,
            Model model) {
        DeadlineWatch.requireWatcher(actor);
        ZoneId zone = watch.zone();
        String code = department == null || department.isBlank() ? null : department.strip();
        List<DeadlineWatch.WatchException> found = watch.exceptions(actor, code);
        boolean more = found.size() > DeadlineWatch.EXCEPTIONS_LISTED;
        model.addAttribute("nav", "watch");
        model.addAttribute("scope", code == null ? scopeText(actor) : "department " + code);
        model.addAttribute("department", code);
        model.addAttribute("more", more);
        model.addAttribute("listed", String.format("%,d", DeadlineWatch.EXCEPTIONS_LISTED));
        model.addAttribute(
                "exceptions",
                found.stream()
                        .limit(DeadlineWatch.EXCEPTIONS_LISTED)
                        .map(e -> new ExceptionRow(
                                e.reference(),
                                e.departmentName(),
                                e.ownerName(),
                                e.nextDue() == null ? "—" : when(e.nextDue(), zone),
                                reasons(e, zone)))
                        .toList());
        return "watch/exceptions";
    }

    @GetMapping("/notifications")
    String notifications(Actor actor, Model model) {
        return notificationsPage(actor, model, preferences.of(actor.staffId()), null);
    }

    /**
     * Saves which notices the person also wants by e-mail: the topics ticked, none for none. A value that is no topic
     * (a forged form) changes nothing and is answered with 400 and the page, saying so.
     */
    @PostMapping("/notifications/mail")
    String chooseMail(
            @RequestParam(name = "topics", required = false) List<String> topics,
            Actor actor,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        Set<NoticeMail.Topic> chosen;
        try {
            chosen = NoticeMail.parse(topics);
        } catch (NoticeMail.UnknownTopic e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return notificationsPage(
                    actor,
                    model,
                    preferences.of(actor.staffId()),
                    "Nothing was changed: “" + e.value() + "” is not one of the notices listed here.");
        }
        redirect.addFlashAttribute("flash", saved(preferences.choose(actor.staffId(), chosen)));
        return "redirect:/notifications";
    }

    /** What the person is told once their e-mail choice is saved. */
    static String saved(MailPreferences.Choice choice) {
        if (choice.topics().isEmpty()) {
            return "Saved. Nothing will be e-mailed to you.";
        }
        if (choice.address() == null) {
            return "Saved. Hearken has no e-mail address for you, so nothing is e-mailed until one is recorded on your"
                    + " account.";
        }
        return "Saved. Hearken will also e-mail these notices to " + choice.address() + ".";
    }

    private String notificationsPage(Actor actor, Model model, MailPreferences.Choice mail, String mailError) {
        ZoneId zone = watch.zone();
        model.addAttribute(
                "notices",
                watch.notices(actor).stream()
                        .map(n -> new NoticeRow(
                                n.id(),
                                n.reference(),
                                n.message(),
                                n.kind(),
                                when(n.dueAt(), zone),
                                when(n.createdAt(), zone),
                                n.readAt() != null))
                        .toList());
        model.addAttribute("unread", watch.unread(actor));
        model.addAttribute("mailAddress", mail.address());
        model.addAttribute(
                "topics",
                Arrays.stream(NoticeMail.Topic.values())
                        .map(t -> new TopicRow(t.name(), t.label(), t.hint(), mail.mailed(t)))
                        .toList());
        model.addAttribute("mailError", mailError);
        return "watch/notifications";
    }

    @PostMapping("/notifications/{id}/read")
    String markRead(@PathVariable long id, Actor actor) {
        watch.markRead(actor, id);
        return "redirect:/notifications";
    }

    @PostMapping("/notifications/read")
    String markAllRead(Actor actor, RedirectAttributes redirect) {
        int marked = watch.markAllRead(actor);
        redirect.addFlashAttribute(
                "flash", marked == 1 ? "Marked 1 notice read." : "Marked " + marked + " notices read.");
        return "redirect:/notifications";
    }

    /** Each problem of an exception in plain words, with what to do about it. */
    static List<String> reasons(DeadlineWatch.WatchException e, ZoneId zone) {
        List<String> reasons = new ArrayList<>();
        for (String problem : e.problems()) {
            reasons.add(
                    switch (problem) {
                        case "NO_OWNER" -> "No one owns this case. Assign an owner.";
                        case "OWNER_INACTIVE" ->
                            "The owner, " + e.ownerName() + ", has been deactivated. Reassign the case.";
                        case "NO_DEPARTMENT" -> "No department is responsible for this case. Refer it to one.";
                        case "NO_NEXT_DUE_DATE" ->
                            "Nothing is due next: the case is open but no stage is running. Close it or reopen a stage.";
                        case "ACKNOWLEDGE_OVERDUE" ->
                            "The acknowledgement is overdue: it was due " + when(e.acknowledgeDue(), zone) + ".";
                        case "RESPOND_OVERDUE" ->
                            "The response is overdue: it was due " + when(e.respondDue(), zone) + ".";
                        case "REVIEW_OVERDUE" ->
                            "The internal review is overdue: it was due " + when(e.reviewDue(), zone) + ".";
                        default -> problem;
                    });
        }
        return reasons;
    }

    static String stage(String stage) {
        return switch (stage) {
            case "ACKNOWLEDGE" -> "Acknowledgement";
            case "RESPOND" -> "Response";
            case "REVIEW_ACKNOWLEDGE" -> "Stage-2 acknowledgement";
            case "DECIDE" -> "Decision on more time";
            case "UPDATE" -> "Progress update";
            default -> "Internal review";
        };
    }

    static String kind(String kind) {
        String words = kind.replace('_', ' ').toLowerCase(Locale.ROOT);
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    private static String scopeText(Actor actor) {
        return DeadlineWatch.seesEveryDepartment(actor) ? "every department" : "your departments";
    }

    private static String when(Instant instant, ZoneId zone) {
        return instant == null ? "" : WHEN.format(instant.atZone(zone));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
