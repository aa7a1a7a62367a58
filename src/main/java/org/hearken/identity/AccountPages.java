package org.hearken.identity;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A member of staff's own account ({@code /account}): changing their password, setting up a second factor and making
 * new recovery codes; and the page where someone sets a new password with a link an administrator made
 * ({@code /password-reset/{token}}, no sign-in needed).
 */
@Controller
class AccountPages {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private final Passwords passwords;
    private final SecondFactors factors;
    private final ApiTokens tokens;
    private final SingleSignOn sso;
    private final java.time.Clock clock;

    AccountPages(
            Passwords passwords, SecondFactors factors, ApiTokens tokens, SingleSignOn sso, java.time.Clock clock) {
        this.passwords = passwords;
        this.factors = factors;
        this.tokens = tokens;
        this.sso = sso;
        this.clock = clock;
    }

    /** One of the person's API tokens as the account page lists it. */
    record TokenRow(long id, String name, String scope, String created, String expires, String state, boolean live) {}

    @GetMapping("/account")
    String account(Actor actor, Model model) {
        return accountPage(actor, model, Map.of());
    }

    private String accountPage(Actor actor, Model model, Map<String, String> errors) {
        SecondFactors.Status status = factors.status(actor);
        model.addAttribute("nav", "account");
        model.addAttribute("errors", errors);
        model.addAttribute("secondFactor", status);
        model.addAttribute("secondFactorSince", status.since() == null ? null : TIME.format(status.since()));
        model.addAttribute("minLength", PasswordRules.MIN_CHARACTERS);
        model.addAttribute("maxBytes", PasswordRules.MAX_BYTES);
        // Under single sign-on the provider checks the password and the second factor, except for break-glass accounts.
        model.addAttribute("usesPassword", sso.usesPassword(actor.username()));
        java.time.Instant now = clock.instant();
        model.addAttribute(
                "tokens",
                tokens.list(actor.staffId()).stream()
                        .map(t -> {
                            boolean live =
                                    t.revokedAt() == null && t.expiresAt().isAfter(now);
                            return new TokenRow(
                                    t.id(),
                                    t.name(),
                                    t.scope() == ApiTokens.Scope.READ ? "read" : "read and act",
                                    TIME.format(t.createdAt()),
                                    TIME.format(t.expiresAt()),
                                    t.revokedAt() != null
                                            ? "revoked " + TIME.format(t.revokedAt())
                                            : live ? "in use" : "expired",
                                    live);
                        })
                        .toList());
        model.addAttribute("maxTokenDays", ApiTokens.MAX_DAYS);
        return "account/index";
    }

    @PostMapping("/account/password")
    String changePassword(
            @RequestParam(defaultValue = "") String currentPassword,
            @RequestParam(defaultValue = "") String newPassword,
            @RequestParam(defaultValue = "") String confirmPassword,
            Actor actor,
            Model model,
            HttpServletRequest request,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        try {
            passwords.change(
                    actor,
                    currentPassword,
                    newPassword,
                    confirmPassword,
                    request.getSession().getId());
        } catch (Passwords.Refused e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return accountPage(actor, model, e.errors());
        }
        redirect.addFlashAttribute(
                "flash", "Your password is changed. You are signed out everywhere else; this session goes on.");
        return "redirect:/account";
    }

    @GetMapping("/account/two-factor")
    String setUp(Actor actor, Model model) {
        Optional<SecondFactors.SetUp> setUp = factors.setUp(actor.staffId(), actor.username());
        if (setUp.isEmpty()) {
            return "redirect:/account";
        }
        return setUpPage(model, setUp.get(), "/account/two-factor", null);
    }

    @PostMapping("/account/two-factor")
    String confirm(
            @RequestParam(defaultValue = "") String code, Actor actor, Model model, HttpServletResponse response) {
        Optional<List<String>> codes = factors.confirm(actor.staffId(), actor.username(), code);
        if (codes.isEmpty()) {
            Optional<SecondFactors.SetUp> setUp = factors.setUp(actor.staffId(), actor.username());
            if (setUp.isEmpty()) {
                return "redirect:/account";
            }
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return setUpPage(model, setUp.get(), "/account/two-factor", WRONG_CODE);
        }
        return recoveryCodesPage(model, codes.get(), "/account", true);
    }

    @PostMapping("/account/recovery-codes")
    String newRecoveryCodes(Actor actor, Model model) {
        if (!factors.enrolled(actor.staffId())) {
            return "redirect:/account";
        }
        return recoveryCodesPage(
                model, factors.replaceRecoveryCodes(actor.staffId(), actor.username()), "/account", false);
    }

    static final String WRONG_CODE =
            "That code is not right. Check that the app shows Hearken's account and that the time on your phone is correct, then enter the code it shows now.";

    static String setUpPage(Model model, SecondFactors.SetUp setUp, String action, String error) {
        model.addAttribute("nav", "account");
        model.addAttribute("setUp", setUp);
        model.addAttribute("action", action);
        model.addAttribute("error", error);
        return "account/two-factor";
    }

    static String recoveryCodesPage(Model model, List<String> codes, String next, boolean enrolled) {
        model.addAttribute("nav", "account");
        model.addAttribute("codes", codes);
        model.addAttribute("next", next);
        model.addAttribute("enrolled", enrolled);
        return "account/recovery-codes";
    }

    @GetMapping("/password-reset/{token}")
    String resetPage(@PathVariable String token, Model model, HttpServletResponse response) {
        Optional<Passwords.ResetFor> link = passwords.resetFor(token);
        if (link.isEmpty()) {
            return resetGone(response);
        }
        return resetForm(model, token, link.get(), Map.of());
    }

    @PostMapping("/password-reset/{token}")
    String reset(
            @PathVariable String token,
            @RequestParam(defaultValue = "") String newPassword,
            @RequestParam(defaultValue = "") String confirmPassword,
            Model model,
            HttpServletRequest request,
            HttpServletResponse response) {
        try {
            if (passwords.reset(token, newPassword, confirmPassword).isEmpty()) {
                return resetGone(response);
            }
        } catch (Passwords.Refused e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return resetForm(model, token, passwords.resetFor(token).orElseThrow(), e.errors());
        }
        // Whoever was signed in in this browser is signed out too.
        var session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        return "redirect:/login?passwordSet";
    }

    private String resetForm(Model model, String token, Passwords.ResetFor link, Map<String, String> errors) {
        model.addAttribute("token", token);
        model.addAttribute("person", link.fullName());
        model.addAttribute("username", link.username());
        model.addAttribute("errors", errors);
        model.addAttribute("minLength", PasswordRules.MIN_CHARACTERS);
        model.addAttribute("maxBytes", PasswordRules.MAX_BYTES);
        return "account/reset";
    }

    private static String resetGone(HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_NOT_FOUND);
        return "account/reset-gone";
    }
}
