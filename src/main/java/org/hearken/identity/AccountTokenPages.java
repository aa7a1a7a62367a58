package org.hearken.identity;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A member of staff's own API tokens, on their account page: issued (the token shown once), listed and revoked. The
 * page is reached only by someone fully signed in (a password with its second factor, or single sign-on), so this is
 * how a person who never uses HTTP Basic (single sign-on, a second factor) gets a token for a script or another system.
 */
@Controller
class AccountTokenPages {

    static final int MAX_NAME = 100;

    private final ApiTokens tokens;

    AccountTokenPages(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @PostMapping("/account/tokens")
    String issue(
            @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "read") String scope,
            @RequestParam(defaultValue = "") String days,
            Actor actor,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        String label = name.strip();
        ApiTokens.Scope chosen = switch (scope) {
            case "read" -> ApiTokens.Scope.READ;
            case "read-act" -> ApiTokens.Scope.READ_ACT;
            default -> null;
        };
        Integer lasting = days(days);
        String problem = label.isEmpty()
                ? "Give the token a name that says where it is used, such as \"nightly export\"."
                : label.length() > MAX_NAME
                        ? "A token's name has at most " + MAX_NAME + " characters."
                        : chosen == null
                                ? "Choose what the token may do: read, or read and act."
                                : lasting == null ? "A token lasts from 1 to " + ApiTokens.MAX_DAYS + " days." : null;
        if (problem != null) {
            redirect.addFlashAttribute("tokenError", problem);
            return "redirect:/account#api-tokens";
        }
        ApiTokens.IssuedToken issued = tokens.issue(actor, label, chosen, lasting);
        // Shown once: never kept by a browser or a proxy.
        response.setHeader("Cache-Control", "no-store");
        model.addAttribute("nav", "account");
        model.addAttribute("issued", issued);
        model.addAttribute("expires", AccountPages.TIME.format(issued.expiresAt()));
        model.addAttribute(
                "scopeText", chosen == ApiTokens.Scope.READ ? "read only" : "read and act, as your roles allow");
        return "account/token-issued";
    }

    @PostMapping("/account/tokens/{id}/revoke")
    String revoke(@PathVariable long id, Actor actor, RedirectAttributes redirect) {
        if (tokens.revoke(actor, id)) {
            redirect.addFlashAttribute("flash", "The token is revoked: it no longer works anywhere.");
        } else {
            redirect.addFlashAttribute("tokenError", "That token is not one of yours, or it is already revoked.");
        }
        return "redirect:/account#api-tokens";
    }

    private static Integer days(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.isEmpty()) {
            return ApiTokens.DEFAULT_DAYS;
        }
        if (t.length() > 3 || !t.chars().allMatch(Character::isDigit)) {
            return null;
        }
        int n = Integer.parseInt(t);
        return n >= 1 && n <= ApiTokens.MAX_DAYS ? n : null;
    }
}
