package org.hearken.intake;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hearken.cases.CustomerStatus;
import org.hearken.correspondence.CustomerMessages;
import org.hearken.statuslinks.StatusLinks;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The private status page: whoever has the link sees where the case stands, the dates promised and the messages both
 * ways (what we sent the customer, what they sent us), never anything staff wrote for each other; and may send us a
 * message with files. A message is checked as the public form is (CSRF, honeypot, time trap, the count per client
 * address, then its fields) and lands on the case as an e-mail reply does. Any other link gets the same "page not
 * found", whether or not it resembles a real one.
 */
@Controller
class PublicStatusController {

    /** The fields in the order of the page; "form" holds problems with the form as a whole. */
    static final List<String> FIELDS = List.of("form", "message", "attachments", "reason");

    /** The message form as the page shows it: what was typed, and {@code started}, the signed time it was shown. */
    record MessageForm(String message, String started) {}

    private final StatusLinks statusLinks;
    private final CustomerMessages messages;
    private final StatusPageMessages customerMessages;
    private final FormTimeTrap timeTrap;
    private final SubmissionLimit limit;
    private final FormAttachments attachments;

    PublicStatusController(
            StatusLinks statusLinks,
            CustomerMessages messages,
            StatusPageMessages customerMessages,
            FormTimeTrap timeTrap,
            SubmissionLimit limit,
            PublicFormSettings settings) {
        this.statusLinks = statusLinks;
        this.messages = messages;
        this.customerMessages = customerMessages;
        this.timeTrap = timeTrap;
        this.limit = limit;
        this.attachments = FormAttachments.of(settings);
    }

    @GetMapping("/public/status/{token}")
    String status(@PathVariable String token, Model model, HttpServletResponse response) {
        Optional<CustomerStatus> status = find(token, response);
        if (status.isEmpty()) {
            return "public/not-found";
        }
        model.addAttribute("token", token);
        return page(model, status.get(), new MessageForm("", timeTrap.issue()), List.of(), false);
    }

    @PostMapping("/public/status/{token}")
    String send(
            @PathVariable String token,
            @RequestParam(name = "message", required = false) String message,
            @RequestParam(name = "website", required = false) String website,
            @RequestParam(name = "started", required = false) String started,
            @RequestParam(name = "attachments", required = false) List<MultipartFile> files,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        Optional<CustomerStatus> found = find(token, response);
        if (found.isEmpty()) {
            return "public/not-found";
        }
        CustomerStatus status = found.get();
        model.addAttribute("token", token);
        boolean hadFiles = files != null && files.stream().anyMatch(FormAttachments::chosen);
        String typed = message == null ? "" : message;
        // Robots: nothing is stored and nothing tells them which check caught them.
        PublicForms.Robot robot = PublicForms.robot(
                timeTrap, "Status page message", website != null && !website.isEmpty(), started, request, response);
        if (robot != PublicForms.Robot.NONE) {
            String problem = robot == PublicForms.Robot.TOO_OLD
                    ? "This page was open for a long time, so your message was not sent. Check it and send it again."
                    : "Your message was not sent. Check it and send it again.";
            return page(
                    model,
                    status,
                    new MessageForm(typed, timeTrap.issue()),
                    List.of(new FeedbackForm.FieldError("form", problem)),
                    hadFiles);
        }
        if (limit.reached(request.getRemoteAddr())) {
            return tooMany(response, model, token);
        }
        List<FeedbackForm.FieldError> errors = new ArrayList<>();
        String text = typed.strip();
        if (text.isEmpty()) {
            errors.add(new FeedbackForm.FieldError("message", "Write your message"));
        } else if (text.length() > StatusPageMessages.MAX_TEXT) {
            errors.add(new FeedbackForm.FieldError(
                    "message",
                    "Your message must be 20,000 characters or fewer; you could attach a longer text as a file"));
        }
        FormAttachments.Checked checkedFiles = attachments.check(attachments.uploads(files));
        checkedFiles.problems().forEach(p -> errors.add(new FeedbackForm.FieldError("attachments", p)));
        if (!errors.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return page(model, status, new MessageForm(typed, started), errors, hadFiles);
        }
        try {
            customerMessages.send(status.caseId(), text, checkedFiles.accepted(), request.getRemoteAddr());
        } catch (SubmissionLimit.Reached e) {
            return tooMany(response, model, token);
        }
        int sent = checkedFiles.accepted().size();
        redirect.addFlashAttribute(
                "sent",
                "Your message was sent" + (sent == 0 ? "" : sent == 1 ? " with 1 file" : " with " + sent + " files")
                        + ". We will read it and reply in the way you asked us to.");
        return "redirect:/public/status/" + token;
    }

