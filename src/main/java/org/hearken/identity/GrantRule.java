package org.hearken.identity;

import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Four eyes on the roles that open everything: the executive role (every case, confidential ones included) and the
 * administrator role (every account). Who may decide on a request for one, and when a request needs a decision at all.
 * Pure: no database, no clock.
 */
final class GrantRule {

    /** The roles granted only with a second administrator's approval. */
    static final Set<Role> PRIVILEGED = EnumSet.of(Role.EXECUTIVE, Role.ADMIN);

    /** Where a request stands. */
    enum Status {
        /** Waiting for a second administrator. */
        PENDING,
        /** The role was given. */
        APPROVED,
        /** A second administrator (or the one who asked, withdrawing it) said no. */
        REFUSED,
        /** Lapsed, or ended because someone involved was deactivated or the role was no longer asked for. */
        DROPPED
    }

    /** Why a decision is not allowed. */
    enum Refusal {
        NOT_ADMINISTRATOR("Only an active administrator may approve or refuse a role.", true),
        OWN_REQUEST("You asked for this role yourself, so another administrator must approve it.", true),
        OWN_GRANT("Nobody approves a role for themselves; another administrator must approve it.", true),
        DECIDED(
                "This request is no longer waiting (approved, refused, withdrawn or lapsed); nothing was changed.",
                false),
        EXPIRED("This request has lapsed; nothing was changed. Ask again if the role is still needed.", false);

        private final String message;
        private final boolean forbidden;

        Refusal(String message, boolean forbidden) {
            this.message = message;
            this.forbidden = forbidden;
        }

        String message() {
            return message;
        }

        /** True if it is about who decides (403), false if about the state of the request (409). */
        boolean forbidden() {
            return forbidden;
        }
    }

    /** What a decision on a request depends on. */
    record Request(String requester, String grantee, Status status, Instant expiresAt) {}

    private GrantRule() {}

    /**
     * The privileged roles among {@code asked} that the person does not hold yet: these wait for a second administrator,
     * the rest of the change applies at once. Taking a role away never waits.
     */
    static Set<Role> needingApproval(Set<Role> held, Set<Role> asked) {
        Set<Role> waiting = EnumSet.noneOf(Role.class);
        for (Role role : asked) {
            if (PRIVILEGED.contains(role) && !held.contains(role)) {
                waiting.add(role);
            }
        }
        return waiting;
    }

    /**
     * Whether anybody could approve a request: an active administrator who is neither the one asking nor the one who
     * would receive the role.
     */
    static boolean secondAdministratorAvailable(
            Collection<String> activeAdministrators, String requester, String grantee) {
        return activeAdministrators.stream()
                .anyMatch(a -> !a.equalsIgnoreCase(requester) && !a.equalsIgnoreCase(grantee));
    }

    /**
     * Whether a request is given at once, marked as granted without a second administrator, rather than waiting for
     * ever: only when nobody could approve it (a sole administrator setting Hearken up) and no other administrator
     * stopped being one lately. Otherwise one administrator could deactivate or demote the others, act alone, and
     * restore them; instead their requests wait, and lapse, until that is long enough past.
     *
     * @param anotherAdministratorLeftLately whether anyone but the one asking stopped being an active administrator
     *                                       (deactivated, or the role taken away) within the time a request waits
     */
    static boolean givenAlone(
            Collection<String> activeAdministrators,
            String requester,
            String grantee,
            boolean anotherAdministratorLeftLately) {
        return !secondAdministratorAvailable(activeAdministrators, requester, grantee)
                && !anotherAdministratorLeftLately;
    }

    /** Why {@code decider} may not approve the request now, or empty if they may. */
    static Optional<Refusal> whyNotApprove(
            String decider, boolean deciderIsActiveAdministrator, Request request, Instant now) {
        Optional<Refusal> common = whyNotDecide(deciderIsActiveAdministrator, request, now);
        if (common.isPresent()) {
            return common;
        }
        if (decider.equalsIgnoreCase(request.requester())) {
            return Optional.of(Refusal.OWN_REQUEST);
        }
        if (decider.equalsIgnoreCase(request.grantee())) {
            return Optional.of(Refusal.OWN_GRANT);
        }
        return Optional.empty();
    }

    /**
     * Why {@code decider} may not refuse the request now, or empty if they may. Any active administrator may refuse,
     * the one who asked included (that withdraws it): saying no gives nobody anything.
     */
    static Optional<Refusal> whyNotRefuse(boolean deciderIsActiveAdministrator, Request request, Instant now) {
        return whyNotDecide(deciderIsActiveAdministrator, request, now);
    }

    private static Optional<Refusal> whyNotDecide(boolean deciderIsActiveAdministrator, Request request, Instant now) {
        if (!deciderIsActiveAdministrator) {
            return Optional.of(Refusal.NOT_ADMINISTRATOR);
        }
        if (request.status() != Status.PENDING) {
            return Optional.of(Refusal.DECIDED);
        }
        if (!now.isBefore(request.expiresAt())) {
            return Optional.of(Refusal.EXPIRED);
        }
        return Optional.empty();
    }
}
