package org.hearken.platform;

/**
 * The one rule for text that comes from outside: it must be text PostgreSQL can store as it was given. PostgreSQL
 * refuses the NUL character in {@code text} columns (so a NUL that got as far as the database failed the whole request),
 * and a lone UTF-16 surrogate has no UTF-8 form at all (the driver would silently store a '?' instead). Both are
 * refused where the request is read, never stored or half-stored.
 */
final class StorableText {

    private StorableText() {}

    /** Why {@code text} cannot be stored, or null if it can. */
    static String problem(CharSequence text) {
        if (text == null) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return "contains a NUL character (U+0000), which cannot be stored; remove it";
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "contains an unpaired surrogate (U+"
                        + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT)
                        + "), which is not a character and cannot be stored";
            }
        }
        return null;
    }
}
