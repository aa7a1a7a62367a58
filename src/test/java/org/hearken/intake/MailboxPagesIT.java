package org.hearken.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hearken.support.WebPages.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import org.hearken.identity.Role;
import org.hearken.support.IntegrationTest;
import org.hearken.support.WebPages;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.context.WebApplicationContext;

/** The mailboxes page: configured mailboxes with what came in, and quarantined e-mail to download. */
class MailboxPagesIT extends IntegrationTest {

    @Autowired
    WebApplicationContext context;

    @Test
    void administratorsSeeTheMailboxesAndDownloadQuarantinedEmail() throws Exception {
        WebPages pages = WebPages.of(context);
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

        MockHttpServletResponse page = pages.mvc
                .perform(get("/admin/mailboxes").with(pages.as(admin)))
                .andReturn()
                .getResponse();

        assertThat(page.getStatus()).isEqualTo(200);
        assertThat(page.getContentAsString())
                .contains(mailbox, "no longer configured")
                .contains("The message could not be parsed: &lt;b&gt;bad MIME&lt;/b&gt;")
                .contains("href=\"/admin/mailboxes/quarantine/" + id + "/raw\"");
        MockHttpServletResponse download = pages.mvc
                .perform(get("/admin/mailboxes/quarantine/" + id + "/raw").with(pages.as(admin)))
                .andReturn()
                .getResponse();
        assertThat(download.getContentAsByteArray()).isEqualTo(raw);
        assertThat(download.getHeader("Content-Disposition")).startsWith("attachment");

        assertThat(pages.mvc
                        .perform(get("/admin/mailboxes").with(pages.as(dept.lead)))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isEqualTo(403);
        assertThat(pages.mvc
                        .perform(get("/admin/mailboxes/quarantine/" + id + "/raw")
                                .with(pages.as(dept.lead)))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isEqualTo(403);
    }

    @Test
    void administratorsDismissQuarantinedEmailFromThePageAndARetryThatStillFailsSaysWhy() throws Exception {
        WebPages pages = WebPages.of(context);
        String admin = staffWithoutDepartment(Role.ADMIN);
        String mailbox = "page-action-" + unique();
        byte[] raw = "this is not a MIME message at all".getBytes(StandardCharsets.UTF_8);
        long id = jdbc.sql("""
                        insert into intake_mail (mailbox, uid_validity, uid, message_id, content_hash, raw, size, fetched_at, status, problem)
                        values (?, 1, 1, null, sha256(?), ?, ?, ?, 'QUARANTINED', 'unreadable') returning id""")
                .params(mailbox, raw, raw, raw.length, Timestamp.from(clock.instant()))
                .query(Long.class)
                .single();

        MockHttpServletResponse refused = pages.mvc
                .perform(post("/admin/mailboxes/quarantine/" + id + "/dismiss")
                        .param("reason", "spam")
                        .with(pages.as(admin)))
                .andReturn()
                .getResponse();
        assertThat(refused.getStatus()).as("without a CSRF token").isEqualTo(403);
        assertThat(status(id)).isEqualTo("QUARANTINED");

        MockHttpServletResponse dismissed = pages.mvc
                .perform(post("/admin/mailboxes/quarantine/" + id + "/dismiss")
                        .param("reason", "spam")
                        .with(pages.as(admin))
                        .with(csrf()))
                .andReturn()
                .getResponse();
        assertThat(dismissed.getStatus()).isEqualTo(302);
        assertThat(dismissed.getRedirectedUrl()).isEqualTo("/admin/mailboxes");
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
