package org.hearken.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import org.hearken.identity.Role;
import org.hearken.support.FormSession;
import org.hearken.support.IntegrationTest;
import org.junit.jupiter.api.Test;

/** The mailboxes page: configured mailboxes with what came in, and quarantined e-mail to download. */
class MailboxPagesIT extends IntegrationTest {

    @Test
    void administratorsSeeTheMailboxesAndDownloadQuarantinedEmail() throws Exception {
        Dept dept = department();
        String admin = staffWithoutDepartment(Role.ADMIN);
        String mailbox = "page-test-" + unique();
        byte[] raw = ("From: someone@example.net\r\nSubject: <b>broken</b>\r\n\r\nbody " + unique())
                .getBytes(StandardCharsets.UTF_8);
        long id = jdbc.sql("""
                        insert into intake_mail (mailbox, uid_validity, uid, message_id, content_hash, raw, size, fetched_at, status, problem)
                        values (?, 1, 1, ?, sha256(?), ?, ?, ?, 'QUARANTINED', ?) returning id""")
                .params(
                        mailbox,
                        "<" + unique() + "@example.net>",
                        raw,
                        raw,
                        raw.length,
                        Timestamp.from(clock.instant()),
                        "The message could not be parsed: <b>bad MIME</b>")
                .query(Long.class)
                .single();

        FormSession administrator = FormSession.signedIn(port, admin, PASSWORD);
        FormSession.Page page = administrator.get("/admin/mailboxes");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .contains(mailbox, "no longer configured")
                .contains("The message could not be parsed: &lt;b&gt;bad MIME&lt;/b&gt;")
                .contains("href=\"/admin/mailboxes/quarantine/" + id + "/raw\"");
        FormSession.Page download = administrator.get("/admin/mailboxes/quarantine/" + id + "/raw");
        assertThat(download.bytes()).isEqualTo(raw);
        assertThat(download.header("Content-Disposition")).startsWith("attachment");

        FormSession lead = FormSession.signedIn(port, dept.lead, PASSWORD);
        assertThat(lead.get("/admin/mailboxes").status()).isEqualTo(403);
        assertThat(lead.get("/admin/mailboxes/quarantine/" + id + "/raw").status())
                .isEqualTo(403);
    }

    @Test
    void administratorsDismissQuarantinedEmailFromThePageAndARetryThatStillFailsSaysWhy() throws Exception {
        String admin = staffWithoutDepartment(Role.ADMIN);
        String mailbox = "page-action-" + unique();
        byte[] raw = "this is not a MIME message at all".getBytes(StandardCharsets.UTF_8);
        long id = jdbc.sql("""
                        insert into intake_mail (mailbox, uid_validity, uid, message_id, content_hash, raw, size, fetched_at, status, problem)
                        values (?, 1, 1, null, sha256(?), ?, ?, ?, 'QUARANTINED', 'unreadable') returning id""")
                .params(mailbox, raw, raw, raw.length, Timestamp.from(clock.instant()))
                .query(Long.class)
                .single();

        FormSession administrator = FormSession.signedIn(port, admin, PASSWORD);
        FormSession.Page refused =
                administrator.postWithoutCsrf("/admin/mailboxes/quarantine/" + id + "/dismiss", "reason", "spam");
        assertThat(refused.status()).as("without a CSRF token").isEqualTo(403);
        assertThat(status(id)).isEqualTo("QUARANTINED");

        administrator.get("/admin/mailboxes");
        FormSession.Page dismissed =
                administrator.post("/admin/mailboxes/quarantine/" + id + "/dismiss", "reason", "spam");
        assertThat(dismissed.status()).isEqualTo(302);
        assertThat(dismissed.location()).isEqualTo("/admin/mailboxes");
        assertThat(status(id)).isEqualTo("DISMISSED");
        assertThat(jdbc.sql("select count(*) from intake_mail_action where mail_id = ?")
                        .param(id)
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
    }

    private String status(long id) {
        return jdbc.sql("select status from intake_mail where id = ?")
                .param(id)
                .query(String.class)
                .single();
    }
}