    /**
     * The customer asks for their complaint to go to stage 2 of the organisation's procedure, where the case's rule
     * pack lets them at any time (docs/packs.md); a reason only where the pack requires one.
     */
    @PostMapping("/public/status/{token}/stage-2")
    String escalate(
            @PathVariable String token,
            @RequestParam(name = "reason", required = false) String reason,
            @RequestParam(name = "website", required = false) String website,
            @RequestParam(name = "started", required = false) String started,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        Optional<CustomerStatus> found = find(token, response);
        if (found.isEmpty()) {
            return "public/not-found";
        }
        CustomerStatus status = found.get();
        model.addAttribute("token", token);
        String why = reason == null ? "" : reason.strip();
        PublicForms.Robot robot = PublicForms.robot(
                timeTrap, "Stage 2 request", website != null && !website.isEmpty(), started, request, response);
        List<FeedbackForm.FieldError> errors = new ArrayList<>();
        if (robot != PublicForms.Robot.NONE) {
            errors.add(new FeedbackForm.FieldError("form", "Your request was not sent. Check it and send it again."));
        } else if (!status.mayEscalate()) {
            errors.add(new FeedbackForm.FieldError(
                    "form", "Your complaint cannot go to stage 2 now. Send us a message instead."));
        } else if (why.isEmpty() && status.escalationReasonRequired()) {
            errors.add(new FeedbackForm.FieldError("reason", "Tell us why you are not satisfied"));
        } else if (why.length() > StatusPageMessages.MAX_TEXT) {
            errors.add(new FeedbackForm.FieldError("reason", "Your reason must be 20,000 characters or fewer"));
        }
        if (!errors.isEmpty()) {
            if (robot == PublicForms.Robot.NONE) {
                response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            }
            return page(model, status, new MessageForm("", timeTrap.issue()), errors, false);
        }
        if (limit.reached(request.getRemoteAddr())) {
            return tooMany(response, model, token);
        }
        customerMessages.escalate(status.caseId(), why.isEmpty() ? null : why, request.getRemoteAddr());
        redirect.addFlashAttribute(
                "sent",
                "Your complaint has gone to stage 2 of our complaints procedure. We will confirm that we have your"
                        + " request, and when to expect our answer.");
        return "redirect:/public/status/" + token;
    }

    /** The case the link is the key to; when there is none, the response is made a "page not found". */
    private Optional<CustomerStatus> find(String token, HttpServletResponse response) {
        // The link is the key to the page: keep it out of search engines and shared caches.
        response.setHeader("X-Robots-Tag", "noindex, nofollow");
        response.setHeader("Referrer-Policy", "no-referrer");
        Optional<CustomerStatus> status = statusLinks.find(token);
        if (status.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
        }
        return status;
    }

    private String tooMany(HttpServletResponse response, Model model, String token) {
        return PublicForms.tooMany(limit, response, model, "/public/status/" + token);
    }

    private String page(
            Model model,
            CustomerStatus status,
            MessageForm form,
            List<FeedbackForm.FieldError> errors,
            boolean filesDropped) {
        long caseId = status.caseId();
        model.addAttribute(
                "status", PublicStatusView.of(status, messages.of(caseId), customerMessages.received(caseId)));
        model.addAttribute("form", form);
        PublicForms.problems(model, FIELDS, errors);
        PublicForms.files(model, attachments, filesDropped && !errors.isEmpty());
        return "public/status";
    }
}
