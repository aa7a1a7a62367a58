package org.hearken.reporting;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.hearken.platform.ReplicaLag;
import org.hearken.policy.Channel;
import org.hearken.policy.FeedbackKind;

/**
 * A whole report: what it covers, the headline figures and every table, by name, in the page's order; and, when read
 * from a replica, how far behind the main database it was.
 */
record Report(Scope scope, Headline headline, Map<String, Table> tables, ReplicaLag readReplica) {

    Report(Scope scope, Headline headline, Map<String, Table> tables) {
        this(scope, headline, tables, null);
    }

    Report withReadReplica(ReplicaLag lag) {
        return new Report(scope, headline, tables, lag);
    }

    /** What the report covers; {@code departments} lists the department codes it includes (null: all). */
    record Scope(
            LocalDate from,
            LocalDate to,
            String department,
            FeedbackKind kind,
            Channel channel,
            List<String> departments,
            String period,
            String timeZone,
            Instant generatedAt) {}

    Table table(String name) {
        Table t = tables.get(name);
        if (t == null) {
            throw new org.hearken.platform.NotFoundException(
                    "No report table '" + name + "'; the tables are " + tables.keySet());
        }
        return t;
    }
}
