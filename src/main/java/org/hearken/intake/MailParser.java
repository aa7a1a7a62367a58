package org.hearken.intake;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.internet.ParseException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.parser.Parser;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * Turns a raw message into what intake needs, leniently where real mail is sloppy (unknown charsets, odd encodings,
 * 8-bit headers) and strictly where guessing would be wrong: a message whose structure cannot be read is refused with
 * {@link MailFormatException}, so that it is quarantined rather than half understood.
 * <p>
 * Mail comes from anyone, so every step takes time in proportion to the size of the message, whatever its content:
 * text is cleaned in single passes rather than with regular expressions that backtrack (a run of spaces without a line
 * break once took time quadratic in its length), lists are de-duplicated with sets, runs of combining marks are capped
 * before Unicode normalisation (whose reordering is quadratic in the length of a run), HTML is parsed with a bounded
 * element depth, and the number of parts is limited. On top of that each parse runs against a {@link MailDeadline}.
 */
final class MailParser {

    static final int MAX_SUBJECT = 200;
    static final int MAX_NAME = 200;
    static final int MAX_TEXT = 20_000;
    static final int MAX_FILENAME = 200;
    private static final String SHORTENED = "\n\n[Shortened: the full message is kept as it was received.]";
    private static final int MAX_DEPTH = 20;
    /** More parts than any person attaches; each part costs a row, so a message of tiny parts is refused instead. */
    static final int MAX_PARTS = 1000;
    /** Text parts are read only this far: the description keeps far less, and the raw message keeps everything. */
    private static final int MAX_TEXT_BYTES = 4 * 1024 * 1024;

    private static final int MAX_REFERENCES = 50;
    /**
     * Elements nested deeper than this are closed by jsoup: the words are kept, the nesting is not. The cost of adding
     * an element grows with the depth of the open elements, and real mail nests a few dozen deep at most.
     */
    static final int MAX_HTML_DEPTH = 100;
    /**
     * Unicode's stream-safe limit (UAX #15): no reader needs more combining marks in a row, and normalising reorders
     * each run of them by insertion, so a run of a million would take a million squared steps.
     */
    static final int MAX_COMBINING_RUN = 30;
    /** Longest From, Sender or Reply-To header read for an address: far beyond a few addresses with names. */
    static final int MAX_ADDRESS_HEADER = 4000;
    /** Longest subject or file name decoded: enough for 200 characters each written as an encoded UTF-8 byte sequence. */
    static final int MAX_DECODED_HEADER = 4096;

    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    private static final Pattern ANGLE_ID = Pattern.compile("<([^<>\\s]{1,998})>");
    /** Line breaks, control characters and the invisible marks that reorder text (bidi overrides) or hide it. */
    private static final Pattern UNSAFE_IN_LINE =
            Pattern.compile("[\\p{Cc}\\u2028\\u2029\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2069\\uFEFF]+");

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Set<String> ASCII_LABELS =
            Set.of("us-ascii", "ascii", "x-us-ascii", "ansi_x3.4-1968", "iso646-us", "us");
    private static final Set<String> AUTOMATIC_PRECEDENCE = Set.of("bulk", "junk", "list", "auto_reply");
    private static final Set<String> AUTOMATIC_SENDERS = Set.of("mailer-daemon", "postmaster");
    /** HTML elements that stand apart as paragraphs, and those that merely start a new line. */
    private static final Set<String> PARAGRAPHS = Set.of(
            "p",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "table",
            "ul",
            "ol",
            "dl",
            "blockquote",
            "pre",
            "hr",
            "section",
            "article",
            "header",
            "footer",
            "address");

    private static final Set<String> LINES = Set.of("div", "li", "tr", "dd", "dt");

    private final Session session;
    private final long maxAttachmentBytes;

    MailParser(long maxAttachmentBytes) {
        Properties props = new Properties();
        // RFC 6532 headers in UTF-8; otherwise 8-bit header bytes would be read as Latin-1.
        props.setProperty("mail.mime.allowutf8", "true");
        props.setProperty("mail.mime.address.strict", "false");
        props.setProperty("mail.mime.decodetext.strict", "false");
        props.setProperty("mail.mime.ignoreunknownencoding", "true");
        props.setProperty("mail.mime.parameters.strict", "false");
        // File names are decoded here, after they are cut to a sane length (see filename()).
        props.setProperty("mail.mime.decodefilename", "false");
        this.session = Session.getInstance(props);
        this.maxAttachmentBytes = maxAttachmentBytes;
    }

