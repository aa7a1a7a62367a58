package org.hearken.casework;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hearken.cases.AcknowledgementMethod;
import org.hearken.cases.ActorPermissions;
import org.hearken.cases.CaseCommands;
import org.hearken.cases.CaseForActor;
import org.hearken.cases.CaseLifecycle;
import org.hearken.cases.CaseListItem;
import org.hearken.cases.CaseListQuery;
import org.hearken.cases.CaseManagement;
import org.hearken.cases.CaseView;
import org.hearken.cases.CustomerWording;
import org.hearken.cases.Outcome;
import org.hearken.cases.RemedyStatus;
import org.hearken.cases.RemedyType;
import org.hearken.cases.ReviewDecision;
import org.hearken.categories.CaseCategories;
import org.hearken.clients.ClientOrganisation;
import org.hearken.clients.Clients;
import org.hearken.correspondence.CaseCorrespondence;
import org.hearken.correspondence.Composer;
import org.hearken.customers.CustomerAccess;
import org.hearken.identity.Actor;
import org.hearken.identity.Department;
import org.hearken.identity.Role;
import org.hearken.identity.StaffDirectory;
import org.hearken.intake.CaseAttachments;
import org.hearken.platform.ConflictException;
import org.hearken.platform.Downloads;
import org.hearken.platform.InvalidRequestException;
import org.hearken.platform.NotFoundException;
import org.hearken.platform.PreconditionFailedException;
import org.hearken.policy.Channel;
import org.hearken.policy.FeedbackKind;
import org.hearken.register.CaseHistory;
import org.hearken.register.RegisterEntry;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The case page: its facts and due dates, the customer with their other cases, what was sent to them, its files, the
 * register's timeline, and a form for every action the case allows now. Actions go through the cases module's
 * guarded methods with the version the page was showing, so a change made meanwhile is never overwritten.
 */
@Controller
class CasePages {

    /** A form that cannot be sent as it is; the page shows it again with the problems next to the fields. */
    private static final class Rejected extends RuntimeException {
        Rejected() {
            super(null, null, false, false);
        }
    }

    /** The composer's form: a message to the customer, previewed first, then sent. */
    static final String COMPOSE = "write-to-customer";

    /** The fields of each action's form, by the names the API uses for them. */
    static final Map<String, Set<String>> FIELDS = Map.ofEntries(
            Map.entry("acknowledge", Set.of("via", "at", "note")),
            Map.entry("refer", Set.of("department", "owner", "note")),
            Map.entry("accept-referral", Set.of()),
            Map.entry("decline-referral", Set.of("reason")),
            Map.entry("assign", Set.of("department", "owner", "note")),
            Map.entry("interim-response", Set.of("channel", "message", "expectedBy", "holdingResponse")),
            Map.entry(
                    "respond",
                    Set.of(
                            "channel",
                            "analysis",
                            "resolution",
                            "outcome",
                            "reasons",
                            "category",
                            "summaryResolution",
                            "remedy.type",
                            "remedy.description",
                            "remedy.value")),
            Map.entry("add-remedy", Set.of("type", "description", "value", "status")),
            Map.entry("update-remedy", Set.of("remedyId", "status")),
            Map.entry(
                    "extend",
                    Set.of("newDueDate", "reason", "noticeChannel", "agreement.agreedBy", "agreement.agreedAt")),
            Map.entry("close", Set.of("note")),
            Map.entry("add-note", Set.of("text")),
            Map.entry(
                    COMPOSE,
                    Set.of(
                            "channel",
                            "subject",
                            "text",
                            "attachments",
                            "from",
                            "to.name",
                            "to.email",
                            "to.postalAddress")),
            Map.entry("add-file", Set.of("file")),
            Map.entry("reopen", Set.of("reason")),
            Map.entry("reclassify", Set.of("kind", "channel", "reason")),
            Map.entry("request-review", Set.of("reason", "requestedAt", "reviewer")),
            Map.entry("acknowledge-review", Set.of("at")),
            Map.entry("assign-reviewer", Set.of("reviewer")),
            Map.entry("decide-review", Set.of("decision", "analysis", "response", "channel", "outcome", "reasons")),
            Map.entry("named-staff", Set.of("username", "reason")),
            Map.entry("about-staff", Set.of("username", "note")),
            Map.entry("remove-about-staff", Set.of("username", "reason")));

