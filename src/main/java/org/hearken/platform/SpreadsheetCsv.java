package org.hearken.platform;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The one way Hearken writes CSV: RFC 4180 (commas, CRLF, quotes where needed) for spreadsheets, in which no cell can
 * run as a formula. Cells hold text people typed (an extension reason, a category name, a register payload), and a
 * spreadsheet runs a cell starting with {@code = + - @}, a tab or a carriage return as a formula ({@code =HYPERLINK(…)}
 * sends whoever clicks it anywhere): such text is written with a leading apostrophe, which spreadsheets show as text.
 * Numbers are written as they are, so a negative number stays a number.
 */
public final class SpreadsheetCsv implements Closeable {

    private static final String FORMULA_STARTS = "=+-@\t\r";

    private final CSVPrinter printer;

    private SpreadsheetCsv(CSVPrinter printer) {
        this.printer = printer;
    }

    /** A CSV on {@code out} whose first row is {@code header}; closing it closes {@code out}. */
    public static SpreadsheetCsv on(Writer out, Iterable<String> header) {
        try {
            SpreadsheetCsv csv = new SpreadsheetCsv(new CSVPrinter(out, CSVFormat.RFC4180));
            csv.row(header);
            return csv;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One row: null as an empty cell, numbers in plain digits, anything else as its text, neutralised. */
    public void row(Iterable<?> cells) {
        try {
            for (Object cell : cells) {
                printer.print(cell(cell));
            }
            printer.println();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String cell(Object cell) {
        if (cell == null) {
            return "";
        }
        if (cell instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (cell instanceof Number n) {
            return n.toString();
        }
        return neutralise(cell.toString());
    }

    /** Text a spreadsheet would run as a formula, prefixed with an apostrophe; any other text as it is. */
    public static String neutralise(String text) {
        return !text.isEmpty() && FORMULA_STARTS.indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
    }

    @Override
    public void close() {
        try {
            printer.close(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
