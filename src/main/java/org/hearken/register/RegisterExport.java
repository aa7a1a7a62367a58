package org.hearken.register;

import java.io.Writer;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.hearken.platform.SpreadsheetCsv;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Writes the register as CSV, streamed from one read-only snapshot so that a million events never sit in memory. */
@Component
class RegisterExport {

    /** Last, what a seal of hash version 2 also covers: the case id (see RegisterChain). */
    private static final List<String> HEADER = List.of(
            "event_id",
            "chain_position",
            "reference",
            "occurred_at",
            "actor",
            "type",
            "payload",
            "hash",
            "hash_version",
            "case_id");

    private final JdbcClient jdbc;
    private final TransactionTemplate readOnly;

    RegisterExport(org.hearken.platform.ReadDatabase read) {
        this.jdbc = read.jdbc();
        this.readOnly = new TransactionTemplate(read.transactions());
        this.readOnly.setReadOnly(true);
    }

    /**
     * The whole register; of the events of a complaint about the reader ({@code aboutReader}: those cases' ids, from the
     * cases module) only the chain position, time and hash are given (reference, actor, type, payload and case id are
     * withheld), as nobody sees a complaint about themselves, not even which case it is. The rows stay, so the export
     * still shows the chain has no gap.
     */
    void write(Writer out, List<Long> aboutReader) {
        readOnly.executeWithoutResult(status -> {
            try (SpreadsheetCsv csv = SpreadsheetCsv.on(out, HEADER);
                    Stream<Object[]> rows = jdbc
                            .sql("""
                                 select e.id, s.position, case when w.about then '(withheld)' else e.case_reference end,
                                        e.occurred_at, case when w.about then '(withheld)' else e.actor end,
                                        case when w.about then '(withheld)' else e.type end,
                                        case when w.about then '(withheld: about the reader)' else e.payload::text end,
                                        encode(s.hash, 'hex'), s.hash_version, case when w.about then null else e.case_id end
                                 from register_event e left join register_seal s on s.event_id = e.id
                                 cross join lateral (select e.case_id = any(:about) as about) w
                                 order by e.id""")
                            .param("about", aboutReader.toArray(Long[]::new))
                            .withFetchSize(1000)
                            .query((rs, n) -> new Object[] {
                                rs.getLong(1),
                                rs.getObject(2),
                                rs.getString(3),
                                rs.getTimestamp(4).toInstant(),
                                rs.getString(5),
                                rs.getString(6),
                                rs.getString(7),
                                rs.getString(8),
                                rs.getObject(9),
                                rs.getObject(10)
                            })
                            .stream()) {
                rows.forEach(row -> csv.row(Arrays.asList(row)));
            }
        });
    }
}
