package org.hearken.policy;

import java.time.Instant;

/**
 * A stored version of the service policy, without its document.
 *
 * @param id what cases store as their policy version
 * @param version 1, 2, 3… in upload order, for people
 */
public record PolicyVersionInfo(
        long id, int version, String name, Instant uploadedAt, String uploadedBy, boolean active) {}
