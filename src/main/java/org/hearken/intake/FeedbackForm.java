package org.hearken.intake;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.hearken.cases.CustomerContact;
import org.hearken.cases.PreferredReply;
import org.hearken.policy.FeedbackKind;

/**
 * What the public feedback form sends, as typed. {@code website} is the honeypot (hidden from people, filled in by
 * robots) and {@code started} the signed time the form was shown; neither is ever stored.
 */
record FeedbackForm(
        String kind,
        String subject,
        String description,
        String name,
        String email,
        String phone,
        String address,
        String reply,
        String website,
        String started) {

    static final int MAX_SUBJECT = 200;
    static final int MAX_DESCRIPTION = 20_000;
    static final int MAX_NAME = 200;
    static final int MAX_EMAIL = 320;
    static final int MAX_PHONE = 40;
    static final int MAX_ADDRESS = 1000;

    /** A subject made from the description is cut at this many characters. */
    static final int DERIVED_SUBJECT = 80;

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+");
    private static final Pattern PHONE = Pattern.compile("[+0-9 ()./-]*");

    /** A problem with one field, worded for the person filling in the form, as in the GOV.UK error message style. */
    record FieldError(String field, String message) {}

    /** The feedback once every field is valid. */
    record Valid(FeedbackKind kind, String subject, String description, CustomerContact contact) {}

    /** Either errors (in the order of the fields on the page) or the valid feedback. */
    record Checked(List<FieldError> errors, Valid valid) {}

    static FeedbackForm empty(String started) {
        return new FeedbackForm(null, null, null, null, null, null, null, null, null, started);
    }

    FeedbackForm withStarted(String value) {
        return new FeedbackForm(kind, subject, description, name, email, phone, address, reply, null, value);
    }

    boolean honeypotFilled() {
        return website != null && !website.isEmpty();
    }

    Checked check() {
        List<FieldError> errors = new ArrayList<>();
        FeedbackKind feedbackKind = parse(FeedbackKind.class, kind);
        if (feedbackKind == null) {
            errors.add(new FieldError("kind", "Select what kind of feedback this is"));
        }
        String subjectText = clean(subject);
        if (subjectText != null && subjectText.length() > MAX_SUBJECT) {
            errors.add(new FieldError("subject", "The subject must be " + MAX_SUBJECT + " characters or fewer"));
        }
        String descriptionText = clean(description);
        if (descriptionText == null) {
            errors.add(new FieldError("description", "Tell us what your feedback is about"));
        } else if (descriptionText.length() > MAX_DESCRIPTION) {
            errors.add(new FieldError(
                    "description",
                    "Your feedback must be 20,000 characters or fewer; you could attach a longer text as a file"));
        }
        String nameText = clean(name);
        if (nameText == null) {
            errors.add(new FieldError("name", "Enter your name"));
        } else if (nameText.length() > MAX_NAME) {
            errors.add(new FieldError("name", "Your name must be " + MAX_NAME + " characters or fewer"));
        }
        PreferredReply preferred = parse(PreferredReply.class, reply);
        String emailText = clean(email);
        if (emailText != null
                && (emailText.length() > MAX_EMAIL || !EMAIL.matcher(emailText).matches())) {
            errors.add(new FieldError("email", "Enter an email address in the correct format, like name@example.com"));
        } else if (emailText == null && preferred == PreferredReply.EMAIL) {
            errors.add(new FieldError("email", "Enter your email address, so that we can reply by email"));
        }
        String phoneText = clean(phone);
        if (phoneText != null
                && (phoneText.length() > MAX_PHONE
                        || !PHONE.matcher(phoneText).matches()
                        || phoneText.chars().filter(Character::isDigit).count() < 6)) {
            errors.add(new FieldError("phone", "Enter a phone number, like 02 9876 5432 or +61 400 000 000"));
        } else if (phoneText == null && preferred == PreferredReply.PHONE) {
            errors.add(new FieldError("phone", "Enter your phone number, so that we can call you"));
        }
        String addressText = clean(address);
        if (addressText != null && addressText.length() > MAX_ADDRESS) {
            errors.add(new FieldError("address", "The address must be " + MAX_ADDRESS + " characters or fewer"));
        } else if (addressText == null && preferred == PreferredReply.POST) {
            errors.add(new FieldError("address", "Enter your postal address, so that we can reply by post"));
        }
        if (preferred == null) {
            errors.add(new FieldError("reply", "Select how you would like us to reply"));
        }
        if (!errors.isEmpty()) {
            return new Checked(List.copyOf(errors), null);
        }
        String subjectLine = subjectText != null ? subjectText.replaceAll("\\s+", " ") : subjectFrom(descriptionText);
        return new Checked(
                List.of(),
                new Valid(
                        feedbackKind,
                        subjectLine,
                        descriptionText,
                        new CustomerContact(
                                nameText.replaceAll("\\s+", " "), emailText, phoneText, addressText, preferred)));
    }

    /** The first line of the description, cut at a word boundary when it is long. */
    static String subjectFrom(String description) {
        String line = description
                .lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .findFirst()
                .orElse(description.strip());
        if (line.length() <= DERIVED_SUBJECT) {
            return line;
        }
        String cut = line.substring(0, DERIVED_SUBJECT);
        int space = cut.lastIndexOf(' ');
        return (space > DERIVED_SUBJECT / 2 ? cut.substring(0, space) : cut).stripTrailing() + "…";
    }

    private static String clean(String s) {
        if (s == null) {
            return null;
        }
        String stripped = s.replace("\r\n", "\n").replace('\r', '\n').strip();
        return stripped.isEmpty() ? null : stripped;
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
