package org.hearken.webhooks;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hearken.identity.Actor;
import org.hearken.platform.InvalidRequestException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The webhook pages for administrators: the subscriptions with a form to add one (its secret shown once, on the page
 * that answers the form), each subscription's settings, pause and resume, deletion, redelivery since a time and its
 * delivery log, and each delivery's attempts with a button to deliver it again. Everything goes through
 * {@link Webhooks}, as the API does.
 */
@Controller
@RequestMapping("/admin/webhooks")
class WebhookPages {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    /** What the subscription form sends. */
    record Form(String name, String url, List<String> eventTypes, String active) {

        static final Form EMPTY = new Form("", "", List.of(), "true");

        Form {
            name = name == null ? "" : name.strip();
            url = url == null ? "" : url.strip();
            eventTypes = eventTypes == null ? List.of() : List.copyOf(eventTypes);
        }

        static Form of(WebhookStore.Subscription s) {
            return new Form(s.name(), s.url(), s.eventTypes(), String.valueOf(s.active()));
        }

        Webhooks.Draft draft(boolean activeByDefault) {
            return new Webhooks.Draft(
                    name, url, eventTypes, active == null ? activeByDefault : Boolean.parseBoolean(active));
        }
    }

    /** A delivery as a row of the log. */
    record DeliveryRow(
            long id,
            String eventType,
            String reference,
            String occurredAt,
            String status,
            String css,
            int attempts,
            String lastAttemptAt,
            String nextAttemptAt,
            boolean redelivery) {

        static DeliveryRow of(WebhookStore.Delivery d) {
            String css = switch (d.status()) {
                case "DELIVERED" -> "met";
                case "FAILED" -> "missed";
                default -> d.attempts() > 0 ? "due-soon" : "pending";
            };
            return new DeliveryRow(
                    d.id(),
                    d.eventType(),
                    d.caseReference(),
                    time(d.occurredAt()),
                    d.status(),
                    css,
                    d.attempts(),
                    time(d.lastAttemptAt()),
                    time(d.nextAttemptAt()),
                    d.redeliveryOf() != null);
        }
    }

    /** An attempt as a row. */
    record AttemptRow(String at, int durationMs, String status, String error, String excerpt, boolean succeeded) {}

    private final Webhooks webhooks;

