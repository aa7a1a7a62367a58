package org.hearken.policy;

/** A step of handling feedback that the service policy can put a target on. */
public enum Stage {
    /** Tell the customer we have it, who has it and when to expect a response. */
    ACKNOWLEDGE("acknowledge"),
    /** A first reply on the same working day, e.g. returning a phone message. */
    FIRST_RESPONSE("firstResponse"),
    /** The substantive response: resolution, or an interim response. */
    RESPOND("respond"),
    /** The answer to a request for internal review, counted from the request. */
    REVIEW("review");

    private final String key;

    Stage(String key) {
        this.key = key;
    }

    /** The stage's key in the policy document and in the API, e.g. "firstResponse". */
    public String key() {
        return key;
    }
}
