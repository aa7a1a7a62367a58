package org.hearken.casework;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.hearken.cases.AcknowledgementMethod;
import org.hearken.cases.Outcome;
import org.hearken.cases.PreferredReply;
import org.hearken.cases.RemedyStatus;
import org.hearken.cases.RemedyType;
import org.hearken.cases.ReviewDecision;
import org.hearken.policy.Channel;
import org.hearken.policy.FeedbackKind;

/** The options of the pages' menus, each value with its plain words. */
final class Choices {

    /** One option of a menu. */
    record Option(String value, String label) {}

    private final Words words;

    Choices(Words words) {
        this.words = words;
    }

    public List<Option> kinds() {
        return of(FeedbackKind.values(), words::kind);
    }

    public List<Option> channels() {
        return of(Channel.values(), words::channel);
    }

    /** How the customer was or will be told. */
    public List<Option> methods() {
        return of(AcknowledgementMethod.values(), m -> Words.capital(words.method(m)));
    }

    /** As {@link #methods()} without "in the call or visit", for feedback that came in writing. */
    public List<Option> writtenMethods() {
        return of(
                new AcknowledgementMethod[] {
                    AcknowledgementMethod.EMAIL, AcknowledgementMethod.LETTER, AcknowledgementMethod.PHONE_CALL
                },
                m -> Words.capital(words.method(m)));
    }

    public List<Option> outcomes() {
        return of(Outcome.values(), words::outcome);
    }

    public List<Option> remedyTypes() {
        return of(RemedyType.values(), words::remedyType);
    }

    public List<Option> remedyStatuses() {
        return of(RemedyStatus.values(), words::remedyStatus);
    }

    public List<Option> decisions() {
        return of(ReviewDecision.values(), words::decision);
    }

    public List<Option> replies() {
        return of(PreferredReply.values(), words::preferredReply);
    }

    private static <E extends Enum<E>> List<Option> of(E[] values, Function<E, String> label) {
        return Arrays.stream(values)
                .map(v -> new Option(v.name(), label.apply(v)))
                .toList();
    }
}