    WebhookPages(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    @GetMapping
    String list(Actor actor, Model model) {
        return listPage(actor, model, Form.EMPTY, Map.of());
    }

    @PostMapping
    String create(Form form, Actor actor, Model model, HttpServletResponse response) {
        try {
            Webhooks.Created created = webhooks.create(form.draft(true), actor);
            // Shown on this answer only: the secret is never stored in the session or shown again.
            model.addAttribute("secret", created.secret());
            model.addAttribute(
                    "flash", "Added the subscription " + created.subscription().name() + ". Copy its secret now.");
            return detailPage(created.subscription().id(), actor, model, null, Map.of(), null);
        } catch (InvalidRequestException e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return listPage(actor, model, form, byField(e));
        }
    }

    @GetMapping("/{id}")
    String detail(@PathVariable long id, @RequestParam(required = false) Long before, Actor actor, Model model) {
        return detailPage(id, actor, model, null, Map.of(), before);
    }

    @PostMapping("/{id}")
    String change(
            @PathVariable long id,
            Form form,
            Actor actor,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        try {
            WebhookStore.Subscription s =
                    webhooks.change(id, form.draft(webhooks.get(id, actor).active()), actor);
            redirect.addFlashAttribute("flash", "Saved the subscription " + s.name() + ".");
            return "redirect:/admin/webhooks/" + id;
        } catch (InvalidRequestException e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return detailPage(id, actor, model, form, byField(e), null);
        }
    }

    @PostMapping("/{id}/pause")
    String pause(@PathVariable long id, Actor actor, RedirectAttributes redirect) {
        WebhookStore.Subscription s = webhooks.setActive(id, false, actor);
        redirect.addFlashAttribute(
                "flash", s.name() + " is paused: events are kept and sent, in order, when it resumes.");
        return "redirect:/admin/webhooks/" + id;
    }

    @PostMapping("/{id}/resume")
    String resume(@PathVariable long id, Actor actor, RedirectAttributes redirect) {
        WebhookStore.Subscription s = webhooks.setActive(id, true, actor);
        redirect.addFlashAttribute("flash", s.name() + " is active again; the events kept meanwhile are on their way.");
        return "redirect:/admin/webhooks/" + id;
    }

    @PostMapping("/{id}/delete")
    String delete(@PathVariable long id, Actor actor, RedirectAttributes redirect) {
        WebhookStore.Subscription s = webhooks.get(id, actor);
        webhooks.delete(id, actor);
        redirect.addFlashAttribute("flash", "Deleted the subscription " + s.name() + " and its delivery log.");
        return "redirect:/admin/webhooks";
    }

    @PostMapping("/{id}/redeliver")
    String redeliverSince(
            @PathVariable long id,
            @RequestParam(required = false) String since,
            Actor actor,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        Instant from;
        try {
            from = java.time.LocalDateTime.parse(since == null ? "" : since.strip())
                    .toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return detailPage(id, actor, model, null, Map.of("since", "Enter a date and time (UTC)."), null);
        }
        int queued = webhooks.redeliverSince(id, from, actor);
        redirect.addFlashAttribute(
                "flash",
                queued == 1
                        ? "1 event will be delivered again."
                        : queued + " events will be delivered again, each case's in order.");
        return "redirect:/admin/webhooks/" + id;
    }

    @GetMapping("/{id}/deliveries/{deliveryId}")
    String delivery(@PathVariable long id, @PathVariable long deliveryId, Actor actor, Model model) {
        WebhookStore.Subscription s = webhooks.get(id, actor);
        WebhookStore.Delivery d = webhooks.delivery(id, deliveryId, actor);
        model.addAttribute("nav", "admin");
        model.addAttribute("subscription", s);
        model.addAttribute("delivery", DeliveryRow.of(d));
        model.addAttribute("eventId", d.eventId().toString());
        model.addAttribute("body", d.payload());
        model.addAttribute(
                "attempts",
                webhooks.attempts(d.id()).stream()
                        .map(a -> new AttemptRow(
                                time(a.attemptedAt()),
                                a.durationMs(),
                                a.statusCode() == null ? "no answer" : String.valueOf(a.statusCode()),
                                a.error(),
                                a.responseExcerpt(),
                                a.succeeded()))
                        .toList());
        return "admin/webhook-delivery";
    }

    @PostMapping("/{id}/deliveries/{deliveryId}/redeliver")
    String redeliver(@PathVariable long id, @PathVariable long deliveryId, Actor actor, RedirectAttributes redirect) {
        webhooks.redeliver(id, deliveryId, actor);
        redirect.addFlashAttribute(
                "flash", "The event will be delivered again, after the case's events already waiting.");
        return "redirect:/admin/webhooks/" + id;
    }

    private String listPage(Actor actor, Model model, Form form, Map<String, String> errors) {
        model.addAttribute("nav", "admin");
        model.addAttribute("subscriptions", webhooks.list(actor));
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("eventTypes", Webhooks.EVENT_TYPES);
        return "admin/webhooks";
    }

    private String detailPage(long id, Actor actor, Model model, Form form, Map<String, String> errors, Long before) {
        WebhookStore.Subscription s = webhooks.get(id, actor);
        List<WebhookStore.Delivery> page = webhooks.deliveries(id, before, 50, actor);
        model.addAttribute("nav", "admin");
        model.addAttribute("subscription", s);
        model.addAttribute("createdAt", time(s.createdAt()));
        model.addAttribute("form", form == null ? Form.of(s) : form);
        model.addAttribute("errors", errors);
        model.addAttribute("eventTypes", Webhooks.EVENT_TYPES);
        model.addAttribute("deliveries", page.stream().map(DeliveryRow::of).toList());
        model.addAttribute("older", page.size() == 50 ? page.getLast().id() : null);
        return "admin/webhook";
    }

    private static Map<String, String> byField(InvalidRequestException e) {
        Map<String, String> errors = new LinkedHashMap<>();
        e.problems().forEach(p -> errors.putIfAbsent(p.field(), sentence(p.message())));
        return errors;
    }

    private static String sentence(String message) {
        String s = message.isEmpty() ? message : Character.toUpperCase(message.charAt(0)) + message.substring(1);
        return s.endsWith(".") ? s : s + ".";
    }

    static String time(Instant i) {
        return i == null ? "" : TIME.format(i);
    }
}
