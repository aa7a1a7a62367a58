package org.hearken.casework;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.hearken.cases.CaseListPage;
import org.hearken.cases.CaseListQuery;
import org.hearken.cases.CaseManagement;
import org.hearken.cases.DueState;
import org.hearken.identity.Actor;
import org.hearken.identity.Role;
import org.hearken.identity.StaffDirectory;
import org.hearken.platform.InvalidRequestException;
import org.hearken.policy.Channel;
import org.hearken.policy.FeedbackKind;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The lists of cases: mine, my departments' queue, all cases (managers and executives) and the search box. Each
 * shows only what the cases module's visibility rule lets the reader see, with the due-date state of every case.
 */
@Controller
class CaseListPages {

    /** The filters as typed (kept in the form); blank means "any". */
    record Filters(
            String status, String kind, String channel, String department, String owner, String due, String after) {}

    private static final Pattern REFERENCE = Pattern.compile("[A-Za-z]{1,10}-\\d{4}-\\d{1,12}");

    private final CaseManagement cases;
    private final StaffDirectory directory;

    CaseListPages(CaseManagement cases, StaffDirectory directory) {
        this.cases = cases;
        this.directory = directory;
    }

    @GetMapping("/cases/mine")
    String mine(@ModelAttribute("filters") Filters filters, Actor actor, Model model) {
        return list(
                CaseListQuery.Scope.MINE,
                "/cases/mine",
                "My cases",
                "Open cases you own, and referrals waiting for you to accept them.",
                "mine",
                filters,
                actor,
                model);
    }

    @GetMapping("/cases/queue")
    String queue(@ModelAttribute("filters") Filters filters, Actor actor, Model model) {
        return list(
                CaseListQuery.Scope.QUEUE,
                "/cases/queue",
                "Department queue",
                "Open cases of your departments. New cases and referrals waiting for your department come first.",
                "queue",
                filters,
                actor,
                model);
    }

    @GetMapping("/cases")
    String all(@ModelAttribute("filters") Filters filters, Actor actor, Model model) {
        if (!actor.has(Role.MANAGER) && !actor.has(Role.EXECUTIVE)) {
            throw new AccessDeniedException("Managers and executives see all cases.");
        }
        return list(
                CaseListQuery.Scope.ALL,
                "/cases",
                "All cases",
                "Every case you may see.",
                "all",
                filters,
                actor,
                model);
    }

    private String list(
            CaseListQuery.Scope scope,
            String path,
            String title,
            String subtitle,
            String nav,
            Filters f,
            Actor actor,
            Model model) {
        FormState form = new FormState("filters", new java.util.LinkedHashMap<>());
        CaseListQuery.StatusFilter status = parse(CaseListQuery.StatusFilter.class, f.status(), "status", form);
        FeedbackKind kind = parse(FeedbackKind.class, f.kind(), "kind", form);
        Channel channel = parse(Channel.class, f.channel(), "channel", form);
        DueState due = parse(DueState.class, f.due() == null ? null : f.due().replace('-', '_'), "due", form);
        List<org.hearken.identity.Department> departments = directory.departments();
        CaseListPage page = new CaseListPage(List.of(), null);
        if (!form.hasErrors()) {
            page = cases.list(
                    new CaseListQuery(
                            scope,
                            status,
                            kind,
                            channel,
                            blank(f.department()),
                            blank(f.owner()),
                            due,
                            blank(f.after()),
                            50),
                    actor);
        }
        model.addAttribute("nav", nav);
        model.addAttribute("path", path);
        model.addAttribute("heading", title);
        model.addAttribute("subtitle", subtitle);
        model.addAttribute("scope", scope.name());
        model.addAttribute("form", form);
        model.addAttribute("page", page);
        model.addAttribute("rows", Row.of(page.items(), (Words) model.getAttribute("words")));
        model.addAttribute("statuses", CaseListQuery.StatusFilter.values());
        model.addAttribute("kinds", FeedbackKind.values());
        model.addAttribute("channels", Channel.values());
        model.addAttribute("dueStates", DueState.values());
        model.addAttribute("departments", departments);
        model.addAttribute(
                "staff",
                switch (scope) {
                    case MINE -> List.of();
                    // The queue's owners are the departments' people.
                    case QUEUE ->
                        directory.activeStaff().stream()
                                .filter(s -> departments.stream()
                                        .anyMatch(d -> actor.belongsTo(d.id())
                                                && s.departmentCodes().contains(d.code())))
                                .toList();
                    case ALL -> directory.activeStaff();
                });
        model.addAttribute("nextUrl", page.next() == null ? null : url(path, f, page.next()));
        model.addAttribute("firstUrl", blank(f.after()) == null ? null : url(path, f, null));
        return "casework/list";
    }

    /** The list's address with the same filters, starting after {@code cursor} (from the start when null). */
    private static String url(String path, Filters f, String cursor) {
        UriComponentsBuilder url = UriComponentsBuilder.fromPath(path);
        param(url, "status", f.status());
        param(url, "kind", f.kind());
        param(url, "channel", f.channel());
        param(url, "department", f.department());
        param(url, "owner", f.owner());
        param(url, "due", f.due());
        param(url, "after", cursor);
        return url.build().encode().toUriString();
    }

    private static void param(UriComponentsBuilder url, String name, String value) {
        if (blank(value) != null) {
            url.queryParam(name, value.strip());
        }
    }

    /**
     * The header's search box: a reference goes straight to its case (if the reader may see it); anything else
     * searches customers' names, e-mail addresses and phone numbers and the words of subjects and descriptions.
     */
    @GetMapping("/cases/search")
    String search(
            @RequestParam(required = false) String q,
            @RequestParam(required = false) String after,
            Actor actor,
            Model model) {
        String text = q == null ? "" : q.strip();
        model.addAttribute("globalQuery", text);
        model.addAttribute("q", text);
        if (REFERENCE.matcher(text).matches()) {
            String reference = text.toUpperCase(Locale.ROOT);
            if (cases.find(reference, actor).isPresent()) {
                return "redirect:/cases/" + reference;
            }
        }
        CaseListPage page = new CaseListPage(List.of(), null);
        if (!text.isEmpty()) {
            try {
                page = cases.searchText(text, blank(after), 50, actor);
            } catch (InvalidRequestException e) {
                if (!e.problems().getFirst().field().equals("q")) {
                    throw e;
                }
                model.addAttribute(
                        "problem", FormState.sentence(e.problems().getFirst().message()));
            }
        }
        model.addAttribute("page", page);
        model.addAttribute("rows", Row.of(page.items(), (Words) model.getAttribute("words")));
        model.addAttribute(
                "nextUrl",
                page.next() == null
                        ? null
                        : UriComponentsBuilder.fromPath("/cases/search")
                                .queryParam("q", text)
                                .queryParam("after", page.next())
                                .build()
                                .encode()
                                .toUriString());
        return "casework/search";
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value, String field, FormState form) {
        String v = blank(value);
        if (v == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            form.reject(field, "'" + v + "' is not one of the choices.");
            return null;
        }
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
