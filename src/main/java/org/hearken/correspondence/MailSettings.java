package org.hearken.correspondence;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/** The settings correspondence reads, in one place. */
@Component
class MailSettings {

    private final String smtpHost;
    private final InternetAddress from;
    private final String messageIdDomain;
    private final String organisationName;
    private final String publicUrl;
    private final boolean autoAcknowledge;
    private final Duration giveUpAfter;
    private final int maxAutomaticPerHour;

    MailSettings(
            @Value("${spring.mail.host:}") String smtpHost,
            @Value("${hearken.mail.from:hearken@localhost}") String from,
            @Value("${hearken.organisation.name:Hearken demo council}") String organisationName,
            @Value("${hearken.public-url:http://localhost:8080}") String publicUrl,
            @Value("${hearken.mail.auto-acknowledge:true}") boolean autoAcknowledge,
            @Value("${hearken.mail.give-up-after:P3D}") Duration giveUpAfter,
            @Value("${hearken.mail.max-automatic-per-hour:3}") int maxAutomaticPerHour) {
        this.maxAutomaticPerHour = maxAutomaticPerHour;
        this.smtpHost = smtpHost;
        try {
            this.from = new InternetAddress(from, true);
        } catch (AddressException e) {
            throw new IllegalStateException(
                    "hearken.mail.from (HEARKEN_MAIL_FROM) is not an e-mail address: " + from, e);
        }
        String address = this.from.getAddress();
        this.messageIdDomain = address.substring(address.lastIndexOf('@') + 1);
        this.organisationName = organisationName;
        this.publicUrl = publicUrl;
        this.autoAcknowledge = autoAcknowledge;
        this.giveUpAfter = giveUpAfter;
    }

    boolean smtpConfigured() {
        return StringUtils.hasText(smtpHost);
    }

    InternetAddress from() {
        return from;
    }

    String messageIdDomain() {
        return messageIdDomain;
    }

    /** A new Message-ID, fixed when a message is queued so that every retry carries it. */
    String newMessageId() {
        return "<hk-" + java.util.UUID.randomUUID() + "@" + messageIdDomain + ">";
    }

    String organisationName() {
        return organisationName;
    }

    String publicUrl() {
        return publicUrl;
    }

    boolean autoAcknowledge() {
        return autoAcknowledge;
    }

    Duration giveUpAfter() {
        return giveUpAfter;
    }

    /** At most this many automatic e-mails to one address an hour, so two auto-responders cannot loop. */
    int maxAutomaticPerHour() {
        return maxAutomaticPerHour;
    }
}
