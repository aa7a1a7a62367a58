package org.hearken.correspondence;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.hearken.identity.Actor;
import org.hearken.identity.Role;
import org.hearken.platform.InvalidRequestException;
import org.hearken.platform.NotFoundException;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The template library: any member of staff may read and preview templates; administrators and managers may change
 * them.
 */
@RestController
@RequestMapping("/api/templates")
class TemplateController {

    record TemplateView(
            TemplateKey key,
            TemplateChannel channel,
            int version,
            String subject,
            String body,
            Instant createdAt,
            String createdBy,
            boolean active) {
        static TemplateView of(Templates.Version v) {
            return new TemplateView(
                    v.key(), v.channel(), v.version(), v.subject(), v.body(), v.createdAt(), v.createdBy(), v.active());
        }
    }

    record VersionInfo(int version, Instant createdAt, String createdBy, boolean active) {}

    record FieldInfo(String name, String description) {}

    record TemplateDetail(
            TemplateKey key,
            TemplateChannel channel,
            TemplateView active,
            List<VersionInfo> versions,
            List<FieldInfo> fields) {}

    /** The body of a change or a preview: the template text, subject and body. */
    record Draft(String subject, String body) {}

    record Preview(
            TemplateKey key,
            TemplateChannel channel,
            String reference,
            String subject,
            String body,
            Map<String, String> fields) {}

    private final Templates templates;
    private final PreviewFields previewFields;

    TemplateController(Templates templates, PreviewFields previewFields) {
        this.templates = templates;
        this.previewFields = previewFields;
    }

    @GetMapping
    List<TemplateView> active() {
        return templates.active().stream().map(TemplateView::of).toList();
    }

    @GetMapping("/{key}/{channel}")
    TemplateDetail detail(@PathVariable TemplateKey key, @PathVariable TemplateChannel channel) {
        List<Templates.Version> versions = templates.versions(key, channel);
        Templates.Version active = versions.stream()
                .filter(Templates.Version::active)
                .findFirst()
                .orElseThrow(
                        () -> new NotFoundException("The " + key + " " + channel + " template is not installed yet"));
        return new TemplateDetail(
                key,
                channel,
                TemplateView.of(active),
                versions.stream()
                        .map(v -> new VersionInfo(v.version(), v.createdAt(), v.createdBy(), v.active()))
                        .toList(),
                MergeFields.ALLOWED.entrySet().stream()
                        .map(e -> new FieldInfo(e.getKey(), e.getValue()))
                        .toList());
    }

    @GetMapping("/{key}/{channel}/versions/{version}")
    TemplateView version(
            @PathVariable TemplateKey key, @PathVariable TemplateChannel channel, @PathVariable int version) {
        return templates
                .version(key, channel, version)
                .map(TemplateView::of)
                .orElseThrow(() ->
                        new NotFoundException("The " + key + " " + channel + " template has no version " + version));
    }

    /** 201 with the new version in force; 200 with the version in force when the text is the same as it. */
    @PutMapping("/{key}/{channel}")
    ResponseEntity<TemplateView> replace(
            @PathVariable TemplateKey key,
            @PathVariable TemplateChannel channel,
            @RequestBody Draft draft,
            Actor actor) {
        if (!mayEdit(actor)) {
            throw new AccessDeniedException("Only an administrator or a manager may change templates.");
        }
        Templates.Saved saved = templates.save(key, channel, draft.subject(), draft.body(), actor.username());
        TemplateView view = TemplateView.of(saved.version());
        return saved.created()
                ? ResponseEntity.created(
                                URI.create("/api/templates/" + key + "/" + channel + "/versions/" + view.version()))
                        .body(view)
                : ResponseEntity.ok(view);
    }

    /**
     * Renders the template in force, or the draft sent (either part may be left out to use the one in force), with the
     * fields of a case the caller may open ({@code ?reference=}) or with built-in sample values. Nothing is stored.
     */
    @PostMapping("/{key}/{channel}/preview")
    Preview preview(
            @PathVariable TemplateKey key,
            @PathVariable TemplateChannel channel,
            @RequestParam(required = false) String reference,
            @RequestBody(required = false) Draft draft,
            Actor actor) {
        Templates.Version active = templates.active(key, channel).orElse(null);
        TemplateSource current = active != null
                ? new TemplateSource(active.subject(), active.body())
                : TemplateSource.shipped(key, channel);
        String subject = draft != null && draft.subject() != null ? draft.subject() : current.subject();
        String body = draft != null && draft.body() != null ? draft.body() : current.body();
        var problems = TemplateEngine.problems(subject, body);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        Map<String, String> ordered = previewFields.of(reference, actor);
        return new Preview(
                key,
                channel,
                reference == null || reference.isBlank() ? null : reference.strip(),
                OutgoingMail.singleLine(TemplateEngine.render(TemplateEngine.compile(subject), ordered)),
                TemplateEngine.render(TemplateEngine.compile(body), ordered),
                ordered);
    }

    /** Administrators and managers edit the standard texts; agents and executives read them. */
    static boolean mayEdit(Actor actor) {
        return actor.has(Role.ADMIN) || actor.has(Role.MANAGER);
    }
}
