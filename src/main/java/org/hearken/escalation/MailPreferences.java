package org.hearken.escalation;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Which notices each member of staff also wants by e-mail, and the address it would go to. */
@Component
class MailPreferences {

    /** A person's choice: their e-mail address (null when Hearken has none, and then nothing is e-mailed) and topics. */
    record Choice(String address, Set<NoticeMail.Topic> topics) {

        boolean mailed(NoticeMail.Topic topic) {
            return topics.contains(topic);
        }
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    MailPreferences(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    Choice of(long staffId) {
        String address = jdbc.sql("select nullif(btrim(email), '') from staff_directory where id = ?")
                .param(staffId)
                .query(String.class)
                .optional()
                .orElse(null);
        Set<NoticeMail.Topic> topics = EnumSet.noneOf(NoticeMail.Topic.class);
        jdbc.sql("select kind from escalation_mail_preference where staff_id = ?")
                .param(staffId)
                .query(String.class)
                .list()
                .forEach(kind -> topics.add(NoticeMail.Topic.valueOf(kind)));
        return new Choice(address, topics);
    }

    /** Replaces the person's choice with {@code topics}; a topic chosen before keeps when it was first chosen. */
    @Transactional
    Choice choose(long staffId, Set<NoticeMail.Topic> topics) {
        List<String> names = topics.stream().map(Enum::name).toList();
        if (names.isEmpty()) {
            jdbc.sql("delete from escalation_mail_preference where staff_id = ?")
                    .param(staffId)
                    .update();
        } else {
            jdbc.sql("delete from escalation_mail_preference where staff_id = :staff and kind not in (:kinds)")
                    .param("staff", staffId)
                    .param("kinds", names)
                    .update();
        }
        for (String kind : names) {
            jdbc.sql("""
                            insert into escalation_mail_preference (staff_id, kind, chosen_at) values (?, ?, ?)
                            on conflict (staff_id, kind) do nothing""").params(staffId, kind, Timestamp.from(clock.instant())).update();
        }
        return of(staffId);
    }
}
