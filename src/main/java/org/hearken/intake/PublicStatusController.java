package org.hearken.intake;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import org.hearken.cases.CustomerStatus;
import org.hearken.correspondence.CustomerMessages;
import org.hearken.statuslinks.StatusLinks;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The private status page: whoever has the link sees where the case stands, the dates promised and what we sent the
 * customer, and nothing staff wrote for each other. Any other link gets the same "page not found", whether or not
 * it resembles a real one.
 */
@Controller
class PublicStatusController {

    private final StatusLinks statusLinks;
    private final CustomerMessages messages;

    PublicStatusController(StatusLinks statusLinks, CustomerMessages messages) {
        this.statusLinks = statusLinks;
        this.messages = messages;
    }

    @GetMapping("/public/status/{token}")
    String status(@PathVariable String token, Model model, HttpServletResponse response) {
        // The link is the key to the page: keep it out of search engines and shared caches.
        response.setHeader("X-Robots-Tag", "noindex, nofollow");
        response.setHeader("Referrer-Policy", "no-referrer");
        Optional<CustomerStatus> status = statusLinks.find(token);
        if (status.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            return "public/not-found";
        }
        model.addAttribute(
                "status",
                PublicStatusView.of(status.get(), messages.of(status.get().caseId())));
        return "public/status";
    }
}
