package org.hearken.correspondence;

import java.util.ArrayList;
import java.util.List;
import org.hearken.identity.Actor;
import org.hearken.platform.ConflictException;
import org.hearken.platform.InvalidRequestException;
import org.hearken.platform.NotFoundException;
import org.hearken.policy.ServicePolicies;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The print queue for staff: the letters waiting to be printed and posted, of the cases the reader may see, each with
 * its PDF; ticking several and marking them posted records them all in one go, or none if any cannot be.
 */
@Controller
class LetterPages {

    /** A letter waiting to be posted, as the page shows it. */
    record Row(long id, String reference, String kind, String subject, String addressee, String written) {}

    private final Letters letters;
    private final ServicePolicies policies;

    LetterPages(Letters letters, ServicePolicies policies) {
        this.letters = letters;
        this.policies = policies;
    }

    @GetMapping("/letters")
    String queue(Actor actor, Model model) {
        var zone = policies.active().policy().calendar().zone();
        List<Row> rows = letters.printQueue(actor, "the print queue").stream()
                .map(l -> new Row(
                        l.id(),
                        l.reference(),
                        kind(l.kind()),
                        l.subject(),
                        l.addressee(),
                        TemplatePages.WHEN.format(l.createdAt().atZone(zone))))
                .toList();
        model.addAttribute("nav", "letters");
        model.addAttribute("letters", rows);
        model.addAttribute("limited", rows.size() == Letters.QUEUE_LIMIT);
        return "letters/print-queue";
    }

    @PostMapping("/letters/posted")
    String posted(
            @RequestParam(name = "letter", required = false) List<String> chosen,
            Actor actor,
            RedirectAttributes redirect) {
        List<Long> ids = new ArrayList<>();
        for (String id : chosen == null ? List.<String>of() : chosen) {
            try {
                ids.add(Long.parseLong(id.strip()));
            } catch (NumberFormatException e) {
                redirect.addFlashAttribute(
                        "flashError", "Nothing was marked posted: the letters chosen were not understood.");
                return "redirect:/letters";
            }
        }
        try {
            int marked = letters.markPosted(ids, actor);
            redirect.addFlashAttribute(
                    "flash", marked == 1 ? "Marked 1 letter posted." : "Marked " + marked + " letters posted.");
        } catch (InvalidRequestException e) {
            redirect.addFlashAttribute(
                    "flashError",
                    ids.isEmpty()
                            ? "Nothing was marked posted: tick the letters that were posted first."
                            : "Nothing was marked posted: "
                                    + e.problems().getFirst().message() + ".");
        } catch (NotFoundException | ConflictException e) {
            redirect.addFlashAttribute("flashError", e.getMessage());
        }
        return "redirect:/letters";
    }

    /** The kind of letter in words: "Acknowledgement", "Extension notice". */
    static String kind(String kind) {
        try {
            return TemplateKey.valueOf(kind).words();
        } catch (IllegalArgumentException e) {
            return kind;
        }
    }
}
