package org.hearken.policy;

/** The moment a stage's clock starts from. */
public enum Anchor {
    /** When the organisation received the feedback (or when it was sent, where the pack counts from that). */
    RECEIPT("receipt", "receipt", "receivedAt"),
    /** When the customer was acknowledged (stage 1). */
    ACKNOWLEDGEMENT("acknowledgement", "the acknowledgement", "acknowledgedAt"),
    /** When the customer asked for the complaint to go to stage 2. */
    ESCALATION_REQUEST("escalation-request", "the escalation request", "escalationRequestedAt"),
    /** When the stage-2 request was acknowledged. */
    STAGE2_ACKNOWLEDGEMENT("stage2-acknowledgement", "the stage-2 acknowledgement", "stage2AcknowledgedAt"),
    /** When the organisation and the customer agreed a period. */
    AGREEMENT("agreement", "the agreement with the customer", "agreedAt"),
    /** The latest progress update sent to the customer, or the acknowledgement before the first one. */
    LATEST_UPDATE("latest-update", "the latest progress update (or the acknowledgement)", "lastUpdateAt");

    private final String key;
    private final String words;
    private final String event;

    Anchor(String key, String words, String event) {
        this.key = key;
        this.words = words;
        this.event = event;
    }

    /** As packs write it, e.g. "escalation-request". */
    public String key() {
        return key;
    }

    /** For people: "the acknowledgement". */
    public String words() {
        return words;
    }

    /** The name of the moment in the due-date API's {@code events}, e.g. "acknowledgedAt". */
    public String event() {
        return event;
    }

    static Anchor ofKey(String key) {
        for (Anchor a : values()) {
            if (a.key.equals(key)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown anchor '" + key + "'; one of receipt, acknowledgement, "
                + "escalation-request, stage2-acknowledgement, agreement, latest-update");
    }
}
