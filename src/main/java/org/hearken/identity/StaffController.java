package org.hearken.identity;

import java.util.List;
import org.hearken.platform.ConflictException;
import org.hearken.platform.NotFoundException;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Administration of staff accounts, and the executive and administrator roles waiting for a second administrator. */
@RestController
class StaffController {

    private final StaffAccounts accounts;
    private final StaffDirectory directory;
    private final RoleGrants grants;

    StaffController(StaffAccounts accounts, StaffDirectory directory, RoleGrants grants) {
        this.accounts = accounts;
        this.directory = directory;
        this.grants = grants;
    }

    @PostMapping("/api/staff/{username}/deactivate")
    ResponseEntity<StaffMember> deactivate(@PathVariable String username, Actor actor) {
        requireAdmin(actor, "Only an administrator may deactivate staff.");
        if (actor.username().equals(username)) {
            throw new AccessDeniedException("You cannot deactivate yourself.");
        }
        StaffMember member = directory
                .staffByUsername(username)
                .orElseThrow(() -> new NotFoundException("No staff member " + username));
        accounts.deactivate(username);
        return ResponseEntity.ok(directory.staff(member.id()).orElseThrow());
    }

    /** The roles waiting for a second administrator, oldest first. */
    @GetMapping("/api/staff/grants")
    List<RoleGrants.Grant> grants(Actor actor) {
        requireAdmin(actor, "Only an administrator may see the roles waiting for approval.");
        return grants.pending();
    }

    /**
     * Approves a waiting role. Only with a password (HTTP Basic), never with an API token: a stolen token must not be
     * enough to hand out the roles that open everything.
     */
    @PostMapping("/api/staff/grants/{id}/approve")
    RoleGrants.Grant approve(@PathVariable long id, Actor actor) {
        requireAdmin(actor, "Only an administrator may approve a role.");
        if (ApiTokenAuthentication.current()) {
            throw new AccessDeniedException(
                    "A role is approved only when signed in with your password (HTTP Basic), not with an API token.");
        }
        try {
            return grants.approve(id, actor);
        } catch (RoleGrants.Undecidable e) {
            throw problem(e);
        }
    }

    /** Refuses a waiting role; the administrator who asked for it withdraws it this way. */
    @PostMapping("/api/staff/grants/{id}/refuse")
    RoleGrants.Grant refuse(@PathVariable long id, Actor actor) {
        requireAdmin(actor, "Only an administrator may refuse a role.");
        try {
            return grants.refuse(id, actor);
        } catch (RoleGrants.Undecidable e) {
            throw problem(e);
        }
    }

    private static RuntimeException problem(RoleGrants.Undecidable e) {
        return e.refusal().forbidden()
                ? new AccessDeniedException(e.getMessage())
                : new ConflictException(e.getMessage());
    }

    private static void requireAdmin(Actor actor, String message) {
        if (!actor.has(Role.ADMIN)) {
            throw new AccessDeniedException(message);
        }
    }
}
