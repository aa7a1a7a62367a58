package org.hearken.policy;

/**
 * Business days allowed per stage; null means the stage does not apply (e.g. no response is owed to a compliment).
 * 0 means by close of business on the day of receipt.
 */
public record Targets(Integer acknowledge, Integer firstResponse, Integer respond, Integer review) {

    public Targets {
        check("acknowledge", acknowledge);
        check("firstResponse", firstResponse);
        check("respond", respond);
        check("review", review);
    }

    private static void check(String stage, Integer days) {
        if (days != null && days < 0) {
            throw new IllegalArgumentException(stage + " must be ≥ 0 business days: " + days);
        }
    }

    /** The target of {@code stage}, or null when the stage does not apply. */
    public Integer of(Stage stage) {
        return switch (stage) {
            case ACKNOWLEDGE -> acknowledge;
            case FIRST_RESPONSE -> firstResponse;
            case RESPOND -> respond;
            case REVIEW -> review;
        };
    }
}
