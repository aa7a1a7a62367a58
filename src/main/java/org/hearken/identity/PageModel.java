package org.hearken.identity;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Puts the signed-in member of staff into the model of every page, for the menu and the header. */
@ControllerAdvice(annotations = Controller.class)
class PageModel {

    @ModelAttribute("me")
    SignedIn me() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && auth.getPrincipal() instanceof StaffUser user ? SignedIn.of(user.actor()) : null;
    }
}
