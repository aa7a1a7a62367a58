package org.hearken.register;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Writes the register as CSV, streamed from one read-only snapshot so that a million events never sit in memory. */
@Component
class RegisterExport {

    private static final String[] HEADER = {"event_id", "chain_position", "reference", "occurred_at", "actor", "type", "payload", "hash"};

    private final JdbcClient jdbc;
    private final TransactionTemplate readOnly;

    RegisterExport(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    /**
     * The whole register; the payloads of events of a complaint about the reader are withheld (their chain rows and
     * hashes stay, so the export still proves the chain), as nobody sees a complaint about themselves.
     */
    void write(Writer out, long readerId) {
        readOnly.executeWithoutResult(status -> {
            try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(HEADER).get())) {
                jdbc.sql("""
                                select e.id, s.position, e.case_reference, e.occurred_at, e.actor, e.type,
                                       case when :reader = any(c.subject_staff) then '(withheld: about the reader)'
                                            else e.payload::text end,
                                       encode(s.hash, 'hex')
                                from register_event e left join register_seal s on s.event_id = e.id
                                left join cases c on c.reference = e.case_reference
                                order by e.id""")
                        .param("reader", readerId)
                        .withFetchSize(1000)
                        .query((rs, n) -> new Object[] {rs.getLong(1), rs.getObject(2), rs.getString(3),
                                rs.getTimestamp(4).toInstant(), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)})
                        .stream()
                        .forEach(row -> print(csv, row));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static void print(CSVPrinter csv, Object[] row) {
        try {
            for (Object cell : row) {
                csv.print(cell == null ? "" : safe(cell.toString()));
            }
            csv.println();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A cell that a spreadsheet would run as a formula is prefixed with an apostrophe (CSV injection). */
    static String safe(String cell) {
        return org.hearken.platform.CsvCells.neutralised(cell);
    }
}
