package org.hearken.identity;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * What a new password must be, for a password someone chooses (their own, or with a link from an administrator).
 * Pure: no I/O besides the list of common passwords shipped with Hearken.
 *
 * <ul>
 *   <li>At least {@value #MIN_CHARACTERS} characters, and at most {@value #MAX_BYTES} bytes in UTF-8: bcrypt, which
 *       hashes it, reads no further, so a longer one is refused rather than cut short unseen.
 *   <li>At least {@value #MIN_DIFFERENT} different characters ({@code aaaaaaaaaaaa} is not a password).
 *   <li>Not one of the common passwords ({@link CommonPasswords}), whatever its case.
 *   <li>Not the username or the person's name, nor containing either (ignoring case, spaces and punctuation).
 * </ul>
 */
final class PasswordRules {

    static final int MIN_CHARACTERS = 12;
    static final int MAX_BYTES = 72;
    static final int MIN_DIFFERENT = 5;

    private PasswordRules() {}

    /** What is wrong with {@code password} for this person, in a sentence for the form; empty when it will do. */
    static Optional<String> problem(String password, String username, String fullName) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_CHARACTERS) {
            return Optional.of(
                    "Use at least " + MIN_CHARACTERS + " characters; a few words together are easy to remember.");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return Optional.of("Use at most " + MAX_BYTES + " bytes (" + MAX_BYTES
                    + " letters, fewer with accents or symbols outside English).");
        }
        if (password.codePoints().distinct().count() < MIN_DIFFERENT) {
            return Optional.of("Use at least " + MIN_DIFFERENT + " different characters.");
        }
        String plain = letters(password);
        for (String name : new String[] {username, fullName}) {
            String n = name == null ? "" : letters(name);
            if (n.length() >= 3 && plain.contains(n)) {
                return Optional.of("Do not use your username or your name in your password.");
            }
        }
        if (CommonPasswords.contains(password)) {
            return Optional.of("That password is among the most common ones, which are tried first when accounts are"
                    + " attacked. Choose another.");
        }
        return Optional.empty();
    }

    private static String letters(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]", "");
    }
}
