package org.hearken.register;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/** One event in the register: who did what to which case, and when. */
public record RegisterEntry(
        long id, String reference, Instant occurredAt, String actor, String type, JsonNode payload) {}
