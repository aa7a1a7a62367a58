package org.hearken.identity;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Puts the signed-in member of staff into the model of every page, for the menu and the header, with the header's
 * count of their unread notices ({@link StaffHeader}), which the module keeping the notices gives ({@link UnreadNotices}).
 */
@ControllerAdvice(annotations = Controller.class)
class PageModel {

    private final ObjectProvider<UnreadNotices> notices;

    PageModel(ObjectProvider<UnreadNotices> notices) {
        this.notices = notices;
    }

    @ModelAttribute("me")
    SignedIn me() {
        Actor actor = actor();
        return actor == null ? null : SignedIn.of(actor);
    }

    @ModelAttribute("header")
    StaffHeader header() {
        Actor actor = actor();
        if (actor == null) {
            return null;
        }
        return new StaffHeader(() -> {
            UnreadNotices unread = notices.getIfAvailable();
            return unread == null ? 0 : unread.unread(actor);
        });
    }

    private static Actor actor() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && auth.getPrincipal() instanceof StaffUser user ? user.actor() : null;
    }
}
