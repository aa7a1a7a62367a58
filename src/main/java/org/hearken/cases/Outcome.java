package org.hearken.cases;

/** The result of a substantive response. The last two need reasons the customer can understand. */
public enum Outcome {
    RESOLVED,
    UPHELD,
    PARTLY_UPHELD,
    NOT_UPHELD,
    CANNOT_ACCOMMODATE;

    public boolean needsReasons() {
        return this == NOT_UPHELD || this == CANNOT_ACCOMMODATE;
    }
}
