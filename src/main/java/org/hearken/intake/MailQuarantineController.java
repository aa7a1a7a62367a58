package org.hearken.intake;

import java.util.List;
import org.hearken.identity.Actor;
import org.hearken.identity.Role;
import org.hearken.platform.NotFoundException;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** E-mail that could not be taken in, kept exactly as received, for administrators to look into. */
@RestController
@RequestMapping("/api/mail/quarantine")
class MailQuarantineController {

    static final int MAX_LIST = 200;

    private final IntakeMailRepository mail;

    MailQuarantineController(IntakeMailRepository mail) {
        this.mail = mail;
    }

    /** Newest first, at most {@code limit} (default 50, at most 200). */
    @GetMapping
    List<IntakeMailRepository.Quarantined> list(@RequestParam(defaultValue = "50") int limit, Actor actor) {
        requireAdmin(actor);
        return mail.quarantined(Math.clamp(limit, 1, MAX_LIST));
    }

    /** The message exactly as it was fetched, as a download. */
    @GetMapping("/{id}/raw")
    ResponseEntity<byte[]> raw(@PathVariable long id, Actor actor) {
        requireAdmin(actor);
        byte[] raw = mail.quarantinedRaw(id).orElseThrow(() -> new NotFoundException("No quarantined e-mail " + id));
        return Downloads.of("quarantined-" + id + ".eml", raw);
    }

    private static void requireAdmin(Actor actor) {
        if (!actor.has(Role.ADMIN)) {
            throw new AccessDeniedException("Only administrators may see quarantined e-mail.");
        }
    }
}