    /** Thrown for a message whose structure cannot be read; its text is shown to administrators in the quarantine. */
    static class MailFormatException extends RuntimeException {
        MailFormatException(String message, Throwable cause) {
            super(message, cause);
        }

        MailFormatException(String message) {
            super(message);
        }
    }

    ParsedMail parse(byte[] raw) {
        return parse(raw, MailDeadline.NONE);
    }

    /** Reads the message, or throws {@link MailDeadline.Exceeded} once {@code deadline} has passed. */
    ParsedMail parse(byte[] raw, MailDeadline deadline) {
        try {
            MimeMessage message = new MimeMessage(session, new ByteArrayInputStream(raw));
            deadline.check();
            Sender sender = sender(message, deadline);
            String automatic = automatic(message, sender);
            Body body = new Body(deadline);
            if (automatic == null) {
                walk(message, body, 0);
            }
            String text = body.plain != null
                    ? body.plain.toString()
                    : body.html != null ? htmlToText(body.html, deadline) : "";
            return new ParsedMail(
                    RawMail.normaliseMessageId(message.getHeader("Message-ID", null)),
                    messageIds(message.getHeader("In-Reply-To", " "), deadline),
                    messageIds(message.getHeader("References", " "), deadline),
                    sender == null ? null : sender.address(),
                    sender == null ? null : sender.name(),
                    date(message),
                    subject(message, deadline),
                    cleanText(text, deadline),
                    automatic,
                    noAutomaticAnswer(message),
                    List.copyOf(body.attachments));
        } catch (MessagingException | IOException | RuntimeException e) {
            if (e instanceof MailFormatException format) {
                throw format;
            }
            throw new MailFormatException("The message cannot be read: " + describe(e), e);
        } catch (StackOverflowError e) {
            // The mail library decodes some constructs recursively (each of a run of quoted-printable soft line breaks
            // calls the decoder again), so a few kilobytes can exhaust the stack. The stack is unwound by now; without
            // this the error would end the thread that takes mail in, and the message would stop every poll after it.
            throw new MailFormatException(
                    "The message cannot be read: it nests or repeats an encoding beyond what can be decoded.", e);
        }
    }

    private record Sender(String address, String name) {}

    /** From (else Sender, else Reply-To): its address, and its display name made safe to show and to put in a header. */
    private static Sender sender(MimeMessage message, MailDeadline deadline) throws MessagingException {
        for (String header : List.of("From", "Sender", "Reply-To")) {
            String value = message.getHeader(header, ",");
            // The address parser takes time quadratic in some runs of characters (thousands of opening brackets, say);
            // no sender's address needs a header this long.
            if (value == null || value.isBlank() || value.length() > MAX_ADDRESS_HEADER) {
                continue;
            }
            InternetAddress[] parsed;
            try {
                parsed = InternetAddress.parseHeader(value, false);
            } catch (AddressException e) {
                continue;
            }
            for (InternetAddress a : parsed) {
                String address = a.getAddress() == null ? "" : a.getAddress().strip();
                if (validAddress(address)) {
                    return new Sender(address, displayName(a.getPersonal(), address, deadline));
                }
            }
        }
        return null;
    }

