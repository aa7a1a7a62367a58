package org.hearken.cases;

/** Where a suggestion stands in the policy review. */
public enum ImprovementStatus {
    UNDER_CONSIDERATION,
    ADOPTED,
    DECLINED
}
