package org.hearken.policy;

import java.time.Instant;
import java.time.ZoneId;

/**
 * The due dates of one piece of feedback under one version of the service policy. A stage the policy sets no target
 * for is null.
 *
 * @param policyVersionId the stored policy version's id; 0 when computed from a policy that is not stored
 * @param zone the zone of the policy's business calendar, for showing the dates as the organisation sees them
 * @param packRoute which of the policy's pack routes governs the feedback (an index into {@link ServicePolicy#packs()});
 *     null under the policy's own targets
 */
public record Deadlines(
        long policyVersionId,
        ZoneId zone,
        Instant acknowledgeBy,
        Instant firstResponseBy,
        Instant respondBy,
        Integer packRoute) {

    public Deadlines(
            long policyVersionId, ZoneId zone, Instant acknowledgeBy, Instant firstResponseBy, Instant respondBy) {
        this(policyVersionId, zone, acknowledgeBy, firstResponseBy, respondBy, null);
    }

    /** The due date of {@code stage}, null when none; review is counted from a review request, so always null here. */
    public Instant due(Stage stage) {
        return switch (stage) {
            case ACKNOWLEDGE -> acknowledgeBy;
            case FIRST_RESPONSE -> firstResponseBy;
            case RESPOND -> respondBy;
            case REVIEW -> null;
        };
    }
}
