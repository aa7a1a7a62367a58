package org.hearken.identity;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * What administrators do about other people's sign-in: a one-time link to set a new password (shown once, to give
 * the person), removing a second factor (a lost phone), and the roles that must sign in with a second factor. Nobody
 * does the first two to their own account. Everything is in the security audit log.
 */
@Controller
class AccountAdminPages {

    private final StaffDirectory directory;
    private final Passwords passwords;
    private final SecondFactors factors;

    AccountAdminPages(StaffDirectory directory, Passwords passwords, SecondFactors factors) {
        this.directory = directory;
        this.passwords = passwords;
        this.factors = factors;
    }

    @PostMapping("/admin/staff/{username}/password-link")
    String passwordLink(@PathVariable String username, Actor actor, Model model, RedirectAttributes redirect) {
        requireAdmin(actor);
        var member = member(username);
        Passwords.ResetLink link;
        try {
            link = passwords.createResetLink(actor, member);
        } catch (IllegalArgumentException e) {
            redirect.addFlashAttribute("flashError", e.getMessage() + " No link was made.");
            return "redirect:/admin/staff/" + member.username();
        }
        model.addAttribute("nav", "admin");
        model.addAttribute("member", member);
        model.addAttribute("link", link.url());
        model.addAttribute("emailedTo", link.emailedTo());
        model.addAttribute("expiresAt", AccountPages.TIME.format(link.expiresAt()));
        return "admin/staff-password-link";
    }

    @PostMapping("/admin/staff/{username}/second-factor/remove")
    String removeSecondFactor(@PathVariable String username, Actor actor, RedirectAttributes redirect) {
        requireAdmin(actor);
        var member = member(username);
        if (member.id() == actor.staffId()) {
            redirect.addFlashAttribute(
                    "flashError", "You cannot remove your own second factor; another administrator must do it.");
        } else if (factors.remove(member.id(), member.username(), actor.username())) {
            redirect.addFlashAttribute(
                    "flash",
                    "Removed " + member.fullName() + "'s second factor and recovery codes. They sign in with their"
                            + " password alone, or set up a new one if their role needs it.");
        } else {
            redirect.addFlashAttribute("flash", member.fullName() + " has no second factor.");
        }
        return "redirect:/admin/staff/" + member.username();
    }

    @PostMapping("/admin/second-factor")
    String requireFor(@RequestParam(required = false) List<String> roles, Actor actor, RedirectAttributes redirect) {
        requireAdmin(actor);
        Set<Role> chosen = EnumSet.noneOf(Role.class);
        for (String name : roles == null ? List.<String>of() : roles) {
            try {
                chosen.add(Role.valueOf(name));
            } catch (IllegalArgumentException e) {
                redirect.addFlashAttribute("flashError", "'" + name + "' is not a role. Nothing was changed.");
                return "redirect:/admin/staff";
            }
        }
        boolean changed = factors.requireFor(chosen, actor.username());
        redirect.addFlashAttribute(
                "flash",
                !changed
                        ? "Nothing to change."
                        : chosen.isEmpty()
                                ? "No role needs a second factor now."
                                : "Saved: holders of the roles ticked sign in with a second factor, and set one up at"
                                        + " their next sign-in if they have none.");
        return "redirect:/admin/staff";
    }

    private StaffDirectory.StaffDetails member(String username) {
        return directory.details(username).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }

    private static void requireAdmin(Actor actor) {
        if (!actor.has(Role.ADMIN)) {
            throw new AccessDeniedException("Only an administrator may manage staff.");
        }
    }
}
