package org.hearken.policy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.hearken.identity.Actor;
import org.hearken.identity.Role;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The service policy for administrators: the version in force, every version kept, and upload of a new one. An invalid
 * document is shown back with the parser's problems, each with its line, and the version in force stays.
 */
@Controller
class PolicyPages {

    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm", Locale.ENGLISH);

    /** One line of a document, numbered from 1, and whether a problem was found on it. */
    record Line(int number, String text, boolean problem) {}

    private final ServicePolicies policies;

    PolicyPages(ServicePolicies policies) {
        this.policies = policies;
    }

    @GetMapping("/admin/policy")
    String policy(Actor actor, Model model) {
        requireAdmin(actor);
        return page(model, policies.activeDocument().yaml(), List.of(), null);
    }

    private String page(Model model, String document, List<PolicyProblem> problems, String uploadError) {
        ZoneId zone = policies.active().policy().calendar().zone();
        PolicyDocument active = policies.activeDocument();
        model.addAttribute("nav", "admin");
        model.addAttribute("active", active.info());
        model.addAttribute("activeWhen", when(active.info().uploadedAt(), zone));
        model.addAttribute("zone", zone.getId());
        model.addAttribute(
                "versions",
                policies.versions().stream()
                        .map(v -> new VersionRow(v, when(v.uploadedAt(), zone)))
                        .toList());
        model.addAttribute("document", document);
        model.addAttribute("problems", problems);
        model.addAttribute("uploadError", uploadError);
        return "admin/policy";
    }

    record VersionRow(PolicyVersionInfo info, String when) {}

    @PostMapping("/admin/policy")
    String upload(
            @RequestParam(defaultValue = "") String document,
            @RequestParam(required = false) MultipartFile file,
            Actor actor,
            Model model,
            RedirectAttributes redirect) {
        requireAdmin(actor);
        String yaml = document;
        if (file != null && !file.isEmpty()) {
            try {
                yaml = new String(file.getBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return page(
                        model,
                        document,
                        List.of(),
                        "The file could not be read. Try again, or paste the document instead.");
            }
        }
        if (yaml.isBlank()) {
            return page(model, document, List.of(), "Paste the policy document or choose a file.");
        }
        try {
            var stored = policies.uploadIfChanged(yaml, actor.username());
            if (stored.isPresent()) {
                redirect.addFlashAttribute(
                        "flash",
                        "Version " + stored.get().version() + " \""
                                + stored.get().name()
                                + "\" is now in force. Cases already received keep the version they were received under.");
            } else {
                redirect.addFlashAttribute(
                        "flash", "That document is the same as the version in force; nothing was stored.");
            }
            return "redirect:/admin/policy";
        } catch (PolicyValidationException e) {
            model.addAttribute("lines", lines(yaml, e.problems()));
            return page(model, yaml, e.problems(), null);
        }
    }

    @GetMapping("/admin/policy/versions/{version}")
    String version(@PathVariable int version, Actor actor, Model model) {
        requireAdmin(actor);
        PolicyDocument doc =
                policies.document(version).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        ZoneId zone = policies.active().policy().calendar().zone();
        model.addAttribute("nav", "admin");
        model.addAttribute("info", doc.info());
        model.addAttribute("when", when(doc.info().uploadedAt(), zone));
        model.addAttribute("lines", lines(doc.yaml(), List.of()));
        return "admin/policy-version";
    }

    static List<Line> lines(String yaml, List<PolicyProblem> problems) {
        String[] parts = yaml.replace("\r\n", "\n").split("\n", -1);
        List<Line> lines = new java.util.ArrayList<>(parts.length);
        for (int i = 0; i < parts.length; i++) {
            int number = i + 1;
            lines.add(new Line(number, parts[i], problems.stream().anyMatch(p -> p.line() == number)));
        }
        return lines;
    }

    static String when(Instant instant, ZoneId zone) {
        return instant == null ? "" : WHEN.format(instant.atZone(zone));
    }

    private static void requireAdmin(Actor actor) {
        if (!actor.has(Role.ADMIN)) {
            throw new AccessDeniedException("Only an administrator may change the service policy.");
        }
    }
}
