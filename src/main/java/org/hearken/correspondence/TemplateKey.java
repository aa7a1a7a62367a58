package org.hearken.correspondence;

/** The standard texts Hearken sends customers; each has one template per {@link TemplateChannel}. */
public enum TemplateKey {
    ACKNOWLEDGEMENT("acknowledgement"),
    EXTENSION_NOTICE("extension-notice"),
    INTERIM_RESPONSE("interim-response"),
    SUBSTANTIVE_RESPONSE("substantive-response"),
    REVIEW_OUTCOME("review-outcome"),
    SURVEY_INVITATION("survey-invitation");

    private final String fileName;

    TemplateKey(String fileName) {
        this.fileName = fileName;
    }

    /** The shipped default, e.g. {@code templates/correspondence/acknowledgement.email.mustache}. */
    String defaultResource(TemplateChannel channel) {
        return "templates/correspondence/" + fileName + "." + channel.name().toLowerCase(java.util.Locale.ROOT) + ".mustache";
    }
}
