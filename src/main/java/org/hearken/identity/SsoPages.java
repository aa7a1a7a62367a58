package org.hearken.identity;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/** The single sign-on button on the sign-in page, and the page that explains a refused sign-in. */
@Controller
class SsoPages {

    /** What the sign-in page shows for single sign-on: the provider's name. */
    record SsoButton(String providerName) {}

    /** Gives the sign-in page (and the refusal page) the button, when single sign-on is on. */
    @ControllerAdvice(assignableTypes = {LoginPage.class, SsoPages.class})
    static class Button {
        private final SingleSignOn sso;

        Button(SingleSignOn sso) {
            this.sso = sso;
        }

        @ModelAttribute("sso")
        SsoButton sso() {
            return sso.enabled() ? new SsoButton(sso.providerName()) : null;
        }
    }

    private final SingleSignOn sso;

    SsoPages(SingleSignOn sso) {
        this.sso = sso;
    }

    @GetMapping(SingleSignOn.REFUSED_PAGE)
    String refused(@RequestParam(defaultValue = "failed") String reason, Model model, HttpServletResponse response) {
        if (!sso.enabled()) {
            throw new ResponseStatusException(org.springframework.http.HttpStatus.NOT_FOUND);
        }
        String shown = switch (reason) {
            case "no-access", "deactivated", "groups", "unavailable" -> reason;
            default -> "failed";
        };
        response.setStatus(
                switch (shown) {
                    case "unavailable" -> HttpServletResponse.SC_SERVICE_UNAVAILABLE;
                    case "failed" -> HttpServletResponse.SC_UNAUTHORIZED;
                    default -> HttpServletResponse.SC_FORBIDDEN;
                });
        model.addAttribute("reason", shown);
        return "sso-refused";
    }
}
