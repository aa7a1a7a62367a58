package org.hearken.cases;

/** The result of an internal review. */
public enum ReviewDecision {
    /** The original decision stands. */
    UPHELD,
    /** The original decision is changed. */
    CHANGED
}
