package org.hearken.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MailParserTest {

    private final MailParser parser = new MailParser(1024);

    private ParsedMail parse(String raw) {
        return parser.parse(raw.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsSenderSubjectDateAndThreadHeaders() {
        ParsedMail mail = parse("""
                From: "Citizen, Ada" <ada@example.net>
                Subject: Bin
                Date: Fri, 18 Dec 2026 18:30:00 +1100
                Message-ID: <a1@example.net>
                In-Reply-To: <hk-1@hearken.example>
                References: <x@y> <hk-1@hearken.example>

                Hello
                """);
        assertThat(mail.fromAddress()).isEqualTo("ada@example.net");
        assertThat(mail.fromName()).isEqualTo("Citizen, Ada");
        assertThat(mail.subject()).isEqualTo("Bin");
        assertThat(mail.date()).isEqualTo(Instant.parse("2026-12-18T07:30:00Z"));
        assertThat(mail.messageId()).isEqualTo("a1@example.net");
        assertThat(mail.inReplyTo()).containsExactly("hk-1@hearken.example");
        assertThat(mail.references()).containsExactly("x@y", "hk-1@hearken.example");
        assertThat(mail.text()).isEqualTo("Hello");
        assertThat(mail.automatic()).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Auto-Submitted: auto-replied|Auto-Submitted",
            "Auto-Submitted: auto-generated (vacation)|Auto-Submitted",
            "Precedence: bulk|Precedence",
            "Precedence: auto_reply|Precedence",
            "X-Autoreply: yes|X-Autoreply",
            "X-Autorespond: yes|X-Autorespond",
            "X-Auto-Response-Suppress: All|X-Auto-Response-Suppress",
            "Return-Path: <>|Return-Path",
            "Content-Type: multipart/report; report-type=delivery-status; boundary=x|multipart/report",
    })
    void recognisesAutomaticMail(String header, String reason) {
        ParsedMail mail = parse("From: someone@example.net\n" + header + "\nSubject: Away\n\n--x--\n");
        assertThat(mail.automatic()).contains(reason);
    }

    @Test
    void autoSubmittedNoAndOrdinaryPrecedenceAreFromPeople() {
        assertThat(parse("From: a@example.net\nAuto-Submitted: no\nPrecedence: normal\n\nHi\n").automatic()).isNull();
        assertThat(parse("From: a@example.net\nReturn-Path: <a@example.net>\n\nHi\n").automatic()).isNull();
    }

    @Test
    void mailerDaemonAndPostmasterAreAutomatic() {
        assertThat(parse("From: MAILER-DAEMON@mx.example.net\n\nfailed\n").automatic()).contains("mailer-daemon");
        assertThat(parse("From: Postmaster <postmaster@example.net>\n\nfailed\n").automatic()).contains("postmaster");
    }

    @Test
    void namesWithLineBreaksAndControlCharactersBecomeOneLine() {
        ParsedMail mail = parse("From: =?UTF-8?Q?Bob=0D=0ABcc=3A_x=40example.org=07?= <bob@example.net>\nSubject: =?UTF-8?Q?a=0Ab?=\n\nHi\n");
        assertThat(mail.fromName()).isEqualTo("Bob Bcc: x@example.org");
        assertThat(mail.subject()).isEqualTo("a b");
        assertThat(MailParser.displayName("\u202Eevil\u202C  name", "a@b.c")).isEqualTo("evil name");
        assertThat(MailParser.displayName("  ", "a@b.c")).isEqualTo("a@b.c");
        assertThat(MailParser.displayName("x".repeat(300), "a@b.c")).hasSize(200);
    }

    @Test
    void aSenderWithoutUsableAddressIsNull() {
        assertThat(parse("From: not an address\nSubject: x\n\nHi\n").fromAddress()).isNull();
        assertThat(parse("From: bad\nReply-To: good@example.net\n\nHi\n").fromAddress()).isEqualTo("good@example.net");
    }

    @ParameterizedTest
    @CsvSource({
            "ISO-8859-1, windows-1252",
            "latin1, windows-1252",
            "windows-1252, windows-1252",
            "x-unknown-charset, windows-1252",
            "'', windows-1252",
            "koi8-r, KOI8-R",
    })
    void decodesDeclaredAndUnknownCharsets(String declared, String actual) {
        String text = actual.equals("KOI8-R") ? "Привет" : "Grüße – “€”";
        byte[] bytes = text.getBytes(Charset.forName(actual));
        assertThat(MailParser.decode(bytes, declared.isEmpty() ? null : declared)).isEqualTo(text);
    }

    @Test
    void undeclaredOrMislabelledUtf8IsReadAsUtf8WhenValid() {
        byte[] utf8 = "Grüße".getBytes(StandardCharsets.UTF_8);
        assertThat(MailParser.decode(utf8, null)).isEqualTo("Grüße");
        assertThat(MailParser.decode(utf8, "us-ascii")).isEqualTo("Grüße");
        assertThat(MailParser.decode("Grüße".getBytes(Charset.forName("windows-1252")), "utf-8")).isEqualTo("Grüße");
    }

    @Test
    void htmlBecomesPlainTextWithoutMarkupOrScripts() {
        String text = MailParser.cleanText(MailParser.htmlToText("""
                <html><head><style>p{color:red}</style></head><body>
                <p>Dear council,</p><p>the <b>bin</b> &amp; the box<br>were missed.</p>
                <script>alert(1)</script><ul><li>one</li><li>two</li></ul></body></html>"""));
        assertThat(text).isEqualTo("Dear council,\n\nthe bin & the box\nwere missed.\n\none\ntwo");
    }

    @Test
    void textIsCleanedAndShortened() {
        assertThat(MailParser.cleanText("a\r\nb\u0000c  \n\n\n\nd")).isEqualTo("a\nbc\n\nd");
        assertThat(MailParser.cleanText(" \n ")).isEqualTo("(The e-mail had no text.)");
        assertThat(MailParser.cleanText("x".repeat(30_000))).hasSize(MailParser.MAX_TEXT).endsWith("as it was received.]");
    }

    @Test
    void prefersPlainTextAndKeepsAttachmentsWithinTheLimit() {
        ParsedMail mail = parse("""
                From: a@example.net
                Content-Type: multipart/mixed; boundary="m"

                --m
                Content-Type: multipart/alternative; boundary="a"

                --a
                Content-Type: text/plain; charset=utf-8

                plain words
                --a
                Content-Type: text/html

                <p>html words</p>
                --a--
                --m
                Content-Type: image/png
                Content-Disposition: attachment; filename="../../etc/photo.png"
                Content-Transfer-Encoding: base64

                iVBORw0KGgo=
                --m
                Content-Type: application/pdf; name="huge.pdf"

                %s
                --m--
                """.formatted("x".repeat(2000)));
        assertThat(mail.text()).isEqualTo("plain words");
        assertThat(mail.attachments()).hasSize(2);
        ParsedMail.Attachment photo = mail.attachments().get(0);
        assertThat(photo.filename()).isEqualTo("photo.png");
        assertThat(photo.contentType()).isEqualTo("image/png");
        assertThat(photo.data()).hasSize(8);
        ParsedMail.Attachment huge = mail.attachments().get(1);
        assertThat(huge.filename()).isEqualTo("huge.pdf");
        assertThat(huge.tooLarge()).isTrue();
        assertThat(huge.size()).isGreaterThan(1024);
    }

    @Test
    void aMultipartWithoutItsBoundaryIsRefused() {
        assertThatThrownBy(() -> parse("""
                From: a@example.net
                Content-Type: multipart/mixed; boundary="declared"

                no such boundary here
                """)).isInstanceOf(MailParser.MailFormatException.class).hasMessageContaining("boundary");
    }

    @Test
    void rawMailFindsTheMessageIdAndHashesWithoutTraceFields() {
        RawMail a = RawMail.of("Return-Path: <a@x>\r\nReceived: from a\r\n  by b\r\nMessage-ID:\r\n <id-1@x>\r\nSubject: s\r\n\r\nbody".getBytes(StandardCharsets.UTF_8));
        RawMail b = RawMail.of("Received: from c\r\nMessage-ID:\r\n <id-1@x>\r\nSubject: s\r\n\r\nbody".getBytes(StandardCharsets.UTF_8));
        assertThat(a.messageId()).isEqualTo("id-1@x");
        assertThat(a.contentHash()).isEqualTo(b.contentHash());
        assertThat(RawMail.of("garbage without header end".getBytes(StandardCharsets.UTF_8)).messageId()).isNull();
        assertThat(RawMail.of(new byte[0]).contentHash()).hasSize(32);
    }
}