    /** API field names that a form calls differently. */
    private static final Map<String, String> RENAMED = Map.of(
            "remedies[0].type",
            "remedy.type",
            "remedies[0].description",
            "remedy.description",
            "remedies[0].value",
            "remedy.value",
            "agreement",
            "agreement.agreedBy");

    private final CaseManagement cases;
    private final CaseLifecycle lifecycle;
    private final CustomerAccess customers;
    private final CaseCategories categories;
    private final CaseHistory history;
    private final CaseCorrespondence correspondence;
    private final CaseAttachments attachments;
    private final StaffDirectory directory;
    private final Validator validator;
    private final CaseMessages messages;

    private final Clients clients;

    /** How many of the customer's other cases a case page lists. */
    static final int OTHER_CASES_SHOWN = 5;

    /** How many of the client's other contacts' cases a case page lists. */
    static final int CLIENT_CASES_SHOWN = 5;

    CasePages(
            CaseManagement cases,
            CaseLifecycle lifecycle,
            CaseCategories categories,
            CustomerAccess customers,
            CaseHistory history,
            CaseCorrespondence correspondence,
            CaseAttachments attachments,
            StaffDirectory directory,
            Validator validator,
            CaseMessages messages,
            Clients clients) {
        this.messages = messages;
        this.clients = clients;
        this.cases = cases;
        this.lifecycle = lifecycle;
        this.customers = customers;
        this.categories = categories;
        this.history = history;
        this.correspondence = correspondence;
        this.attachments = attachments;
        this.directory = directory;
        this.validator = validator;
    }

    /**
     * The case page. {@code start}: a text to start a message to the customer from (a template's key or
     * {@code snippet:ID}), which opens the composer with it, for this case, ready to edit.
     */
    @GetMapping("/cases/{reference}")
    String show(
            @PathVariable String reference,
            @RequestParam(required = false) String start,
            Actor actor,
            Model model,
            HttpServletResponse response) {
        FormState form = FormState.NONE;
        if (start != null) {
            LinkedMultiValueMap<String, String> values = new LinkedMultiValueMap<>();
            try {
                messages.start(reference, start, actor).forEach(values::add);
                values.add("from", start);
                form = FormState.of(COMPOSE, values);
            } catch (InvalidRequestException e) {
                form = FormState.of(COMPOSE, values);
                form.reject(e.problems(), Map.of(), FIELDS.get(COMPOSE));
                response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            }
        }
        populate(model, reference, actor, form);
        return "casework/case";
    }

