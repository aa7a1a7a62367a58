package org.hearken.surveys;

import java.math.BigDecimal;
import java.util.List;

/**
 * Satisfaction survey figures for a set of cases.
 *
 * @param invited invitations sent to customers
 * @param notSent closed cases whose invitation could not be sent (no usable e-mail address)
 * @param scheduled invitations still waiting for their delay to pass
 * @param answered answers received (at most one per case)
 * @param averageRating mean rating of the answers, rounded to two decimals; null when there is no answer
 * @param distribution how many answers gave each rating: index 0 is rating 1, index 4 rating 5 (always five entries)
 * @param comments answers that came with a comment
 */
public record SatisfactionFigures(
        long invited,
        long notSent,
        long scheduled,
        long answered,
        BigDecimal averageRating,
        List<Long> distribution,
        long comments) {

    public SatisfactionFigures {
        distribution = List.copyOf(distribution);
        if (distribution.size() != 5) {
            throw new IllegalArgumentException("the distribution has one count per rating 1 to 5");
        }
    }

    /** Answers per invitation sent, 0 to 1 rounded to three decimals; null when none was sent. */
    public BigDecimal responseRate() {
        return invited == 0
                ? null
                : BigDecimal.valueOf(answered).divide(BigDecimal.valueOf(invited), 3, java.math.RoundingMode.HALF_UP);
    }

    /** How many answers gave {@code rating} (1–5). */
    public long count(int rating) {
        return distribution.get(rating - 1);
    }
}
