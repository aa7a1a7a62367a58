package org.hearken.correspondence;

/**
 * The standard texts Hearken sends customers; each has one template per {@link TemplateChannel}. Those that go out
 * without a person writing them are automatic: they carry {@code Auto-Submitted: auto-generated} (RFC 3834) and count
 * towards the per-address limit on automatic e-mail ({@code hearken.mail.max-automatic-per-hour}).
 */
public enum TemplateKey {
    ACKNOWLEDGEMENT("acknowledgement", true),
    EXTENSION_NOTICE("extension-notice", true),
    INTERIM_RESPONSE("interim-response", false),
    SUBSTANTIVE_RESPONSE("substantive-response", false),
    REVIEW_OUTCOME("review-outcome", false),
    SURVEY_INVITATION("survey-invitation", true),
    /** The standard words a member of staff starts a message to the customer from, written in {@code message}. */
    MESSAGE("message", false);

    private final String fileName;
    private final boolean automatic;

    TemplateKey(String fileName, boolean automatic) {
        this.fileName = fileName;
        this.automatic = automatic;
    }

    /** The kind in words, e.g. "Extension notice". */
    public String words() {
        String words = name().replace('_', ' ').toLowerCase(java.util.Locale.ROOT);
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    /** Sent without a person writing it. */
    public boolean automatic() {
        return automatic;
    }

    /** Whether the outbox kind {@code kind} (a template key's name) is automatic mail. */
    static boolean automatic(String kind) {
        for (TemplateKey key : values()) {
            if (key.name().equals(kind)) {
                return key.automatic;
            }
        }
        return false;
    }

    /** The names of the automatic kinds, as the outbox stores them. */
    static java.util.List<String> automaticKinds() {
        return java.util.Arrays.stream(values())
                .filter(TemplateKey::automatic)
                .map(Enum::name)
                .toList();
    }

    /** The shipped default, e.g. {@code templates/correspondence/acknowledgement.email.mustache}. */
    String defaultResource(TemplateChannel channel) {
        return "templates/correspondence/" + fileName + "." + channel.name().toLowerCase(java.util.Locale.ROOT)
                + ".mustache";
    }
}