    static boolean validAddress(String address) {
        if (address.length() > 320
                || address.chars().anyMatch(c -> c <= ' ' || c == 0x7f || c == '<' || c == '>' || c == ',')) {
            return false;
        }
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            return false;
        }
        try {
            new InternetAddress(address, true).validate();
            return true;
        } catch (AddressException e) {
            return false;
        }
    }

    /**
     * One line of at most 200 characters: line breaks and control characters become spaces, so that a name such as
     * "Bob\r\nBcc: x@example.org" can never start a new header wherever it is later written.
     */
    static String displayName(String personal, String address) {
        return displayName(personal, address, MailDeadline.NONE);
    }

    private static String displayName(String personal, String address, MailDeadline deadline) {
        String name = personal == null ? "" : singleLine(personal, deadline);
        if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
            name = name.substring(1, name.length() - 1).strip();
        }
        return name.isEmpty() ? address : truncate(name, MAX_NAME);
    }

    static String singleLine(String text) {
        return singleLine(text, MailDeadline.NONE);
    }

    private static String singleLine(String text, MailDeadline deadline) {
        String cleaned = UNSAFE_IN_LINE.matcher(deadline.guard(text)).replaceAll(" ");
        return WHITESPACE
                .matcher(deadline.guard(normalise(cleaned, deadline)))
                .replaceAll(" ")
                .strip();
    }

    /**
     * NFC, after cutting every run of combining marks to {@link #MAX_COMBINING_RUN}: normalising puts each run in
     * canonical order by insertion, which is quadratic in the length of the run.
     */
    static String normalise(String text, MailDeadline deadline) {
        StringBuilder safe = null;
        int run = 0;
        int seen = 0;
        for (int i = 0; i < text.length(); ) {
            if ((++seen & 0xFFFF) == 0) {
                deadline.check();
            }
            int cp = text.codePointAt(i);
            int next = i + Character.charCount(cp);
            int type = Character.getType(cp);
            boolean mark = type == Character.NON_SPACING_MARK
                    || type == Character.ENCLOSING_MARK
                    || type == Character.COMBINING_SPACING_MARK;
            run = mark ? run + 1 : 0;
            if (run > MAX_COMBINING_RUN) {
                if (safe == null) {
                    safe = new StringBuilder(text.length()).append(text, 0, i);
                }
            } else if (safe != null) {
                safe.append(text, i, next);
            }
            i = next;
        }
        String capped = safe == null ? text : safe.toString();
        deadline.check();
        return Normalizer.normalize(capped, Normalizer.Form.NFC);
    }

    /**
     * Why the message is automatic and must neither open a case nor be answered (RFC 3834 and the conventions of
     * vacation responders, mailing lists and bounces), or null for a message a person wrote.
     */
    private static String automatic(MimeMessage message, Sender sender) throws MessagingException {
        String autoSubmitted = first(message, "Auto-Submitted");
        if (autoSubmitted != null) {
            String value = autoSubmitted.split("[;(]", 2)[0].strip().toLowerCase(Locale.ROOT);
            if (!value.equals("no")) {
                return "Auto-Submitted: " + singleLine(autoSubmitted);
            }
        }
        String precedence = first(message, "Precedence");
        if (precedence != null
                && AUTOMATIC_PRECEDENCE.contains(precedence.strip().toLowerCase(Locale.ROOT))) {
            return "Precedence: " + singleLine(precedence);
        }
        for (String header : List.of("X-Autoreply", "X-Autorespond")) {
            if (first(message, header) != null) {
                return header + " present";
            }
        }
        String returnPath = first(message, "Return-Path");
        if (returnPath != null && returnPath.replaceAll("[\\s<>]", "").isEmpty()) {
            return "empty Return-Path (a bounce or other notification)";
        }
        String type = baseType(message);
        if (type.equals("multipart/report") || type.equals("message/delivery-status")) {
            return "delivery status notification (" + type + ")";
        }
        if (sender != null) {
            String local = sender.address()
                    .substring(0, sender.address().lastIndexOf('@'))
                    .toLowerCase(Locale.ROOT);
            if (AUTOMATIC_SENDERS.contains(local)) {
                return "sent by " + local;
            }
        }
        return null;
    }

    /**
     * Why the sender asked for no automatic answer, or null. {@code X-Auto-Response-Suppress} is what Outlook and
     * Exchange put on ordinary mail people write (meeting replies, for instance): it asks that no automatic reply be
     * sent, and says nothing of whether a person wrote the message, so the message is taken in like any other.
     */
    private static String noAutomaticAnswer(MimeMessage message) throws MessagingException {
        String suppress = first(message, "X-Auto-Response-Suppress");
        if (suppress == null || suppress.isBlank() || suppress.strip().equalsIgnoreCase("none")) {
            return null;
        }
        return "X-Auto-Response-Suppress: " + truncate(singleLine(suppress), 100);
    }

    /**
     * An unstructured header value unfolded and with its encoded words decoded, as JavaMail does, but of at most
     * {@link #MAX_DECODED_HEADER} characters first: decoding takes time out of proportion on very long values, and
     * nothing longer than a few hundred characters is kept.
     */
    private static String decodedHeader(String raw) {
        if (raw == null) {
            return null;
        }
        String capped = raw.length() > MAX_DECODED_HEADER ? raw.substring(0, MAX_DECODED_HEADER) : raw;
        String unfolded = MimeUtility.unfold(capped);
        try {
            return MimeUtility.decodeText(unfolded);
        } catch (java.io.UnsupportedEncodingException | RuntimeException e) {
            return unfolded;
        }
    }

    private static String first(Part part, String name) throws MessagingException {
        String[] values = part.getHeader(name);
        return values == null || values.length == 0 ? null : values[0];
    }

    private static Instant date(MimeMessage message) {
        try {
            Date sent = message.getSentDate();
            return sent == null ? null : sent.toInstant();
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    private static String subject(MimeMessage message, MailDeadline deadline) throws MessagingException {
        String subject = decodedHeader(message.getHeader("Subject", null));
        String line = subject == null ? "" : singleLine(subject, deadline);
        return line.isEmpty() ? "(no subject)" : truncate(line, MAX_SUBJECT);
    }

    /**
     * The distinct Message-IDs in an In-Reply-To or References header, without angle brackets, in the order they
     * first appear, at most the last 50. A set, not a list: a header of a hundred thousand IDs must not be searched a
     * hundred thousand times.
     */
    private static List<String> messageIds(String header, MailDeadline deadline) {
        if (header == null) {
            return List.of();
        }
        LinkedHashSet<String> distinct = new LinkedHashSet<>();
        Matcher m = ANGLE_ID.matcher(deadline.guard(header));
        while (m.find()) {
            String id = RawMail.normaliseMessageId(m.group());
            if (id != null) {
                distinct.add(id);
            }
        }
        List<String> ids = new ArrayList<>(distinct);
        return ids.size() > MAX_REFERENCES
                ? List.copyOf(ids.subList(ids.size() - MAX_REFERENCES, ids.size()))
                : List.copyOf(ids);
    }

    // ---- body and attachments ---------------------------------------------------------------------------------------

    private static final class Body {
        final MailDeadline deadline;
        StringBuilder plain;
        String html;
        int parts;
        final List<ParsedMail.Attachment> attachments = new ArrayList<>();

        Body(MailDeadline deadline) {
            this.deadline = deadline;
        }
    }

    private void walk(Part part, Body body, int depth) throws MessagingException, IOException {
        body.deadline.check();
        if (depth > MAX_DEPTH) {
            throw new MailFormatException("The message nests more than " + MAX_DEPTH + " levels of parts.");
        }
        if (++body.parts > MAX_PARTS) {
            throw new MailFormatException("The message has more than " + MAX_PARTS + " parts.");
        }
        String type = baseType(part);
        String filename = filename(part);
        boolean attachment = filename != null || Part.ATTACHMENT.equalsIgnoreCase(disposition(part));
        if (type.startsWith("multipart/")) {
            Object content = part.getContent();
            if (!(content instanceof Multipart multipart)) {
                throw new MailFormatException("A " + type + " part has no parts.");
            }
            int count = multipart.getCount();
            if (type.equals("multipart/alternative")) {
                BodyPart best = bestAlternative(multipart);
                if (best != null) {
                    walk(best, body, depth + 1);
                }
                return;
            }
            for (int i = 0; i < count; i++) {
                walk(multipart.getBodyPart(i), body, depth + 1);
            }
        } else if (!attachment && type.equals("text/plain")) {
            if (body.plain == null) {
                body.plain = new StringBuilder(decodeText(part));
            } else if (body.plain.length() < MAX_TEXT_BYTES) {
                // Beyond this the description is shortened anyway; the raw message keeps every part.
                body.plain.append("\n\n").append(decodeText(part));
            }
        } else if (!attachment && type.equals("text/html") && body.html == null && body.plain == null) {
            body.html = decodeText(part);
        } else {
            body.attachments.add(attachment(part, type, filename, body.attachments.size() + 1, body.deadline));
        }
    }

    /** Plain text when the sender offers it, else HTML, else the last (richest) alternative. */
    private static BodyPart bestAlternative(Multipart alternatives) throws MessagingException {
        BodyPart html = null;
        BodyPart last = null;
        for (int i = 0; i < alternatives.getCount(); i++) {
            BodyPart part = alternatives.getBodyPart(i);
            String type = baseType(part);
            if (type.equals("text/plain") && !isAttachment(part)) {
                return part;
            }
            if (type.equals("text/html") && html == null) {
                html = part;
            }
            last = part;
        }
        return html != null ? html : last;
    }

    private static boolean isAttachment(Part part) throws MessagingException {
        return Part.ATTACHMENT.equalsIgnoreCase(disposition(part));
    }

    private ParsedMail.Attachment attachment(Part part, String type, String filename, int number, MailDeadline deadline)
            throws MessagingException, IOException {
        String name = filename != null
                ? filename
                : "part-" + number
                        + switch (type) {
                            case "message/rfc822" -> ".eml";
                            case "text/html" -> ".html";
                            case "text/plain" -> ".txt";
                            default -> "";
                        };
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        long size = 0;
        try (InputStream in = part.getInputStream()) {
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                if ((size & 0xFFFFF) < n) { // once per megabyte
                    deadline.check();
                }
                if (size + n <= maxAttachmentBytes) {
                    kept.write(buffer, 0, n);
                }
                size += n;
            }
        }
        return new ParsedMail.Attachment(name, type, size, size <= maxAttachmentBytes ? kept.toByteArray() : null);
    }

    /** The lower-case media type, or text/plain when the header is missing or unreadable (RFC 2045, section 5.2). */
    private static String baseType(Part part) throws MessagingException {
        String header = part.getContentType();
        if (header == null) {
            return "text/plain";
        }
        try {
            return new ContentType(header).getBaseType().toLowerCase(Locale.ROOT);
        } catch (ParseException e) {
            return "text/plain";
        }
    }

    private static String disposition(Part part) throws MessagingException {
        try {
            return part.getDisposition();
        } catch (ParseException e) {
            return null;
        }
    }

    /** A file name safe to offer for download: no path, no control characters, at most 200 characters. */
    private static String filename(Part part) throws MessagingException {
        String name;
        try {
            name = part.getFileName();
        } catch (ParseException e) {
            return null;
        }
        if (name == null) {
            return null;
        }
        name = singleLine(decodedHeader(name));
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1)
                .strip();
        while (name.startsWith(".")) {
            name = name.substring(1);
        }
        if (name.isBlank()) {
            return "attachment";
        }
        if (name.length() > MAX_FILENAME) {
            int dot = name.lastIndexOf('.');
            String extension = dot > 0 && name.length() - dot <= 16 ? name.substring(dot) : "";
            name = truncate(name, MAX_FILENAME - extension.length()) + extension;
        }
        return name;
    }

    // ---- text
    // ---------------------------------------------------------------------------------------------------------

    private static String decodeText(Part part) throws MessagingException, IOException {
        byte[] bytes;
        try (InputStream in = part.getInputStream()) {
            bytes = in.readNBytes(MAX_TEXT_BYTES);
        }
        String charset = null;
        String header = part.getContentType();
        if (header != null) {
            try {
                charset = new ContentType(header).getParameter("charset");
            } catch (ParseException e) {
                // no usable charset: decode as if none was declared
            }
        }
        return decode(bytes, charset);
    }

    /**
     * Text in any declared charset as a Java string. Undeclared, US-ASCII or mislabelled UTF-8 text is read as UTF-8 if
     * it is valid UTF-8, else as Windows-1252, as browsers do; Latin-1 is read as its superset Windows-1252; a charset
     * Java does not know falls back to Windows-1252, which never fails.
     */
    static String decode(byte[] bytes, String declared) {
        Charset charset = charset(declared);
        if (charset == null || charset.equals(StandardCharsets.UTF_8) || charset.equals(StandardCharsets.US_ASCII)) {
            try {
                return StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes))
                        .toString();
            } catch (CharacterCodingException e) {
                return new String(bytes, WINDOWS_1252);
            }
        }
        return new String(bytes, charset);
    }

    private static Charset charset(String declared) {
        String label =
                declared == null ? "" : declared.strip().replace("\"", "").toLowerCase(Locale.ROOT);
        if (label.isEmpty() || ASCII_LABELS.contains(label)) {
            return null;
        }
        // Java's own names first: MimeUtility's table reads US-ASCII as Latin-1; it only helps with names Java lacks.
        for (String name : List.of(label, MimeUtility.javaCharset(label))) {
            try {
                Charset charset = Charset.forName(name);
                return charset.equals(StandardCharsets.ISO_8859_1) ? WINDOWS_1252 : charset;
            } catch (IllegalArgumentException e) {
                // try the next name, then fall back
            }
        }
        return WINDOWS_1252;
    }

    /** Plain text from HTML: the words a reader sees, with paragraphs and line breaks, never a tag or a script. */
    static String htmlToText(String html) {
        return htmlToText(html, MailDeadline.NONE);
    }

    private static String htmlToText(String html, MailDeadline deadline) {
        Parser parser = Parser.htmlParser().setMaxDepth(MAX_HTML_DEPTH);
        Element body =
                parser.parseInput(deadline.guard(new StringReader(html)), "").body();
        StringBuilder out = new StringBuilder();
        NodeTraversor.traverse(
                new NodeVisitor() {
                    private int visited;

                    @Override
                    public void head(Node node, int depth) {
                        if ((++visited & 0xFFF) == 0) {
                            deadline.check();
                        }
                        if (node instanceof TextNode text) {
                            String words = text.text();
                            out.append(
                                    out.isEmpty() || out.charAt(out.length() - 1) == '\n'
                                            ? words.stripLeading()
                                            : words);
                        } else if (node instanceof Element e && e.normalName().equals("br")) {
                            out.append('\n');
                        } else if (node instanceof Element e
                                && (PARAGRAPHS.contains(e.normalName()) || LINES.contains(e.normalName()))) {
                            endLine(out);
                        }
                    }

                    @Override
                    public void tail(Node node, int depth) {
                        if (node instanceof Element e && PARAGRAPHS.contains(e.normalName())) {
                            endLine(out);
                            out.append('\n');
                        } else if (node instanceof Element e && LINES.contains(e.normalName())) {
                            endLine(out);
                        }
                    }
                },
                body);
        return out.toString().replace('\u00a0', ' ');
    }

    private static void endLine(StringBuilder out) {
        if (!out.isEmpty() && out.charAt(out.length() - 1) != '\n') {
            out.append('\n');
        }
    }

    /** Unix line breaks, no control characters, trailing spaces and runs of blank lines trimmed, at most 20,000 characters. */
    static String cleanText(String text) {
        return cleanText(text, MailDeadline.NONE);
    }

    /**
     * As {@link #cleanText(String)}, in two passes over the text that each look at every character once. (The
     * regular expression {@code [ \t]+\n} it replaces went back over a whole run of spaces from each space in it,
     * when no line break followed: hours for a few megabytes of spaces.)
     */
    static String cleanText(String text, MailDeadline deadline) {
        String t = normalise(safeLines(text, deadline), deadline);
        t = trimLines(t, deadline).strip();
        if (t.isEmpty()) {
            return "(The e-mail had no text.)";
        }
        return shortened(t);
    }

    /** {@code note}, a blank line and the cleaned {@code text}, shortened as a whole to the limit. */
    static String withNote(String note, String text) {
        return shortened(note + "\n\n" + text);
    }

    private static String shortened(String text) {
        if (text.length() <= MAX_TEXT) {
            return text;
        }
        return truncate(text, MAX_TEXT - SHORTENED.length()) + SHORTENED;
    }

    /** Line breaks as \n; control characters other than \n and \t, and the invisible marks that reorder text, dropped. */
    private static String safeLines(String text, MailDeadline deadline) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            if ((i & 0xFFFF) == 0) {
                deadline.check();
            }
            char c = text.charAt(i);
            if (c == '\r') {
                out.append('\n');
                if (i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
            } else if (c == '\n'
                    || c == '\t'
                    || !(Character.isISOControl(c)
                            || (c >= '\u202A' && c <= '\u202E')
                            || (c >= '\u2066' && c <= '\u2069')
                            || c == '\uFEFF')) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Spaces and tabs at the end of a line dropped, and at most one blank line in a row. */
    private static String trimLines(String text, MailDeadline deadline) {
        StringBuilder out = new StringBuilder(text.length());
        int blanks = 0;
        int pendingFrom = -1;
        for (int i = 0; i < text.length(); i++) {
            if ((i & 0xFFFF) == 0) {
                deadline.check();
            }
            char c = text.charAt(i);
            if (c == ' ' || c == '\t') {
                if (pendingFrom < 0) {
                    pendingFrom = i;
                }
            } else if (c == '\n') {
                pendingFrom = -1;
                if (++blanks <= 2) {
                    out.append('\n');
                }
            } else {
                if (pendingFrom >= 0) {
                    out.append(text, pendingFrom, i);
                    pendingFrom = -1;
                }
                blanks = 0;
                out.append(c);
            }
        }
        return out.toString();
    }

    static String truncate(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end).strip();
    }

    private static String describe(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return singleLine(message);
    }
}
