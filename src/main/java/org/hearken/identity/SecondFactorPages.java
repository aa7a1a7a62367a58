package org.hearken.identity;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The second step of a password sign-in ({@link SecondFactorSignIn}): the code from the app or a recovery code
 * ({@code /login/code}), or, for someone whose role needs a second factor and who has none, setting one up
 * ({@code /login/set-up}) before anything else.
 */
@Controller
class SecondFactorPages {

    private final SecondFactorSignIn signIn;
    private final SecondFactors factors;

    SecondFactorPages(SecondFactorSignIn signIn, SecondFactors factors) {
        this.signIn = signIn;
        this.factors = factors;
    }

    @GetMapping("/login/code")
    String codePage(Model model) {
        if (signIn.pending().filter(p -> p.need() == SecondFactors.Need.CODE).isEmpty()) {
            return "redirect:/";
        }
        return "account/code";
    }

    @PostMapping("/login/code")
    String code(
            @RequestParam(defaultValue = "") String code,
            Model model,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException, ServletException {
        var pending = signIn.pending().filter(p -> p.need() == SecondFactors.Need.CODE);
        if (pending.isEmpty()) {
            return "redirect:/";
        }
        var p = pending.get();
        if (!signIn.mayTry(p, request)) {
            return "redirect:/login?throttled";
        }
        if (!factors.verify(p.staffId(), p.username(), code)) {
            signIn.wrongCode(p);
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute(
                    "error",
                    "That code is not right, or was used already. Enter the code your app shows now, or one of your"
                            + " recovery codes.");
            return "account/code";
        }
        return signIn.complete(p, request, response)
                .map(next -> "redirect:" + next)
                .orElse("redirect:/login?error");
    }

    @GetMapping("/login/set-up")
    String setUpPage(Model model) {
        var pending = signIn.pending().filter(p -> p.need() == SecondFactors.Need.SET_UP);
        if (pending.isEmpty()) {
            return "redirect:/";
        }
        var p = pending.get();
        Optional<SecondFactors.SetUp> setUp = factors.setUp(p.staffId(), p.username());
        if (setUp.isEmpty()) {
            return "redirect:/login";
        }
        model.addAttribute("required", true);
        return AccountPages.setUpPage(model, setUp.get(), "/login/set-up", null);
    }

    @PostMapping("/login/set-up")
    String setUp(
            @RequestParam(defaultValue = "") String code,
            Model model,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException, ServletException {
        var pending = signIn.pending().filter(p -> p.need() == SecondFactors.Need.SET_UP);
        if (pending.isEmpty()) {
            return "redirect:/";
        }
        var p = pending.get();
        if (!signIn.mayTry(p, request)) {
            return "redirect:/login?throttled";
        }
        Optional<List<String>> codes = factors.confirm(p.staffId(), p.username(), code);
        if (codes.isEmpty()) {
            signIn.wrongCode(p);
            Optional<SecondFactors.SetUp> setUp = factors.setUp(p.staffId(), p.username());
            if (setUp.isEmpty()) {
                return "redirect:/login";
            }
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("required", true);
            return AccountPages.setUpPage(model, setUp.get(), "/login/set-up", AccountPages.WRONG_CODE);
        }
        Optional<String> next = signIn.complete(p, request, response);
        if (next.isEmpty()) {
            return "redirect:/login?error";
        }
        return AccountPages.recoveryCodesPage(model, codes.get(), next.get(), true);
    }
}
