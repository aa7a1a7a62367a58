package org.hearken.correspondence;

import org.hearken.cases.AcknowledgementMethod;
import org.hearken.cases.StandardWords;
import org.springframework.stereotype.Component;

/** The cases module's view of the templates in force: their words, for checking a letter's required blocks. */
@Component
class TemplateWords implements StandardWords {

    private final Templates templates;

    TemplateWords(Templates templates) {
        this.templates = templates;
    }

    @Override
    public String of(Answer answer, AcknowledgementMethod via) {
        TemplateKey key = switch (answer) {
            case INTERIM_RESPONSE -> TemplateKey.INTERIM_RESPONSE;
            case SUBSTANTIVE_RESPONSE -> TemplateKey.SUBSTANTIVE_RESPONSE;
            case REVIEW_OUTCOME -> TemplateKey.REVIEW_OUTCOME;
        };
        TemplateChannel channel = switch (via) {
            case EMAIL -> TemplateChannel.EMAIL;
            case LETTER -> TemplateChannel.LETTER;
            default -> null;
        };
        if (channel == null) {
            return "";
        }
        return templates
                .active(key, channel)
                .map(v -> v.subject() + "\n" + v.body())
                .orElse("");
    }
}
