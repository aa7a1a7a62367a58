package org.hearken.correspondence;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hearken.identity.Actor;
import org.hearken.platform.FieldProblem;
import org.hearken.platform.InvalidRequestException;
import org.hearken.platform.NotFoundException;
import org.hearken.policy.ServicePolicies;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The template editor for administrators and managers: every template by kind and channel, the editor with the merge
 * fields beside it and a live preview rendered on the server by the same engine that sends (shown escaped), saving as
 * a new version, the version history and restoring an old version (which saves its text as a new version).
 */
@Controller
class TemplatePages {

    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm", Locale.ENGLISH);

    /** {@code lacking}: how many blocks the rule packs in force require in its letters that its words lack. */
    record Row(
            TemplateKey key,
            TemplateChannel channel,
            int version,
            String subject,
            String when,
            String by,
            long lacking) {}

    record Field(String name, String description) {}

    record VersionRow(int version, String when, String by, boolean active) {}

    /** A rendered preview: subject and body as plain text, or the problems of the draft by field. */
    record Rendered(String subject, String body, Map<String, String> errors, String caseError) {}

    private final Templates templates;
    private final PreviewFields previewFields;
    private final ServicePolicies policies;
    private final Clock clock;
    private final List<String> organisationAddress;

    TemplatePages(
            Templates templates,
            PreviewFields previewFields,
            ServicePolicies policies,
            Clock clock,
            @Value("${hearken.organisation.address:}") String organisationAddress) {
        this.templates = templates;
        this.previewFields = previewFields;
        this.policies = policies;
        this.clock = clock;
        this.organisationAddress = Arrays.stream(organisationAddress.split("[,\\n]"))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    @GetMapping("/admin/templates")
    String list(Actor actor, Model model) {
        requireEditor(actor);
        ZoneId zone = zone();
        Map<String, Templates.Version> active = new LinkedHashMap<>();
        templates.active().forEach(v -> active.put(v.key() + "/" + v.channel(), v));
        List<Row> rows = new java.util.ArrayList<>();
        var policy = policies.active().policy();
        for (TemplateKey key : TemplateKey.values()) {
            for (TemplateChannel channel : TemplateChannel.values()) {
                Templates.Version v = active.get(key + "/" + channel);
                TemplateSource text =
                        v == null ? TemplateSource.shipped(key, channel) : new TemplateSource(v.subject(), v.body());
                long lacking = RequiredBlocks.missing(policy, key, text.subject() + "\n" + text.body());
                rows.add(
                        v == null
                                ? new Row(key, channel, 0, text.subject(), "", "", lacking)
                                : new Row(
                                        key, channel, v.version(), v.subject(), when(v, zone), v.createdBy(), lacking));
            }
        }
        model.addAttribute("packs", !policy.packs().isEmpty());
        model.addAttribute("nav", "admin");
        model.addAttribute("rows", rows);
        return "admin/templates";
    }

    @GetMapping("/admin/templates/{key}/{channel}")
    String edit(
            @PathVariable String key,
            @PathVariable String channel,
            @RequestParam(required = false) Integer version,
            Actor actor,
            Model model) {
        requireEditor(actor);
        TemplateKey k = key(key);
        TemplateChannel c = channel(channel);
        TemplateSource text;
        if (version != null) {
            Templates.Version v = templates
                    .version(k, c, version)
                    .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
            text = new TemplateSource(v.subject(), v.body());
            model.addAttribute("loadedVersion", version);
        } else {
            text = current(k, c);
        }
        return editor(model, k, c, text.subject(), text.body(), Map.of(), "");
    }

    private String editor(
            Model model,
            TemplateKey key,
            TemplateChannel channel,
            String subject,
            String body,
            Map<String, String> errors,
            String reference) {
        ZoneId zone = zone();
        model.addAttribute("nav", "admin");
        model.addAttribute("key", key);
        model.addAttribute("channel", channel);
        model.addAttribute("subject", subject);
        model.addAttribute("body", body);
        model.addAttribute("errors", errors);
        model.addAttribute("reference", reference);
        model.addAttribute("requirements", RequiredBlocks.of(policies.active().policy(), key, subject + "\n" + body));
        model.addAttribute(
                "fields",
                MergeFields.ALLOWED.entrySet().stream()
                        .map(e -> new Field(e.getKey(), e.getValue()))
                        .toList());
        model.addAttribute(
                "versions",
                templates.versions(key, channel).stream()
                        .map(v -> new VersionRow(v.version(), when(v, zone), v.createdBy(), v.active()))
                        .toList());
        model.addAttribute("preview", errors.isEmpty() ? render(subject, body, reference, null) : null);
        return "admin/template-edit";
    }

    @PostMapping("/admin/templates/{key}/{channel}")
    String save(
            @PathVariable String key,
            @PathVariable String channel,
            @RequestParam(defaultValue = "") String subject,
            @RequestParam(defaultValue = "") String body,
            Actor actor,
            Model model,
            RedirectAttributes redirect) {
        requireEditor(actor);
        TemplateKey k = key(key);
        TemplateChannel c = channel(channel);
        String normalisedBody = body.replace("\r\n", "\n");
        try {
            Templates.Saved saved = templates.save(k, c, subject, normalisedBody, actor.username());
            redirect.addFlashAttribute(
                    "flash",
                    saved.created()
                            ? "Saved as version " + saved.version().version() + "; it is used from now on."
                            : "No change: this is the text of version "
                                    + saved.version().version() + ", which stays in force.");
        } catch (InvalidRequestException e) {
            return editor(model, k, c, subject, normalisedBody, errors(e.problems()), "");
        }
        return "redirect:/admin/templates/" + k + "/" + c;
    }

    @PostMapping("/admin/templates/{key}/{channel}/versions/{version}/restore")
    String restore(
            @PathVariable String key,
            @PathVariable String channel,
            @PathVariable int version,
            Actor actor,
            RedirectAttributes redirect) {
        requireEditor(actor);
        TemplateKey k = key(key);
        TemplateChannel c = channel(channel);
        Templates.Version old =
                templates.version(k, c, version).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        Templates.Saved saved = templates.save(k, c, old.subject(), old.body(), actor.username());
        redirect.addFlashAttribute(
                "flash",
                saved.created()
                        ? "Restored the text of version " + version + " as version "
                                + saved.version().version() + "; it is used from now on."
                        : "Version " + saved.version().version() + " in force already has the text of version "
                                + version + "; nothing changed.");
        return "redirect:/admin/templates/" + k + "/" + c;
    }

    /** The live preview (htmx): the draft rendered with a case's fields or the samples, never stored. */
    @PostMapping("/admin/templates/{key}/{channel}/preview")
    String preview(
            @PathVariable String key,
            @PathVariable String channel,
            @RequestParam(defaultValue = "") String subject,
            @RequestParam(defaultValue = "") String body,
            @RequestParam(defaultValue = "") String reference,
            Actor actor,
            Model model) {
        requireEditor(actor);
        key(key);
        model.addAttribute("channel", channel(channel));
        model.addAttribute("preview", render(subject, body.replace("\r\n", "\n"), reference, actor));
        return "admin/template-edit :: preview";
    }

    /** A LETTER draft as the A4 PDF a customer would receive, never stored. */
    @PostMapping("/admin/templates/{key}/LETTER/preview.pdf")
    ResponseEntity<byte[]> pdf(
            @PathVariable String key,
            @RequestParam(defaultValue = "") String subject,
            @RequestParam(defaultValue = "") String body,
            @RequestParam(defaultValue = "") String reference,
            Actor actor,
            Model model) {
        requireEditor(actor);
        TemplateKey k = key(key);
        Rendered rendered = render(subject, body.replace("\r\n", "\n"), reference, actor);
        if (rendered.subject() == null) {
            String problems = String.join(
                            "\n",
                            rendered.errors().entrySet().stream()
                                    .map(e -> e.getKey() + ": " + e.getValue())
                                    .toList())
                    + (rendered.caseError() == null ? "" : rendered.caseError());
            return ResponseEntity.badRequest()
                    .contentType(new MediaType("text", "plain", java.nio.charset.StandardCharsets.UTF_8))
                    .body(("The draft cannot be rendered:\n" + problems)
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        Map<String, String> fields = previewFields.of(reference, actor);
        byte[] pdf = LetterPdf.render(new Letter(
                previewFields.organisationName(),
                organisationAddress,
                fields.get("customerName"),
                previewFields.address(reference, actor),
                LocalDate.ofInstant(clock.instant(), zone()),
                fields.get("reference"),
                rendered.subject(),
                rendered.body()));
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_PDF)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.inline()
                                .filename(k.name().toLowerCase(Locale.ROOT) + "-letter-preview.pdf")
                                .build()
                                .toString())
                .header("X-Content-Type-Options", "nosniff")
                .body(pdf);
    }

    /** Renders a draft; a draft with problems, or a case that cannot be opened, gives the problems instead. */
    private Rendered render(String subject, String body, String reference, Actor actor) {
        List<FieldProblem> problems = TemplateEngine.problems(subject, body);
        if (!problems.isEmpty()) {
            return new Rendered(null, null, errors(problems), null);
        }
        Map<String, String> fields;
        try {
            fields = previewFields.of(actor == null ? "" : reference, actor);
        } catch (NotFoundException e) {
            return new Rendered(
                    null,
                    null,
                    Map.of(),
                    "There is no case " + reference.strip() + " that you may open; "
                            + "leave the case empty to preview with sample values.");
        }
        return new Rendered(
                OutgoingMail.singleLine(TemplateEngine.render(TemplateEngine.compile(subject), fields)),
                TemplateEngine.render(TemplateEngine.compile(body), fields),
                Map.of(),
                null);
    }

    private static Map<String, String> errors(List<FieldProblem> problems) {
        Map<String, String> errors = new LinkedHashMap<>();
        for (FieldProblem p : problems) {
            String text = (p.field().equals("subject") ? "The subject " : "The body ") + p.message() + ".";
            errors.merge(p.field(), text, (a, b) -> a + " " + b);
        }
        return errors;
    }

    private TemplateSource current(TemplateKey key, TemplateChannel channel) {
        return templates
                .active(key, channel)
                .map(v -> new TemplateSource(v.subject(), v.body()))
                .orElseGet(() -> TemplateSource.shipped(key, channel));
    }

    private ZoneId zone() {
        return policies.active().policy().calendar().zone();
    }

    private static String when(Templates.Version v, ZoneId zone) {
        return WHEN.format(v.createdAt().atZone(zone));
    }

    private static TemplateKey key(String key) {
        try {
            return TemplateKey.valueOf(key);
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
    }

    private static TemplateChannel channel(String channel) {
        try {
            return TemplateChannel.valueOf(channel);
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
    }

    private static void requireEditor(Actor actor) {
        if (!TemplateController.mayEdit(actor)) {
            throw new AccessDeniedException("Only administrators and managers may edit templates.");
        }
    }
}
