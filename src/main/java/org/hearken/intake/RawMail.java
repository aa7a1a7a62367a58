package org.hearken.intake;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.hearken.platform.Digests;

/**
 * What the store step needs from a message before it is parsed for real: its Message-ID and a hash of its content.
 * Works on any bytes and never throws, because a message that cannot be parsed must still be stored.
 */
record RawMail(String messageId, byte[] contentHash) {

    static final int MAX_MESSAGE_ID = 998;
    private static final Pattern FOLDING = Pattern.compile("[\\r\\n\\t ]+");

    /** Fields that servers add on the way in; the same message delivered to two mailboxes differs only in these. */
    private static final Set<String> TRACE_FIELDS = Set.of(
            "return-path",
            "received",
            "delivered-to",
            "x-original-to",
            "x-delivered-to",
            "x-received",
            "x-envelope-from",
            "x-envelope-to",
            "envelope-to");

    static RawMail of(byte[] raw) {
        int headerEnd = headerEnd(raw);
        String header = new String(raw, 0, headerEnd, StandardCharsets.ISO_8859_1);
        String messageId = null;
        int contentStart = 0;
        boolean leadingTrace = true;
        int pos = 0;
        while (pos < header.length()) {
            int end = fieldEnd(header, pos);
            String field = header.substring(pos, end);
            int colon = field.indexOf(':');
            String name = colon < 0 ? "" : field.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            if (leadingTrace && !TRACE_FIELDS.contains(name)) {
                leadingTrace = false;
                contentStart = pos;
            }
            if (messageId == null && name.equals("message-id")) {
                messageId = normaliseMessageId(field.substring(colon + 1));
            }
            pos = end;
        }
        if (leadingTrace) {
            contentStart = headerEnd;
        }
        return new RawMail(messageId, Digests.sha256(raw, contentStart));
    }

    /**
     * The identifier inside the angle brackets, without them, or null when there is none. Hearken compares Message-IDs
     * in this form everywhere.
     */
    static String normaliseMessageId(String value) {
        if (value == null) {
            return null;
        }
        String v = FOLDING.matcher(value).replaceAll(" ").strip();
        int open = v.indexOf('<');
        int close = open < 0 ? -1 : v.indexOf('>', open + 1);
        String id = open >= 0 && close > open ? v.substring(open + 1, close).strip() : v;
        if (id.isEmpty() || id.length() > MAX_MESSAGE_ID || id.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            return null;
        }
        return id;
    }

    /** Offset just past the blank line that ends the header, or the whole length if there is none. */
    private static int headerEnd(byte[] raw) {
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '\n') {
                if (i + 1 < raw.length && raw[i + 1] == '\n') {
                    return i + 1;
                }
                if (i + 2 < raw.length && raw[i + 1] == '\r' && raw[i + 2] == '\n') {
                    return i + 1;
                }
            }
        }
        return raw.length;
    }

    /** End of the header field starting at {@code pos}, including its folded continuation lines. */
    private static int fieldEnd(String header, int pos) {
        int i = pos;
        while (true) {
            int nl = header.indexOf('\n', i);
            if (nl < 0) {
                return header.length();
            }
            int next = nl + 1;
            if (next >= header.length() || (header.charAt(next) != ' ' && header.charAt(next) != '\t')) {
                return next;
            }
            i = next;
        }
    }
}
