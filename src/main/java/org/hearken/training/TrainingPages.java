package org.hearken.training;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hearken.identity.Actor;
import org.hearken.identity.Role;
import org.hearken.platform.InvalidRequestException;
import org.hearken.platform.NotFoundException;
import org.hearken.policy.ServicePolicies;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Staff pages: the training records with a form to add one, and the report of untrained staff holding open cases. */
@Controller
class TrainingPages {

    /** What the form sends back, as typed, so that a refused form shows the person what they entered. */
    record Form(String staff, String trainedOn, String policyVersion, String note) {}

    private final TrainingRecords training;
    private final ServicePolicies policies;
    private final Clock clock;

    TrainingPages(TrainingRecords training, ServicePolicies policies, Clock clock) {
        this.training = training;
        this.policies = policies;
        this.clock = clock;
    }

    @GetMapping("/admin/training")
    String page(@RequestParam(required = false) String staff, Actor actor, Model model, HttpServletResponse response) {
        if (!reader(actor)) {
            return forbidden(model, response);
        }
        LocalDate today = clock.instant()
                .atZone(policies.active().policy().calendar().zone())
                .toLocalDate();
        return show(
                model,
                actor,
                staff,
                new Form(
                        null, today.toString(), String.valueOf(policies.active().version()), null),
                Map.of());
    }

    @PostMapping("/admin/training")
    String record(
            @RequestParam(required = false) String staff,
            @RequestParam(required = false) String trainedOn,
            @RequestParam(required = false) String policyVersion,
            @RequestParam(required = false) String note,
            Actor actor,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        Form form = new Form(staff, trainedOn, policyVersion, note);
        Map<String, String> errors = new LinkedHashMap<>();
        LocalDate date = null;
        try {
            date = trainedOn == null || trainedOn.isBlank() ? null : LocalDate.parse(trainedOn.strip());
        } catch (java.time.format.DateTimeParseException e) {
            errors.put("trainedOn", "Give the date as a calendar date, for example 2026-11-30.");
        }
        Integer version = null;
        if (policyVersion != null && !policyVersion.isBlank()) {
            try {
                version = Integer.valueOf(policyVersion.strip());
            } catch (NumberFormatException e) {
                errors.put("policyVersion", "Choose a policy version from the list.");
            }
        }
        if (errors.isEmpty()) {
            try {
                TrainingRecord r = training.record(new TrainingRecords.NewTraining(staff, date, version, note), actor);
                redirect.addFlashAttribute(
                        "recorded",
                        r.staffName() + " trained on " + r.trainedOn() + " (policy version " + r.policyVersion() + ")");
                return "redirect:/admin/training";
            } catch (InvalidRequestException e) {
                e.problems().forEach(p -> errors.putIfAbsent(p.field(), sentence(p.field(), p.message())));
            } catch (AccessDeniedException e) {
                errors.put("staff", e.getMessage());
            }
        }
        response.setStatus(422);
        return show(model, actor, null, form, errors);
    }

    @PostMapping("/admin/training/{id}/delete")
    String delete(
            @PathVariable long id,
            Actor actor,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        try {
            training.delete(id, actor);
        } catch (AccessDeniedException e) {
            return forbidden(model, response);
        } catch (NotFoundException e) {
            redirect.addFlashAttribute("problem", "That training record no longer exists.");
            return "redirect:/admin/training";
        }
        redirect.addFlashAttribute("recorded", "The training record was removed.");
        return "redirect:/admin/training";
    }

    @GetMapping("/reports/training")
    String report(Actor actor, Model model, HttpServletResponse response) {
        if (!reader(actor)) {
            return forbidden(model, response);
        }
        model.addAttribute("nav", "reports");
        model.addAttribute("holders", training.untrainedHolders(actor));
        model.addAttribute("active", policies.active());
        model.addAttribute("canRecord", actor.has(Role.ADMIN) || actor.has(Role.MANAGER));
        return "training/report";
    }

    private String show(Model model, Actor actor, String staff, Form form, Map<String, String> errors) {
        model.addAttribute("nav", "admin");
        model.addAttribute("records", training.list(staff, actor));
        model.addAttribute("filterStaff", staff);
        model.addAttribute("canRecord", actor.has(Role.ADMIN) || actor.has(Role.MANAGER));
        model.addAttribute("people", training.recordable(actor));
        model.addAttribute("versions", training.policyVersions());
        model.addAttribute("active", policies.active());
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        return "training/records";
    }

    private static boolean reader(Actor actor) {
        return actor.has(Role.ADMIN) || actor.has(Role.MANAGER) || actor.has(Role.EXECUTIVE);
    }

    private static String forbidden(Model model, HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        model.addAttribute("status", 403);
        return "error";
    }

    /** The API's "is in the future" as a sentence next to the field: "The date is in the future." */
    static String sentence(String field, String message) {
        String label = switch (field) {
            case "staff" -> "The member of staff";
            case "trainedOn" -> "The date";
            case "policyVersion" -> "The policy version";
            case "note" -> "The note";
            default -> "This";
        };
        String text = message.startsWith("is ")
                ? label + " " + message
                : Character.toUpperCase(message.charAt(0)) + message.substring(1);
        return text.endsWith(".") ? text : text + ".";
    }
}
