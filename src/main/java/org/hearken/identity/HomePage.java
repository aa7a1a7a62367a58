package org.hearken.identity;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The start page: case handlers start at their own cases, administrators at the admin pages. */
@Controller
class HomePage {

    @GetMapping("/")
    String home(Actor actor) {
        boolean handles = actor.has(Role.AGENT) || actor.has(Role.MANAGER) || actor.has(Role.EXECUTIVE);
        return handles ? "redirect:/cases/mine" : "redirect:/admin";
    }
}
