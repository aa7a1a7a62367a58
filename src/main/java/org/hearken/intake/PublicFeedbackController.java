package org.hearken.intake;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hearken.cases.CustomerStatus;
import org.hearken.correspondence.CustomerMessages;
import org.hearken.policy.FeedbackKind;
import org.hearken.statuslinks.StatusLinks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The public feedback form: no account needed. A sent form is checked for robots first (honeypot, time trap), then
 * against the limit per client address, then field by field; only a form that passes all of it is stored, and the
 * sender is redirected to a confirmation page with the reference and the private status link (Post/Redirect/Get).
 */
@Controller
class PublicFeedbackController {

    private static final Logger log = LoggerFactory.getLogger(PublicFeedbackController.class);

    /** A kind of feedback as the form offers it. */
    record KindOption(String value, String label, String hint) {}

    /** A way to reply as the form offers it. */
    record ReplyOption(String value, String label) {}

    static final List<KindOption> KINDS = List.of(
            new KindOption(
                    FeedbackKind.COMPLAINT.name(), "Complaint", "Something went wrong and you are not happy with it."),
            new KindOption(FeedbackKind.QUESTION.name(), "Question", "You would like to know something."),
            new KindOption(
                    FeedbackKind.SERVICE_REQUEST.name(),
                    "Request for service",
                    "You would like us to do something, such as fix, collect or deliver."),
            new KindOption(FeedbackKind.SUGGESTION.name(), "Suggestion", "An idea to improve what we do."),
            new KindOption(
                    FeedbackKind.COMPLIMENT.name(),
                    "Compliment",
                    "Something went well and you would like to tell us."));

    static final List<ReplyOption> REPLIES = List.of(
            new ReplyOption("EMAIL", "By email"),
            new ReplyOption("PHONE", "By phone"),
            new ReplyOption("POST", "By post"));

    /** The fields in the order of the page; "form" holds problems with the form as a whole. */
    static final List<String> FIELDS = List.of(
            "form", "kind", "subject", "description", "attachments", "name", "email", "phone", "address", "reply");

    private final WebFormIntake intake;
    private final FormTimeTrap timeTrap;
    private final SubmissionLimit limit;
    private final FormAttachments attachments;
    private final StatusLinks statusLinks;
    private final CustomerMessages messages;

    PublicFeedbackController(
            WebFormIntake intake,
            FormTimeTrap timeTrap,
            SubmissionLimit limit,
            PublicFormSettings settings,
            StatusLinks statusLinks,
            CustomerMessages messages) {
        this.intake = intake;
        this.timeTrap = timeTrap;
        this.limit = limit;
        this.attachments = FormAttachments.of(settings);
        this.statusLinks = statusLinks;
        this.messages = messages;
    }

    @GetMapping("/public/feedback")
    String form(Model model) {
        return page(model, FeedbackForm.empty(timeTrap.issue()), List.of(), false);
    }

    @PostMapping("/public/feedback")
    String send(
            @ModelAttribute FeedbackForm form,
            @RequestParam(name = "attachments", required = false) List<MultipartFile> files,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        boolean hadFiles = files != null && files.stream().anyMatch(FormAttachments::chosen);
        // Robots: nothing is stored and nothing tells them which check caught them.
        PublicForms.Robot robot =
                PublicForms.robot(timeTrap, "Public form", form.honeypotFilled(), form.started(), request, response);
        if (robot != PublicForms.Robot.NONE) {
            String message = robot == PublicForms.Robot.TOO_OLD
                    ? "This form was open for a long time, so it was not sent. Check your answers and send it again."
                    : "Your feedback was not sent. Check your answers and send the form again.";
            return page(
                    model,
                    form.withStarted(timeTrap.issue()),
                    List.of(new FeedbackForm.FieldError("form", message)),
                    hadFiles);
        }
        if (limit.reached(request.getRemoteAddr())) {
            return tooMany(response, model);
        }
        FeedbackForm.Checked checked = form.check();
        FormAttachments.Checked checkedFiles = attachments.check(attachments.uploads(files));
        if (!checked.errors().isEmpty() || !checkedFiles.problems().isEmpty()) {
            List<FeedbackForm.FieldError> errors = new ArrayList<>(checked.errors());
            checkedFiles.problems().forEach(p -> errors.add(new FeedbackForm.FieldError("attachments", p)));
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return page(model, form.withStarted(form.started()), errors, hadFiles);
        }
        WebFormIntake.Submitted submitted;
        try {
            submitted = intake.submit(checked.valid(), checkedFiles.accepted(), request.getRemoteAddr());
        } catch (SubmissionLimit.Reached e) {
            return tooMany(response, model);
        } catch (WebFormIntake.UnavailableException e) {
            log.error("The public form could not take feedback: {}", e.getMessage());
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            return "public/unavailable";
        }
        redirect.addFlashAttribute("statusToken", submitted.statusToken());
        return "redirect:/public/feedback/sent";
    }

    /** The confirmation, shown once after sending: the reference, when they will hear from us, the private link. */
    @GetMapping("/public/feedback/sent")
    String sent(Model model) {
        // Put in the model from the flash attributes of the redirect, so present only on the first showing.
        String token = model.getAttribute("statusToken") instanceof String t ? t : null;
        Optional<CustomerStatus> status = token == null ? Optional.empty() : statusLinks.find(token);
        if (status.isEmpty()) {
            // Reloaded or bookmarked: the link was shown once, and is in the acknowledgement e-mail if one was sent.
            return "redirect:/public/feedback";
        }
        CustomerStatus s = status.get();
        model.addAttribute("status", PublicStatusView.of(s, List.of(), List.of()));
        model.addAttribute(
                "statusLink",
                ServletUriComponentsBuilder.fromCurrentContextPath()
                        .path("/public/status/{token}")
                        .buildAndExpand(token)
                        .toUriString());
        model.addAttribute(
                "emailCopy", messages.of(s.caseId()).stream().anyMatch(m -> m.via() == CustomerMessages.Via.EMAIL));
        return "public/sent";
    }

    private String tooMany(HttpServletResponse response, Model model) {
        return PublicForms.tooMany(limit, response, model, "/public/feedback");
    }

    private String page(Model model, FeedbackForm form, List<FeedbackForm.FieldError> errors, boolean filesDropped) {
        model.addAttribute("form", form);
        PublicForms.problems(model, FIELDS, errors);
        model.addAttribute("kinds", KINDS);
        model.addAttribute("replies", REPLIES);
        PublicForms.files(model, attachments, filesDropped && !errors.isEmpty());
        return "public/feedback";
    }

    /** The page shown when Spring Security refuses a public form (its session, and so its CSRF token, has expired). */
    @RequestMapping("/public/refused")
    String refused(HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        return "public/refused";
    }
}
