package org.hearken.cases;

/**
 * The standard words the organisation's templates put around what staff write to a customer, so that a letter's
 * required blocks (docs/packs.md) may come from either. Implemented where the templates live.
 */
public interface StandardWords {

    /** The kinds of answer whose letters a rule pack may require blocks in. */
    enum Answer {
        INTERIM_RESPONSE,
        SUBSTANTIVE_RESPONSE,
        REVIEW_OUTCOME
    }

    /** The text (subject and body) of the template in force for {@code answer} sent by {@code via}; "" if none. */
    String of(Answer answer, AcknowledgementMethod via);
}
