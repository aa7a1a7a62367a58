package org.hearken.identity;

import java.util.Locale;
import java.util.function.Predicate;

/**
 * The username of an account made at someone's first single sign-on: their {@code preferred_username}, else their
 * e-mail address, lower-cased and made to fit Hearken's usernames (2 to 64 of {@code a-z 0-9 . _ @ -}); when that name
 * is taken, {@code -2}, {@code -3}, … is added. Never an existing account's name: an account is matched by the
 * provider's subject alone. Pure.
 */
final class SsoUsernames {

    static final int MAX = 64;
    private static final int MAX_BASE = MAX - 6;

    private SsoUsernames() {}

    /** The name before any number is added to make it unique. */
    static String base(String preferredUsername, String email, String subject) {
        String chosen = firstPresent(preferredUsername, email);
        String name = chosen == null ? "" : clean(chosen);
        if (name.length() < 2) {
            name = "sso-" + clean(subject == null ? "" : subject);
        }
        if (name.length() > MAX_BASE) {
            name = trimEnd(name.substring(0, MAX_BASE));
        }
        return name.length() < 2 ? "sso-user" : name;
    }

    /** The first of {@code base}, {@code base-2}, {@code base-3}, … that is not taken. */
    static String unique(String base, Predicate<String> taken) {
        if (!taken.test(base)) {
            return base;
        }
        for (int n = 2; ; n++) {
            String candidate = base + "-" + n;
            if (!taken.test(candidate)) {
                return candidate;
            }
        }
    }

    private static String firstPresent(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    private static String clean(String text) {
        StringBuilder out = new StringBuilder();
        String lower = text.strip().toLowerCase(Locale.ROOT);
        for (int i = 0; i < lower.length() && out.length() < MAX; i++) {
            char c = lower.charAt(i);
            boolean allowed =
                    (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '@' || c == '-';
            if (allowed) {
                out.append(c);
            } else if (out.length() > 0 && out.charAt(out.length() - 1) != '-') {
                out.append('-');
            }
        }
        return trimEnd(out.toString());
    }

    private static String trimEnd(String name) {
        int end = name.length();
        while (end > 0 && name.charAt(end - 1) == '-') {
            end--;
        }
        return name.substring(0, end);
    }
}
