package org.hearken.correspondence;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.hearken.identity.AccountMail;
import org.springframework.stereotype.Component;

/**
 * E-mail to a member of staff about their own account, through the staff outbox ({@link StaffMail}): sent after the
 * change that asks for it commits, retried like every e-mail, and forgetting the link it carries once the mail server
 * has accepted it ({@link PrivateLinks}).
 */
@Component
class StaffAccountMail implements AccountMail {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern(
                    "d MMMM yyyy 'at' HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private final StaffMail mail;
    private final MailSettings settings;

    StaffAccountMail(StaffMail mail, MailSettings settings) {
        this.mail = mail;
        this.settings = settings;
    }

    @Override
    public boolean sendPasswordLink(long staffId, String address, String fullName, String link, Instant expiresAt) {
        if (!settings.smtpConfigured()) {
            return false;
        }
        mail.queueAboutAccount(staffId, address, "Set a new password for Hearken", """
                Dear %s,

                An administrator has made a link for you to set a new password for Hearken:

                %s

                It works once, until %s. Setting a password with it signs you out everywhere.

                If you did not ask for a new password, tell an administrator.
                """.formatted(
                        fullName, link, TIME.format(expiresAt)));
        return true;
    }
}
