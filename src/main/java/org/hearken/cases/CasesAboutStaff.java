package org.hearken.cases;

import java.util.Collection;
import java.util.Set;
import org.hearken.audit.CasesAboutReader;
import org.hearken.identity.StaffDirectory;
import org.hearken.identity.StaffMember;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Tells the audit log which cases are complaints about its reader, so that it withholds their entries from them. */
@Component
class CasesAboutStaff implements CasesAboutReader {

    private final JdbcClient jdbc;
    private final StaffDirectory directory;

    CasesAboutStaff(JdbcClient jdbc, StaffDirectory directory) {
        this.jdbc = jdbc;
        this.directory = directory;
    }

    @Override
    public Set<String> about(String username, Collection<String> references) {
        var reader = directory.staffByUsername(username).map(StaffMember::id);
        if (reader.isEmpty() || references.isEmpty()) {
            return Set.of();
        }
        return Set.copyOf(jdbc.sql("select reference from cases where reference in (:references) and :reader = any(subject_staff)")
                .param("references", references)
                .param("reader", reader.get())
                .query(String.class)
                .list());
    }
}
