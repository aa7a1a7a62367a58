package org.hearken.surveys;

import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hearken.cases.CustomerWording;
import org.hearken.platform.InvalidRequestException;
import org.hearken.platform.NotFoundException;
import org.hearken.policy.FeedbackKind;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The customer's survey page, reached by the private link in the invitation; no account needed. One answer per case:
 * a second one is refused with a friendly page and stores nothing; a link that opens no survey gets a friendly 404.
 * A survey closes {@code hearken.surveys.answer-within} after it was sent; then the page says so and takes no answer.
 */
@Controller
@RequestMapping("/public/survey/{token}")
class SurveyPage {

    /** The five answers, from least to most satisfied, in the customer's words. */
    record Choice(int value, String label) {}

    static final List<Choice> CHOICES = List.of(
            new Choice(1, "Very dissatisfied"),
            new Choice(2, "Dissatisfied"),
            new Choice(3, "Neither satisfied nor dissatisfied"),
            new Choice(4, "Satisfied"),
            new Choice(5, "Very satisfied"));

    private final Surveys surveys;

    SurveyPage(Surveys surveys) {
        this.surveys = surveys;
    }

    @GetMapping
    String show(@PathVariable String token, Model model, HttpServletResponse response) {
        Optional<Surveys.Invitation> invitation = surveys.find(token);
        if (invitation.isEmpty()) {
            return notFound(response);
        }
        if (invitation.get().answered()) {
            return answered(model, invitation.get());
        }
        if (invitation.get().closedAt(surveys.now())) {
            return closed(model, invitation.get(), response);
        }
        return form(model, token, invitation.get(), null, null, Map.of());
    }

    @PostMapping
    String answer(
            @PathVariable String token,
            @RequestParam(required = false) String rating,
            @RequestParam(required = false) String comment,
            Model model,
            HttpServletResponse response) {
        Optional<Surveys.Invitation> invitation = surveys.find(token);
        if (invitation.isEmpty()) {
            return notFound(response);
        }
        if (invitation.get().answered()) {
            response.setStatus(HttpServletResponse.SC_CONFLICT);
            return answered(model, invitation.get());
        }
        if (invitation.get().closedAt(surveys.now())) {
            return closed(model, invitation.get(), response);
        }
        Map<String, String> errors = new LinkedHashMap<>();
        Integer value = parseRating(rating);
        if (value == null) {
            errors.put("rating", "Choose how satisfied you are, from 1 to 5.");
        }
        String text = comment == null ? "" : comment.strip();
        if (text.length() > Surveys.MAX_COMMENT) {
            errors.put(
                    "comment",
                    "Your comment is " + text.length() + " characters long; please shorten it to " + Surveys.MAX_COMMENT
                            + ".");
        }
        if (!errors.isEmpty()) {
            response.setStatus(422);
            return form(model, token, invitation.get(), value, comment, errors);
        }
        Surveys.AnswerResult result;
        try {
            result = surveys.answer(token, value, text);
        } catch (NotFoundException e) {
            return notFound(response);
        } catch (InvalidRequestException e) {
            response.setStatus(422);
            Map<String, String> problems = new LinkedHashMap<>();
            e.problems().forEach(p -> problems.put(p.field(), p.message()));
            return form(model, token, invitation.get(), value, comment, problems);
        }
        if (result == Surveys.AnswerResult.ALREADY_ANSWERED) {
            response.setStatus(HttpServletResponse.SC_CONFLICT);
            return answered(model, invitation.get());
        }
        if (result == Surveys.AnswerResult.CLOSED) {
            return closed(model, invitation.get(), response);
        }
        model.addAttribute("rating", CHOICES.get(value - 1).label());
        return "surveys/thanks";
    }

    private static String form(
            Model model,
            String token,
            Surveys.Invitation invitation,
            Integer rating,
            String comment,
            Map<String, String> errors) {
        model.addAttribute("token", token);
        model.addAttribute("reference", invitation.reference());
        model.addAttribute("kind", CustomerWording.kind(FeedbackKind.valueOf(invitation.kind())));
        model.addAttribute("choices", CHOICES);
        model.addAttribute("selected", rating);
        model.addAttribute("comment", comment == null ? "" : comment);
        model.addAttribute("errors", errors);
        model.addAttribute("maxComment", Surveys.MAX_COMMENT);
        return "surveys/survey";
    }

    /**
     * 410 Gone, for the page and for an answer alike: the link did open a survey, which has closed on purpose and for
     * good. That is what 410 means, and it keeps 404 for links that never opened a survey (a mistyped link), so the two
     * can be told apart in the access log.
     */
    private static String closed(Model model, Surveys.Invitation invitation, HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_GONE);
        model.addAttribute("reference", invitation.reference());
        return "surveys/closed";
    }

    /** The survey was answered before: the page says so, with the reference to quote should they want to say more. */
    private static String answered(Model model, Surveys.Invitation invitation) {
        model.addAttribute("reference", invitation.reference());
        return "surveys/answered";
    }

    private static String notFound(HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_NOT_FOUND);
        return "surveys/not-found";
    }

    private static Integer parseRating(String rating) {
        if (rating == null) {
            return null;
        }
        return switch (rating.strip()) {
            case "1" -> 1;
            case "2" -> 2;
            case "3" -> 3;
            case "4" -> 4;
            case "5" -> 5;
            default -> null;
        };
    }
}
