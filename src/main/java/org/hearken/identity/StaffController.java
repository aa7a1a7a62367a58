package org.hearken.identity;

import org.hearken.platform.NotFoundException;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Administration of staff accounts. */
@RestController
class StaffController {

    private final StaffAccounts accounts;
    private final StaffDirectory directory;

    StaffController(StaffAccounts accounts, StaffDirectory directory) {
        this.accounts = accounts;
        this.directory = directory;
    }

    @PostMapping("/api/staff/{username}/deactivate")
    ResponseEntity<StaffMember> deactivate(@PathVariable String username, Actor actor) {
        if (!actor.has(Role.ADMIN)) {
            throw new AccessDeniedException("Only an administrator may deactivate staff.");
        }
        if (actor.username().equals(username)) {
            throw new AccessDeniedException("You cannot deactivate yourself.");
        }
        StaffMember member = directory.staffByUsername(username).orElseThrow(() -> new NotFoundException("No staff member " + username));
        accounts.deactivate(username);
        return ResponseEntity.ok(directory.staff(member.id()).orElseThrow());
    }
}
