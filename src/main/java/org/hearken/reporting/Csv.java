package org.hearken.reporting;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A report table as CSV for spreadsheets: RFC 4180 (commas, CRLF, quotes where needed), UTF-8 with a byte order mark
 * so that spreadsheets read it as UTF-8, a header row of the column names, numbers as plain digits (no separators, no
 * % sign; percentages as 0–100 with one decimal) and empty cells where the page shows "–".
 */
final class Csv {

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private Csv() {}

    static byte[] of(Table table) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            out.write(BOM);
            try (Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                 CSVPrinter csv = new CSVPrinter(writer, CSVFormat.RFC4180)) {
                csv.printRecord(table.columns().stream().map(Table.Column::label).toList());
                for (List<Object> row : table.rows()) {
                    List<String> cells = new ArrayList<>(row.size());
                    for (Object cell : row) {
                        cells.add(cell(cell));
                    }
                    csv.printRecord(cells);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

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
