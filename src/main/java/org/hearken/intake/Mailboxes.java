package org.hearken.intake;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** The IMAP mailboxes e-mail is taken in from ({@code hearken.mailboxes[n].*}); none configured means no e-mail intake. */
@ConfigurationProperties("hearken")
record Mailboxes(@DefaultValue List<Mailbox> mailboxes) {

    Mailboxes {
        mailboxes = mailboxes == null ? List.of() : List.copyOf(mailboxes);
        Set<String> names = new HashSet<>();
        for (Mailbox m : mailboxes) {
            if (!names.add(m.name())) {
                throw new IllegalArgumentException(
                        "hearken.mailboxes: two mailboxes are called '" + m.name() + "'; give each a unique name");
            }
        }
    }

    Optional<Mailbox> named(String name) {
        return mailboxes.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /**
     * One mailbox. {@code name} identifies it in Hearken's records (default: username@host, plus the folder when it is
     * not INBOX): renaming it makes Hearken treat it as a new mailbox. {@code department} is the code of the department
     * its cases go to (default: the organisation's default department).
     */
    record Mailbox(
            String name,
            String host,
            Integer port,
            boolean ssl,
            String username,
            String password,
            String folder,
            String processedFolder,
            String department) {

        Mailbox {
            if (host == null || host.isBlank() || username == null || username.isBlank()) {
                throw new IllegalArgumentException("hearken.mailboxes: every mailbox needs a host and a username");
            }
            folder = folder == null || folder.isBlank() ? "INBOX" : folder.strip();
            port = port == null || port <= 0 ? (ssl ? 993 : 143) : port;
            password = password == null ? "" : password;
            processedFolder = processedFolder == null || processedFolder.isBlank() ? null : processedFolder.strip();
            department = department == null || department.isBlank() ? null : department.strip();
            name = name == null || name.isBlank()
                    ? username.strip() + "@" + host.strip() + (folder.equals("INBOX") ? "" : "/" + folder)
                    : name.strip();
        }

        @Override
        public String toString() {
            // Never the password: mailboxes appear in log messages.
            return name + " (" + username + "@" + host + ":" + port + "/" + folder + ")";
        }
    }
}