    /** What the preview showed, as a short digest: the form sends it back with "Send", which then sends only that. */
    static String fingerprint(Composer.Preview p) {
        String shown = String.join(
                "\u0000", p.channel().name(), p.to(), p.subject(), p.text(), String.join("\u0001", p.files()));
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(shown.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /**
     * "Preview what the customer receives" on the forms of the answers Hearken sends: shows it instead of recording the
     * answer. By a channel Hearken sends nothing for (a call, in person), there is nothing to show but that.
     */
    private void previewAnswerIfAsked(
            FormState f, String reference, Composer.Answer answer, String words, String newRemedy, Actor actor) {
        if (!f.flag("preview")) {
            return;
        }
        AcknowledgementMethod via =
                f.choice("channel", AcknowledgementMethod.class, "Choose how the customer is told.");
        Composer.Channel channel = via == AcknowledgementMethod.EMAIL
                ? Composer.Channel.EMAIL
                : via == AcknowledgementMethod.LETTER ? Composer.Channel.LETTER : null;
        Composer.Preview preview =
                via == null ? null : messages.previewAnswer(reference, answer, channel, words, newRemedy, actor);
        throw new AnswerPreviewReady(preview, via == null || channel != null);
    }

    /** An answer's preview, shown in its form instead of recording it; {@code sent} false: Hearken sends nothing. */
    private static final class AnswerPreviewReady extends RuntimeException {
        final transient Composer.Preview preview;
        final boolean sent;

        AnswerPreviewReady(Composer.Preview preview, boolean sent) {
            super(null, null, false, false);
            this.preview = preview;
            this.sent = sent;
        }
    }

    /** The composer's preview, shown instead of sending until the person confirms. */
    private static final class PreviewReady extends RuntimeException {
        final transient Composer.Preview preview;

        PreviewReady(Composer.Preview preview) {
            super(null, null, false, false);
            this.preview = preview;
        }
    }

    @PostMapping("/cases/{reference}/{action}")
    String act(
            @PathVariable String reference,
            @PathVariable String action,
            @RequestParam MultiValueMap<String, String> params,
            Actor actor,
            Model model,
            RedirectAttributes redirect,
            HttpServletResponse response) {
        if (!FIELDS.containsKey(action)) {
            throw new NotFoundException("No action " + action);
        }
        FormState form = FormState.of(action, params);
        Words words = (Words) model.getAttribute("words");
        try {
            Integer version = null;
            if (form.text("version") != null) {
                try {
                    version = Integer.valueOf(form.text("version"));
                } catch (NumberFormatException e) {
                    form.rejectGeneral("The form is damaged; reload the page and try again.");
                    throw new Rejected();
                }
            }
            String done = perform(action, reference, version, form, words.zone(), actor);
            redirect.addFlashAttribute("flash", Flash.ok(done));
            return "redirect:/cases/" + reference;
        } catch (AnswerPreviewReady e) {
            model.addAttribute("answerPreview", e.preview);
            model.addAttribute("answerNotSent", !e.sent);
        } catch (PreviewReady e) {
            model.addAttribute("preview", e.preview);
            model.addAttribute("previewed", fingerprint(e.preview));
        } catch (Rejected e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        } catch (InvalidRequestException e) {
            form.reject(e.problems(), RENAMED, FIELDS.get(action));
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        } catch (PreconditionFailedException e) {
            changedMeanwhile(model, response);
        } catch (ConflictException e) {
            if (e.properties().containsKey("reference") && !e.properties().containsKey("allowedActions")) {
                // The version matched when the case was read but not when it was written: changed in between.
                changedMeanwhile(model, response);
            } else {
                redirect.addFlashAttribute("flash", Flash.error(e.getMessage() + " Nothing was changed."));
                return "redirect:/cases/" + reference;
            }
        } catch (AccessDeniedException e) {
            redirect.addFlashAttribute("flash", Flash.error(e.getMessage() + " Nothing was changed."));
            return "redirect:/cases/" + reference;
        }
        populate(model, reference, actor, form);
        return "casework/case";
    }

    /** Adds a file to the case: a form of its own, since it sends a file (multipart) and carries no version. */
    @PostMapping("/cases/{reference}/add-file")
    String addFile(
            @PathVariable String reference,
            @RequestParam(name = "file", required = false) MultipartFile file,
            Actor actor,
            Model model,
            RedirectAttributes redirect,
            HttpServletResponse response) {
        FormState form = new FormState("add-file", Map.of());
        try {
            CaseAttachments.Attachment added = attachments.add(reference, file, actor);
            redirect.addFlashAttribute(
                    "flash",
                    Flash.ok("File added: " + added.filename() + ". Staff who may see the case can download it."));
            return "redirect:/cases/" + reference;
        } catch (InvalidRequestException e) {
            form.reject(e.problems(), RENAMED, FIELDS.get("add-file"));
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        } catch (AccessDeniedException e) {
            redirect.addFlashAttribute("flash", Flash.error(e.getMessage() + " Nothing was changed."));
            return "redirect:/cases/" + reference;
        }
        populate(model, reference, actor, form);
        return "casework/case";
    }

    private static void changedMeanwhile(Model model, HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_CONFLICT);
        model.addAttribute(
                "flash",
                Flash.info(
                        "Someone else changed this case while you were working on it, so nothing was"
                                + " changed. This is the current version: check it, then send your form again (what you typed is kept)."));
    }

    /** Runs the action; returns what to tell the user. */
    private String perform(String action, String reference, Integer version, FormState f, ZoneId zone, Actor actor) {
        switch (action) {
            case "acknowledge" -> {
                var cmd = new CaseCommands.Acknowledge(
                        f.choice("via", AcknowledgementMethod.class, "Choose how the customer was told."),
                        f.dateTime("at", zone, null),
                        f.text("note"));
                check(f, cmd);
                lifecycle.acknowledge(reference, version, cmd, actor);
                return "Acknowledgement recorded.";
            }
            case "refer" -> {
                var cmd = new CaseCommands.Refer(
                        required(f, "department", "Choose the department to refer it to."),
                        f.text("owner"),
                        f.text("note"));
                check(f, cmd);
                CaseView v = lifecycle.refer(reference, version, cmd, actor);
                return "Referred to " + v.referral().to().name() + " ("
                        + v.referral().department().name() + "). They become the owner once they accept it.";
            }
            case "accept-referral" -> {
                CaseView v = lifecycle.acceptReferral(reference, version, actor);
                return "Referral accepted: " + v.owner().name() + " ("
                        + v.department().name() + ") now owns the case.";
            }
            case "decline-referral" -> {
                var cmd = new CaseCommands.DeclineReferral(f.text("reason"));
                check(f, cmd);
                lifecycle.declineReferral(reference, version, cmd, actor);
                return "Referral declined; the case stays with its owner.";
            }
            case "assign" -> {
                var cmd = new CaseCommands.Assign(
                        f.text("department"), required(f, "owner", "Choose who will own the case."), f.text("note"));
                check(f, cmd);
                CaseView v = lifecycle.assign(reference, version, cmd, actor);
                return "Assigned to " + v.owner().name() + " (" + v.department().name() + ").";
            }
            case "interim-response" -> {
                previewAnswerIfAsked(f, reference, Composer.Answer.INTERIM_RESPONSE, f.text("message"), null, actor);
                var cmd = new CaseCommands.InterimResponse(
                        f.choice("channel", AcknowledgementMethod.class, "Choose how the customer was told."),
                        f.text("message"),
                        f.date("expectedBy", "Give the date by which the customer can expect the full response."),
                        f.flag("holdingResponse") ? Boolean.TRUE : null);
                check(f, cmd);
                CaseView v = lifecycle.interimResponse(reference, version, cmd, actor);
                return Boolean.TRUE.equals(cmd.holdingResponse())
                        ? "Holding response recorded; the final response is now due "
                                + new Words(zone).when(v.stages().respond().dueBy()) + "."
                        : "Interim response recorded.";
            }
            case COMPOSE -> {
                List<Long> files = new ArrayList<>();
                for (String id : f.texts("attachments")) {
                    try {
                        files.add(Long.valueOf(id));
                    } catch (NumberFormatException e) {
                        f.rejectGeneral("The form is damaged; reload the page and try again.");
                        throw new Rejected();
                    }
                }
                var request = new CaseMessages.Request(
                        f.choice("channel", Composer.Channel.class, "Choose how the message goes."),
                        f.text("subject"),
                        f.text("text"),
                        files,
                        new Composer.Representative(f.text("to.name"), f.text("to.email"), f.text("to.postalAddress")));
                // Sent only as previewed: changed since the preview (or never previewed), it is shown again first.
                Composer.Preview preview = messages.preview(reference, request, actor);
                if (!f.flag("confirm") || !fingerprint(preview).equals(f.text("previewed"))) {
                    throw new PreviewReady(preview);
                }
                Composer.Sent sent = messages.send(reference, request, actor);
                return sent.channel() == Composer.Channel.LETTER
                        ? "Letter written to " + sent.to() + ". It waits in the print queue to be posted."
                        : "FAILED".equals(sent.status())
                                ? "The e-mail could not be queued for sending: the customer has no usable e-mail address. It is recorded as failed."
                                : "E-mail to " + sent.to()
                                        + " queued. It is sent within moments; its delivery shows under \"Sent to the customer\".";
            }
            case "add-note" -> {
                var cmd = new CaseCommands.AddNote(f.text("text"));
                check(f, cmd);
                lifecycle.addNote(reference, cmd, actor);
                return "Internal note added. The customer never sees it.";
            }
            case "respond" -> {
                previewAnswerIfAsked(
                        f,
                        reference,
                        Composer.Answer.SUBSTANTIVE_RESPONSE,
                        Composer.paragraphs(f.text("analysis"), f.text("resolution"), f.text("reasons")),
                        f.choice("remedy.type", RemedyType.class, null) == null
                                ? null
                                : CustomerWording.remedy(
                                        f.choice("remedy.type", RemedyType.class, null),
                                        f.text("remedy.description"),
                                        f.amount("remedy.value")),
                        actor);
                List<CaseCommands.RemedyInput> remedies = new ArrayList<>();
                RemedyType type = f.choice("remedy.type", RemedyType.class, null);
                if (type != null) {
                    remedies.add(new CaseCommands.RemedyInput(
                            type, f.text("remedy.description"), f.amount("remedy.value"), null));
                }
                var cmd = new CaseCommands.Respond(
                        f.choice("channel", AcknowledgementMethod.class, "Choose how the customer was answered."),
                        f.text("analysis"),
                        f.text("resolution"),
                        f.choice("outcome", Outcome.class, "Choose the outcome."),
                        f.text("reasons"),
                        remedies,
                        f.text("category"),
                        f.flag("summaryResolution") ? Boolean.TRUE : null);
                check(f, cmd);
                lifecycle.respond(reference, version, cmd, actor);
                return Boolean.TRUE.equals(cmd.summaryResolution())
                        ? "Resolved; the summary resolution was recorded."
                        : "Response recorded.";
            }
            case "add-remedy" -> {
                var cmd = new CaseCommands.RemedyInput(
                        f.choice("type", RemedyType.class, "Choose the kind of remedy."),
                        f.text("description"),
                        f.amount("value"),
                        f.choice("status", RemedyStatus.class, null));
                check(f, cmd);
                lifecycle.addRemedy(reference, version, cmd, actor);
                return "Remedy recorded.";
            }
            case "update-remedy" -> {
                Long remedyId = f.number("remedyId", "Choose the remedy.");
                var status = f.choice("status", RemedyStatus.class, "Choose what the customer said.");
                if (f.hasErrors()) {
                    throw new Rejected();
                }
                lifecycle.updateRemedy(reference, version, new CaseCommands.UpdateRemedy(remedyId, status), actor);
                return "Remedy updated.";
            }
            case "extend" -> {
                CaseCommands.Agreement agreement = null;
                if (f.flag("agreed")) {
                    agreement = new CaseCommands.Agreement(
                            f.text("agreement.agreedBy"),
                            f.dateTime("agreement.agreedAt", zone, "Give when the customer agreed."));
                }
                var cmd = new CaseCommands.Extend(
                        f.date("newDueDate", "Give the new due date."),
                        f.text("reason"),
                        f.choice(
                                "noticeChannel",
                                AcknowledgementMethod.class,
                                "Choose how the customer is told of the new date."),
                        agreement);
                check(f, cmd);
                CaseView v = lifecycle.extend(reference, version, cmd, actor);
                return "Due date extended; the customer's notice is recorded"
                        + (cmd.noticeChannel() == AcknowledgementMethod.EMAIL
                                ? " and sent by e-mail."
                                : cmd.noticeChannel() == AcknowledgementMethod.LETTER
                                        ? " and the letter is in the print queue."
                                        : ".");
            }
            case "close" -> {
                var cmd = new CaseCommands.Close(f.text("note"));
                check(f, cmd);
                lifecycle.close(reference, version, cmd, actor);
                return "Case closed.";
            }
            case "reopen" -> {
                var cmd = new CaseCommands.Reopen(f.text("reason"));
                check(f, cmd);
                lifecycle.reopen(reference, version, cmd, actor);
                return "Case reopened.";
            }
            case "reclassify" -> {
                var cmd = new CaseCommands.Reclassify(
                        f.choice("kind", FeedbackKind.class, "Choose what the customer brought."),
                        f.choice("channel", Channel.class, "Choose how it reached us."),
                        f.text("reason"));
                check(f, cmd);
                lifecycle.reclassify(reference, version, cmd, actor);
                return "Reclassified; the due dates were worked out again from when it was received.";
            }
            case "request-review" -> {
                var cmd = new CaseCommands.RequestReview(
                        f.text("reason"), f.dateTime("requestedAt", zone, null), f.text("reviewer"));
                check(f, cmd);
                CaseView v = lifecycle.requestReview(reference, version, cmd, actor);
                return v.pack() != null && v.stages().reviewAcknowledge() != null
                        ? "Escalated to stage 2; " + v.review().reviewer().name() + " will handle it."
                        : "Internal review requested; " + v.review().reviewer().name() + " will review it.";
            }
            case "acknowledge-review" -> {
                var cmd = new CaseCommands.AcknowledgeReview(f.dateTime("at", zone, null));
                lifecycle.acknowledgeReview(reference, version, cmd, actor);
                return "Stage 2 request acknowledged.";
            }
            case "assign-reviewer" -> {
                var cmd =
                        new CaseCommands.AssignReviewer(required(f, "reviewer", "Choose the executive to review it."));
                check(f, cmd);
                CaseView v = lifecycle.assignReviewer(reference, version, cmd, actor);
                return "Internal review assigned to " + v.review().reviewer().name() + ".";
            }
            case "decide-review" -> {
                previewAnswerIfAsked(
                        f,
                        reference,
                        Composer.Answer.REVIEW_OUTCOME,
                        Composer.paragraphs(f.text("analysis"), f.text("response"), f.text("reasons")),
                        null,
                        actor);
                var cmd = new CaseCommands.DecideReview(
                        f.choice("decision", ReviewDecision.class, "Choose the decision."),
                        f.text("analysis"),
                        f.text("response"),
                        f.choice("channel", AcknowledgementMethod.class, "Choose how the customer is told."),
                        f.choice("outcome", Outcome.class, null),
                        f.text("reasons"));
                check(f, cmd);
                lifecycle.decideReview(reference, version, cmd, actor);
                return "Internal review decided.";
            }
            case "named-staff" -> {
                var cmd = new CaseCommands.NameStaff(required(f, "username", "Choose the person."), f.text("reason"));
                check(f, cmd);
                lifecycle.nameStaff(reference, version, cmd, actor);
                return "They may now see the case.";
            }
            case "about-staff" -> {
                var cmd = new CaseCommands.AboutStaff(required(f, "username", "Choose the person."), f.text("note"));
                check(f, cmd);
                lifecycle.markAboutStaff(reference, version, cmd, actor);
                return "Recorded: the complaint is about them, and they will not see the case.";
            }
            case "remove-about-staff" -> {
                var cmd = new CaseCommands.RemoveAboutStaff(
                        required(f, "username", "Choose the person."), f.text("reason"));
                check(f, cmd);
                lifecycle.removeAboutStaff(reference, version, cmd, actor);
                return "Recorded: the complaint is not about them, and they may see the case as anyone else would.";
            }
            default -> throw new NotFoundException("No action " + action);
        }
    }

    private static String required(FormState f, String field, String message) {
        String v = f.text(field);
        if (v == null) {
            f.reject(field, message);
        }
        return v;
    }

    /** Rejects the form if a value could not be read or the command breaks its constraints. */
    private void check(FormState f, Object command) {
        for (ConstraintViolation<Object> v : validator.validate(command)) {
            String path = v.getPropertyPath().toString();
            f.reject(RENAMED.getOrDefault(path, path), friendly(v.getMessage()));
        }
        if (f.hasErrors()) {
            throw new Rejected();
        }
    }

    static String friendly(String message) {
        return switch (message) {
            case "must not be blank", "must not be null" -> "Required.";
            default -> FormState.sentence(message);
        };
    }

    private void populate(Model model, String reference, Actor actor, FormState form) {
        // The case and, from the same reading of it, which forms to offer this person: the cases module's one answer,
        // which its actions also refuse by.
        CaseForActor seen =
                lifecycle.forActor(reference, actor).orElseThrow(() -> new NotFoundException("No case " + reference));
        CaseView c = seen.view();
        // Every rendering of the page, a form shown again with its errors included, reads the case.
        cases.opened(c, actor, "case page");
        long caseId = seen.id();
        Words words = (Words) model.getAttribute("words");
        List<StaffDirectory.Colleague> staff = directory.activeStaff();
        Map<String, String> names = new HashMap<>();
        staff.forEach(s -> names.put(s.member().username(), s.member().fullName()));
        List<RegisterEntry> events = history.of(caseId);
        events.stream()
                .map(RegisterEntry::actor)
                .filter(u -> !names.containsKey(u))
                .distinct()
                .forEach(u -> directory.staffByUsername(u).ifPresent(s -> names.put(u, s.fullName())));
        ActorPermissions may = seen.may();
        Set<String> allowed = may.byState();
        List<Department> departments = directory.departments();
        Map<String, String> departmentNames = new HashMap<>();
        for (Department d : departments) {
            departmentNames.put(d.code(), d.name());
        }
        model.addAttribute("case", c);
        model.addAttribute("item", seen.item());
        model.addAttribute("timeline", new Timeline(words, names, departmentNames).of(events));
        model.addAttribute("emails", correspondence.emails(caseId));
        model.addAttribute("letters", correspondence.letters(caseId));
        model.addAttribute("attachments", attachments.of(caseId));
        model.addAttribute("fileRules", attachments.rulesInWords());
        model.addAttribute("fileTypes", attachments.accept());
        model.addAttribute(
                "customer",
                c.customerId() == null
                        ? null
                        : customers.customer(c.customerId(), actor).orElse(null));
        // A few of the customer's other cases, newest first; their page lists them all.
        List<CaseView> others = cases.otherCasesOfCustomer(c, OTHER_CASES_SHOWN + 1, actor);
        model.addAttribute(
                "otherCases", others.stream().limit(OTHER_CASES_SHOWN).toList());
        model.addAttribute("moreOtherCases", others.size() > OTHER_CASES_SHOWN);
        ClientOrganisation client =
                c.clientId() == null ? null : clients.find(c.clientId()).orElse(null);
        model.addAttribute("client", client);
        // What the client's other contacts have told us lately, so that nobody asks the client again.
        model.addAttribute(
                "clientCases",
                client == null
                        ? List.of()
                        : cases
                                .list(
                                        CaseListQuery.ofClient(
                                                client.id(),
                                                CaseListQuery.StatusFilter.ANY,
                                                null,
                                                CLIENT_CASES_SHOWN + 1),
                                        actor)
                                .items()
                                .stream()
                                .map(CaseListItem::view)
                                .filter(o -> !o.reference().equals(c.reference())
                                        && !java.util.Objects.equals(o.customerId(), c.customerId()))
                                .limit(CLIENT_CASES_SHOWN)
                                .toList());
        model.addAttribute(
                "clientChoices",
                client == null && c.customerId() != null && Clients.mayAttachContacts(actor)
                        ? clients.names()
                        : List.of());
        model.addAttribute("allowed", allowed);
        model.addAttribute("form", form);
        model.addAttribute("departments", departments);
        model.addAttribute("staff", staff);
        model.addAttribute(
                "executives",
                staff.stream().filter(s -> s.roles().contains(Role.EXECUTIVE)).toList());
        model.addAttribute(
                "acknowledgementText",
                allowed.contains("acknowledge") ? lifecycle.acknowledgementText(reference, actor) : null);
        // The forms for this person: what the case allows them now, by the rule its actions refuse by.
        model.addAttribute("mayDo", may.actions());
        model.addAttribute("receiver", may.answersReferral());
        model.addAttribute("mayHandle", may.handles());
        if (c.customerRepliedAt() != null) {
            model.addAttribute("repliedWhen", words.when(c.customerRepliedAt()));
            if (may.handles()) {
                // Someone who may act on it has it before them: the customer's reply is no longer unread.
                lifecycle.markRepliesRead(reference, actor);
            }
        }
        model.addAttribute("notOffered", may.notOffered());
        if (may.actions().contains(COMPOSE)) {
            model.addAttribute(
                    "composeStarts",
                    messages.starts(caseId).stream()
                            .map(s -> new Choices.Option(s.key(), s.name()))
                            .toList());
            model.addAttribute(
                    "composeChannels",
                    List.of(
                            new Choices.Option("EMAIL", "E-mail"),
                            new Choices.Option("LETTER", "Letter (to the print queue)")));
            model.addAttribute(
                    "composeChannel", c.suggestedReplyVia() == AcknowledgementMethod.LETTER ? "LETTER" : "EMAIL");
        }
        model.addAttribute(
                "aboutStaff",
                c.aboutStaff().stream()
                        .map(r -> new Choices.Option(r.id(), r.name()))
                        .toList());
        model.addAttribute(
                "aboutNames",
                String.join(
                        ", ", c.aboutStaff().stream().map(CaseView.Ref::name).toList()));
        // Who the complaint is about can be undone by an executive or a manager of the case.
        model.addAttribute("mayTakeOff", may.takesOffSubjects());
        model.addAttribute("mayAssign", may.assigns());
        model.addAttribute("categories", allowed.contains("respond") ? categories.list(false) : List.of());
        model.addAttribute("quickResolution", c.quickResolutionBy() == null ? null : words.when(c.quickResolutionBy()));
        model.addAttribute("reasonOptional", !c.escalationReasonRequired());
        model.addAttribute("methods", AcknowledgementMethod.values());
        model.addAttribute("outcomes", Outcome.values());
        model.addAttribute("remedyTypes", RemedyType.values());
        model.addAttribute("remedyStatuses", RemedyStatus.values());
        model.addAttribute("decisions", ReviewDecision.values());
    }

    @GetMapping("/cases/{reference}/attachments/{id}")
    ResponseEntity<byte[]> attachment(@PathVariable String reference, @PathVariable long id, Actor actor) {
        return attachments
                .download(cases.idOfRead(reference, actor, "an attachment"), id)
                .orElseThrow(() -> new NotFoundException("No attachment " + id + " on case " + reference));
    }

    @GetMapping("/cases/{reference}/letters/{id}")
    ResponseEntity<byte[]> letter(@PathVariable String reference, @PathVariable long id, Actor actor) {
        byte[] pdf = correspondence
                .letterPdf(cases.idOfRead(reference, actor, "a letter"), id)
                .orElseThrow(() -> new NotFoundException("No letter " + id + " on case " + reference));
        return Downloads.generated(reference + "-letter-" + id + ".pdf", MediaType.APPLICATION_PDF, pdf);
    }
}
