package org.hearken.cases;

import java.util.Locale;

/** Everything staff can do to a case; each is a guarded method of {@link CaseLifecycle} and an API call. */
public enum CaseAction {
    ACKNOWLEDGE,
    REFER,
    ACCEPT_REFERRAL,
    DECLINE_REFERRAL,
    ASSIGN,
    INTERIM_RESPONSE,
    RESPOND,
    ADD_REMEDY,
    UPDATE_REMEDY,
    EXTEND,
    CLOSE,
    REOPEN,
    REQUEST_REVIEW,
    ASSIGN_REVIEWER,
    DECIDE_REVIEW,
    /** Acknowledge a request to escalate to stage 2, where the case's rule pack sets a target for it. */
    ACKNOWLEDGE_REVIEW,
    RECLASSIFY,
    /** An internal note for staff who may see the case; never shown or sent to the customer. */
    ADD_NOTE,
    /** A message to the customer, by e-mail or letter, from the case. */
    WRITE_TO_CUSTOMER,
    /** A file (a scanned letter, a photo, a report) kept with the case; served to staff only, as a download. */
    ADD_FILE;

    /** The action's name in URLs: {@code POST /api/cases/{reference}/accept-referral}. */
    public String path() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
