package org.hearken.correspondence;

import org.hearken.identity.Actor;
import org.hearken.platform.ConflictException;
import org.hearken.platform.InvalidRequestException;
import org.hearken.platform.NotFoundException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The reply snippets of one's departments: the list, a form to keep a new one, and removing one. */
@Controller
class SnippetPages {

    private final Snippets snippets;

    SnippetPages(Snippets snippets) {
        this.snippets = snippets;
    }

    @GetMapping("/snippets")
    String list(Actor actor, Model model) {
        model.addAttribute("snippets", snippets.of(actor));
        model.addAttribute("departments", snippets.departments(actor));
        return "letters/snippets";
    }

    @PostMapping("/snippets")
    String add(
            @RequestParam(required = false) String department,
            @RequestParam(required = false) String title,
            @RequestParam(required = false) String text,
            Actor actor,
            RedirectAttributes redirect) {
        try {
            Snippets.Kept kept = snippets.add(department, title, text, actor);
            redirect.addFlashAttribute(
                    "flash", "Kept the snippet \"" + kept.title() + "\" for " + kept.departmentName() + ".");
        } catch (InvalidRequestException e) {
            redirect.addFlashAttribute(
                    "flashError",
                    "Nothing was kept: the " + e.problems().getFirst().field() + " "
                            + e.problems().getFirst().message() + ".");
            redirect.addFlashAttribute("draftTitle", title);
            redirect.addFlashAttribute("draftText", text);
        } catch (ConflictException e) {
            redirect.addFlashAttribute("flashError", "Nothing was kept: " + e.getMessage());
            redirect.addFlashAttribute("draftTitle", title);
            redirect.addFlashAttribute("draftText", text);
        }
        return "redirect:/snippets";
    }

    @PostMapping("/snippets/{id}/remove")
    String remove(@PathVariable long id, Actor actor, RedirectAttributes redirect) {
        try {
            snippets.remove(id, actor);
            redirect.addFlashAttribute("flash", "Removed the snippet.");
        } catch (NotFoundException e) {
            redirect.addFlashAttribute("flashError", "That snippet is not one of your departments'.");
        }
        return "redirect:/snippets";
    }
}
