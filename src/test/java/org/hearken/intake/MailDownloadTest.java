package org.hearken.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The download stops at the size limit even when the server understated the size it gave before. */
class MailDownloadTest {

    private static final String HEADER = "From: a@example.net\r\nSubject: Big\r\n\r\n";

    private static MimeMessage message(int bodyBytes) throws Exception {
        String raw = HEADER + "x".repeat(bodyBytes);
        return new MimeMessage(
                Session.getInstance(new Properties()),
                new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII))) {
            @Override
            public int getSize() {
                return 10; // what a server that understates the size would say
            }
        };
    }

    @Test
    void aMessageWithinTheLimitIsDownloadedWhole() throws Exception {
        assertThat(MailPoller.download(message(1000), 2000)).hasSize(HEADER.length() + 1000);
    }

    @Test
    void aMessagePastTheLimitStopsTheDownloadAsTooLarge() throws Exception {
        Throwable thrown = catchThrowable(() -> MailPoller.download(message(100_000), 2000));
        assertThat(MailPoller.tooLarge(thrown)).as(String.valueOf(thrown)).isTrue();
        assertThat(MailPoller.tooLarge(new java.io.IOException("the connection dropped")))
                .isFalse();
    }

    @Test
    void sizesAreWrittenAsPeopleReadThem() {
        assertThat(MailPoller.megabytes(25L * 1024 * 1024)).isEqualTo("25 MB");
        assertThat(MailPoller.megabytes(1_258_291)).isEqualTo("1.2 MB");
        assertThat(MailPoller.megabytes(300 * 1024)).isEqualTo("300 KB");
        assertThat(MailPoller.megabytes(10)).isEqualTo("1 KB");
    }
}
