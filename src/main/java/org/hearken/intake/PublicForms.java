package org.hearken.intake;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ui.Model;

/** What the public pages' forms (the feedback form, the status page's message) check and show alike. */
final class PublicForms {

    private static final Logger log = LoggerFactory.getLogger(PublicForms.class);

    private PublicForms() {}

    /** What the robot checks made of a form: nothing, caught (honeypot or time trap), or open for too long. */
    enum Robot {
        NONE,
        CAUGHT,
        TOO_OLD
    }

    /**
     * The honeypot and the time trap: a form that fails either is answered 400 and logged with why, and nothing tells the
     * sender which check caught it. {@code what} names the form in the log.
     */
    static Robot robot(
            FormTimeTrap timeTrap,
            String what,
            boolean honeypotFilled,
            String started,
            HttpServletRequest request,
            HttpServletResponse response) {
        FormTimeTrap.Verdict verdict = timeTrap.check(started);
        if (!honeypotFilled && verdict == FormTimeTrap.Verdict.OK) {
            return Robot.NONE;
        }
        log.info(
                "{} from {} refused as automatic: {}",
                what,
                request.getRemoteAddr(),
                honeypotFilled ? "honeypot filled" : "time trap " + verdict);
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        return verdict == FormTimeTrap.Verdict.TOO_OLD ? Robot.TOO_OLD : Robot.CAUGHT;
    }

    /**
     * The problems for the page: {@code errors}, for the summary, in the order of the fields on the page, and {@code
     * fieldErrors}, each field's own ({@code fields} in page order, "form" for the form as a whole).
     */
    static void problems(Model model, List<String> fields, List<FeedbackForm.FieldError> unordered) {
        List<FeedbackForm.FieldError> errors = unordered.stream()
                .sorted(Comparator.comparingInt(e -> fields.indexOf(e.field())))
                .toList();
        Map<String, List<String>> byField = new LinkedHashMap<>();
        fields.forEach(field -> byField.put(field, new ArrayList<>()));
        errors.forEach(
                e -> byField.computeIfAbsent(e.field(), f -> new ArrayList<>()).add(e.message()));
        model.addAttribute("errors", errors);
        model.addAttribute("fieldErrors", byField);
    }

    /** What the file field's hint and {@code accept} say; {@code filesDropped}: the files sent must be chosen again. */
    static void files(Model model, FormAttachments attachments, boolean filesDropped) {
        model.addAttribute("accept", attachments.accept());
        model.addAttribute("maxFiles", attachments.maxFiles());
        model.addAttribute("maxBytes", attachments.maxBytes());
        model.addAttribute("fileTypes", attachments.typesInWords());
        model.addAttribute("fileSize", attachments.sizeInWords());
        model.addAttribute("filesDropped", filesDropped);
    }

    /** The answer when the client address has sent as many forms as it may for now; {@code back}: the form's page. */
    static String tooMany(SubmissionLimit limit, HttpServletResponse response, Model model, String back) {
        response.setStatus(429);
        response.setHeader("Retry-After", String.valueOf(limit.window().toSeconds()));
        model.addAttribute("windowMinutes", limit.window().toMinutes());
        model.addAttribute("backLink", back);
        return "public/too-many";
    }
}
