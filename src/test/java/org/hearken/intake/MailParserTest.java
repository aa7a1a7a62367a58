package org.hearken.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
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
    @CsvSource(
            delimiter = '|',
            value = {
                "Auto-Submitted: auto-replied|Auto-Submitted",
                "Auto-Submitted: auto-generated (vacation)|Auto-Submitted",
                "Precedence: bulk|Precedence",
                "Precedence: auto_reply|Precedence",
                "X-Autoreply: yes|X-Autoreply",
                "X-Autorespond: yes|X-Autorespond",
                "Return-Path: <>|Return-Path",
                "Content-Type: multipart/report; report-type=delivery-status; boundary=x|multipart/report",
            })
    void recognisesAutomaticMail(String header, String reason) {
        ParsedMail mail = parse("From: someone@example.net\n" + header + "\nSubject: Away\n\n--x--\n");
        assertThat(mail.automatic()).contains(reason);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"All", "OOF, AutoReply", "DR, RN, NRN"})
    void xAutoResponseSuppressAloneIsMailFromAPersonThatAsksForNoAutomaticAnswer(String value) {
        // What Outlook puts on ordinary mail: it asks not to be answered automatically; a person still wrote it.
        ParsedMail mail = parse(
                "From: Ada <ada@example.net>\nX-Auto-Response-Suppress: " + value + "\nSubject: Bins\n\nThe bins.\n");
        assertThat(mail.automatic()).isNull();
        assertThat(mail.text()).isEqualTo("The bins.");
        assertThat(mail.noAutomaticAnswer()).isEqualTo("X-Auto-Response-Suppress: " + value);
        assertThat(parse("From: a@example.net\nX-Auto-Response-Suppress: None\n\nHi\n")
                        .noAutomaticAnswer())
                .isNull();
        assertThat(parse("From: a@example.net\n\nHi\n").noAutomaticAnswer()).isNull();
    }

    @Test
    void autoSubmittedNoAndOrdinaryPrecedenceAreFromPeople() {
        assertThat(parse("From: a@example.net\nAuto-Submitted: no\nPrecedence: normal\n\nHi\n")
                        .automatic())
                .isNull();
        assertThat(parse("From: a@example.net\nReturn-Path: <a@example.net>\n\nHi\n")
                        .automatic())
                .isNull();
    }

    @Test
    void mailerDaemonAndPostmasterAreAutomatic() {
        assertThat(parse("From: MAILER-DAEMON@mx.example.net\n\nfailed\n").automatic())
                .contains("mailer-daemon");
        assertThat(parse("From: Postmaster <postmaster@example.net>\n\nfailed\n")
                        .automatic())
                .contains("postmaster");
    }

    @Test
    void namesWithLineBreaksAndControlCharactersBecomeOneLine() {
        ParsedMail mail = parse(
                "From: =?UTF-8?Q?Bob=0D=0ABcc=3A_x=40example.org=07?= <bob@example.net>\nSubject: =?UTF-8?Q?a=0Ab?=\n\nHi\n");
        assertThat(mail.fromName()).isEqualTo("Bob Bcc: x@example.org");
        assertThat(mail.subject()).isEqualTo("a b");
        assertThat(MailParser.displayName("\u202Eevil\u202C  name", "a@b.c")).isEqualTo("evil name");
        assertThat(MailParser.displayName("  ", "a@b.c")).isEqualTo("a@b.c");
        assertThat(MailParser.displayName("x".repeat(300), "a@b.c")).hasSize(200);
    }

    @Test
    void aSenderWithoutUsableAddressIsNull() {
        assertThat(parse("From: not an address\nSubject: x\n\nHi\n").fromAddress())
                .isNull();
        assertThat(parse("From: bad\nReply-To: good@example.net\n\nHi\n").fromAddress())
                .isEqualTo("good@example.net");
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
        assertThat(MailParser.decode(bytes, declared.isEmpty() ? null : declared))
                .isEqualTo(text);
    }

    @Test
    void undeclaredOrMislabelledUtf8IsReadAsUtf8WhenValid() {
        byte[] utf8 = "Grüße".getBytes(StandardCharsets.UTF_8);
        assertThat(MailParser.decode(utf8, null)).isEqualTo("Grüße");
        assertThat(MailParser.decode(utf8, "us-ascii")).isEqualTo("Grüße");
        assertThat(MailParser.decode("Grüße".getBytes(Charset.forName("windows-1252")), "utf-8"))
                .isEqualTo("Grüße");
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
        assertThat(MailParser.cleanText("x".repeat(30_000)))
                .hasSize(MailParser.MAX_TEXT)
                .endsWith("as it was received.]");
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
                """))
                .isInstanceOf(MailParser.MailFormatException.class)
                .hasMessageContaining("boundary");
    }

    // ---- hostile input: every step takes time in proportion to the size of the message ----------------------------
    // The timeouts are guards, so that a step that turns quadratic again fails the build instead of stalling it for
    // hours;
    // what the tests check is the text that comes out. Each input took from minutes to hours before these steps were
    // linear.

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aLineOf300000SpacesIsCleanedLikeAnyOther() {
        String spaces = " ".repeat(300_000);
        assertThat(MailParser.cleanText("Please help." + spaces + "\nThe bin." + spaces + "\t\n\n\n\nThanks"))
                .isEqualTo("Please help.\nThe bin.\n\nThanks");
        // Inside a line the spaces stand between words: kept, and the text shortened to the limit like any long text.
        String shortened = "\n\n[Shortened: the full message is kept as it was received.]";
        assertThat(MailParser.cleanText("Please help." + spaces + "Thanks")).isEqualTo("Please help." + shortened);

        ParsedMail mail =
                parse("From: a@example.net\nSubject: Spaces\n\nPlease help." + spaces + "\nThe bin." + spaces + "x\n");
        assertThat(mail.text()).isEqualTo("Please help.\nThe bin." + shortened);
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aFourMegabyteBodyOfSpacesTabsAndBlankLinesIsCleanedLikeAnyOther() {
        String body = "Dear council," + " \t".repeat(700_000) + "\n" + "\n \t \n".repeat(100_000)
                + "The bin was missed." + " ".repeat(1_000_000) + "\nAda" + " ".repeat(900_000);
        String expected = "Dear council,\n\nThe bin was missed.\nAda";
        assertThat(MailParser.cleanText(body)).isEqualTo(expected);
        assertThat(MailParser.cleanText(body.replace("\n", "\r\n"))).isEqualTo(expected);

        String raw = "From: a@example.net\nSubject: Big\nContent-Type: text/plain; charset=utf-8\n\n" + body;
        assertThat(raw.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8).length)
                .isBetween(4_000_000, 4 * 1024 * 1024);
        assertThat(parse(raw).text()).isEqualTo(expected);
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aReferencesHeaderOfAHundredThousandIdsKeepsTheLastFiftyDistinctOnes() {
        StringBuilder references = new StringBuilder("References:");
        for (int i = 0; i < 100_000; i++) {
            references.append(" <id-").append(i).append("@example.net>");
        }
        references.append(" <id-99999@example.net> <id-5@example.net>");
        ParsedMail mail = parse("From: a@example.net\n" + references + "\nSubject: Re: bins\n\nHi\n");
        List<String> expected = new ArrayList<>();
        for (int i = 99_950; i < 100_000; i++) {
            expected.add("id-" + i + "@example.net");
        }
        assertThat(mail.references()).containsExactlyElementsOf(expected);
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aRunOfHundredsOfThousandsOfCombiningMarksIsCutToThirtyAndNormalised() {
        String zalgo = "e" + "\u0301".repeat(150_000) + "\u0316".repeat(150_000) + " done";
        // NFC: e and the first acute accent compose; the rest of the run of thirty stays as it was.
        String expected = "\u00e9" + "\u0301".repeat(29) + " done";
        assertThat(MailParser.cleanText(zalgo)).isEqualTo(expected);
        assertThat(MailParser.singleLine(zalgo)).isEqualTo(expected);
        assertThat(parse("From: a@example.net\nContent-Type: text/plain; charset=utf-8\n\n" + zalgo)
                        .text())
                .isEqualTo(expected);
        // Real text never comes near the limit: a Vietnamese letter with two marks is untouched.
        assertThat(MailParser.cleanText("Vie\u0323\u0302t")).isEqualTo("Vi\u1ec7t");
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void deeplyNestedHtmlKeepsItsWords() {
        String html = "<div>".repeat(200_000) + "Deep words" + "</div>".repeat(200_000) + "<p>After</p>";
        assertThat(MailParser.cleanText(MailParser.htmlToText(html)))
                .isEqualTo(MailParser.cleanText(MailParser.htmlToText("<div>Deep words</div><p>After</p>")))
                .isEqualTo("Deep words\nAfter");
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aSenderHeaderOfHundredsOfThousandsOfBracketsIsNotReadForAnAddress() {
        // The address parser's time grows with the square of such a run (minutes for this one).
        assertThat(parse("From: " + "(".repeat(200_000) + "a@example.net\nSubject: x\n\nHi\n")
                        .fromAddress())
                .isNull();
        assertThat(parse("From: " + "<".repeat(200_000) + "a@example.net\nReply-To: Ada <ada@example.net>\n\nHi\n")
                        .fromAddress())
                .isEqualTo("ada@example.net");
        assertThat(parse("From: " + "Ada Citizen ".repeat(300) + "<ada@example.net>\n\nHi\n")
                        .fromAddress())
                .isEqualTo("ada@example.net");
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aSubjectOrFileNameOfThousandsOfEncodedWordsIsDecodedAsFarAsItIsKept() {
        String words = "=?utf-8?q?caf=C3=A9?= ".repeat(20_000);
        ParsedMail mail =
                parse("From: a@example.net\nSubject: " + words + "\nContent-Type: multipart/mixed; boundary=b\n\n"
                        + "--b\nContent-Type: text/plain\n\nHi\n--b\nContent-Type: application/pdf\nContent-Disposition: attachment; filename=\""
                        + words + "\"\n\nx\n--b--\n");
        assertThat(mail.subject()).isEqualTo("café".repeat(50));
        assertThat(mail.attachments().getFirst().filename())
                .hasSize(MailParser.MAX_FILENAME)
                .startsWith("cafécafé");
    }

    @Test
    void aRunOfQuotedPrintableSoftLineBreaksIsRefusedInsteadOfEndingTheThreadThatReadsIt() {
        // The mail library decodes each soft line break of a run by calling itself again: a stack overflow, not an
        // exception.
        // On a thread with a small stack, so that the overflow happens whatever the default stack size.
        String raw =
                "From: a@example.net\nContent-Transfer-Encoding: quoted-printable\n\n" + "=\n".repeat(100_000) + "x\n";
        Throwable[] thrown = new Throwable[1];
        Thread reader = new Thread(
                null,
                () -> {
                    try {
                        parse(raw);
                    } catch (Throwable t) {
                        thrown[0] = t;
                    }
                },
                "small-stack",
                256 * 1024);
        reader.start();
        assertThatCode(() -> reader.join()).doesNotThrowAnyException();
        assertThat(thrown[0]).isInstanceOf(MailParser.MailFormatException.class).hasMessageContaining("cannot be read");
        assertThat(parse("From: a@example.net\nContent-Transfer-Encoding: quoted-printable\n\nGr=C3=BC=\n=C3=9Fe\n")
                        .text())
                .isEqualTo("Grüße");
    }

    @Test
    void aMessageWithThousandsOfPartsIsRefused() {
        StringBuilder raw = new StringBuilder("From: a@example.net\nContent-Type: multipart/mixed; boundary=\"b\"\n\n");
        for (int i = 0; i < MailParser.MAX_PARTS + 1; i++) {
            raw.append("--b\nContent-Type: text/plain\n\npart ").append(i).append('\n');
        }
        raw.append("--b--\n");
        assertThatThrownBy(() -> parse(raw.toString()))
                .isInstanceOf(MailParser.MailFormatException.class)
                .hasMessage("The message has more than " + MailParser.MAX_PARTS + " parts.");
    }

    @Test
    void readingStopsWithTheReasonOnceTheBudgetHasRunOut() {
        byte[] raw = "From: a@example.net\r\nSubject: Hi\r\n\r\nHello\r\n".getBytes(StandardCharsets.UTF_8);
        assertThat(parser.parse(raw, MailDeadline.after(Duration.ofMinutes(1))).text())
                .isEqualTo("Hello");
        assertThatThrownBy(() -> parser.parse(raw, MailDeadline.after(Duration.ZERO)))
                .isInstanceOf(MailDeadline.Exceeded.class)
                .isInstanceOf(MailParser.MailFormatException.class)
                .hasMessage(
                        "Reading the message took longer than its time budget of 0 s (hearken.intake.mail.message-budget),"
                                + " so it was set aside and the messages behind it went on.");
        // Text read through the deadline's guards stops part-way once the budget is gone, as a regular expression reads
        // it.
        MailDeadline spent = MailDeadline.after(Duration.ZERO);
        CharSequence guarded = spent.guard("x".repeat(10_000));
        assertThatThrownBy(() ->
                        java.util.regex.Pattern.compile("y").matcher(guarded).find())
                .isInstanceOf(MailDeadline.Exceeded.class);
        assertThatThrownBy(() -> spent.guard(new java.io.StringReader("x")).read())
                .isInstanceOf(MailDeadline.Exceeded.class);
    }

    @Test
    void rawMailFindsTheMessageIdAndHashesWithoutTraceFields() {
        RawMail a = RawMail.of(
                "Return-Path: <a@x>\r\nReceived: from a\r\n  by b\r\nMessage-ID:\r\n <id-1@x>\r\nSubject: s\r\n\r\nbody"
                        .getBytes(StandardCharsets.UTF_8));
        RawMail b = RawMail.of("Received: from c\r\nMessage-ID:\r\n <id-1@x>\r\nSubject: s\r\n\r\nbody"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(a.messageId()).isEqualTo("id-1@x");
        assertThat(a.contentHash()).isEqualTo(b.contentHash());
        assertThat(RawMail.of("garbage without header end".getBytes(StandardCharsets.UTF_8))
                        .messageId())
                .isNull();
        assertThat(RawMail.of(new byte[0]).contentHash()).hasSize(32);
    }
}
