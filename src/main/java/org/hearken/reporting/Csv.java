package org.hearken.reporting;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.hearken.platform.SpreadsheetCsv;

/**
 * A report table as CSV for spreadsheets ({@link SpreadsheetCsv}: RFC 4180, no cell runs as a formula), UTF-8 with a
 * byte order mark so that spreadsheets read it as UTF-8, a header row of the column names, numbers as plain digits (no
 * separators, no % sign; percentages as 0–100 with one decimal) and empty cells where the page shows "–".
 */
final class Csv {

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private Csv() {}

    static byte[] of(Table table) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            out.write(BOM);
            try (SpreadsheetCsv csv = SpreadsheetCsv.on(
                    new OutputStreamWriter(out, StandardCharsets.UTF_8),
                    table.columns().stream().map(Table.Column::label).toList())) {
                table.rows().forEach(csv::row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A cell as the page and the review pack write it. */
    static String cell(Object cell) {
        if (cell == null) {
            return "";
        }
        if (cell instanceof BigDecimal d) {
            return d.toPlainString();
        }
        return cell.toString();
    }

    static String filename(Table table, ReportFilter f) {
        return "hearken-" + table.name() + "-" + f.from() + "-to-" + f.to() + ".csv";
    }
}
