package org.hearken.cases;

/** The result of a substantive response. The last two need reasons the customer can understand. */
public enum Outcome {
    RESOLVED,
    UPHELD,
    PARTLY_UPHELD,
    NOT_UPHELD,
    CANNOT_ACCOMMODATE,
    /**
     * The complaint is not accepted into the procedure (out of time, excluded by the policy): the customer is given the
     * reasons and, under a rule pack, the ombudsman's details.
     */
    NOT_ACCEPTED;

    public boolean needsReasons() {
        return this == NOT_UPHELD || this == CANNOT_ACCOMMODATE || this == NOT_ACCEPTED;
    }
}
