package org.hearken.policy;

/** What a stage of a rule pack is, in the terms of a case's lifecycle. */
public enum StageRole {
    /** Acknowledge the feedback (stage 1). */
    ACKNOWLEDGE("acknowledge"),
    /** A first reply, e.g. returning a phone message the same day. */
    FIRST_RESPONSE("first-response"),
    /** The window in which a complaint may be resolved informally with a short letter. */
    QUICK_RESOLUTION("quick-resolution"),
    /** The decision whether more time is needed (told to the customer). */
    DECIDE("decide"),
    /** The next progress update; recurs while the complaint is open. */
    UPDATE("update"),
    /** The (stage-1 or only) substantive or final response. */
    RESPOND("respond"),
    /** The final response where a holding response said exceptional circumstances need longer. */
    RESPOND_EXCEPTIONAL("respond-exceptional"),
    /** Acknowledge a request to escalate to stage 2. */
    STAGE2_ACKNOWLEDGE("stage2-acknowledge"),
    /** The stage-2 response. */
    STAGE2_RESPOND("stage2-respond");

    private final String key;

    StageRole(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    static StageRole ofKey(String key) {
        for (StageRole r : values()) {
            if (r.key.equals(key)) {
                return r;
            }
        }
        StringBuilder b = new StringBuilder();
        for (StageRole r : values()) {
            b.append(b.isEmpty() ? "" : ", ").append(r.key);
        }
        throw new IllegalArgumentException("unknown role '" + key + "'; one of " + b);
    }
}
