package org.hearken.imports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A CSV file of cases as read: its header row and its rows, numbered as a spreadsheet numbers them (the header is row
 * 1). Bounded before anything is kept: the file's size, the number of rows and of columns; a file that is not text in
 * the chosen encoding, or not CSV, is refused whole with a message that says why.
 */
record CsvFile(List<String> header, List<List<String>> rows) {

    /** What an import accepts at most. */
    record Limits(int maxBytes, int maxRows, int maxColumns) {
        static final Limits DEFAULT = new Limits(10 * 1024 * 1024, 50_000, 60);
    }

    /** The file as a whole cannot be imported. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    /** The encodings a file may be in: UTF-8 (with or without a byte order mark) and Windows-1252. */
    static final List<String> ENCODINGS = List.of("UTF-8", "windows-1252");

    /** The number of the row that {@code rows().get(i)} is, as a spreadsheet shows it. */
    static int rowNumber(int index) {
        return index + 2;
    }

    static CsvFile read(byte[] bytes, String encoding, Limits limits) {
        if (bytes.length == 0) {
            throw new Refused("The file is empty.");
        }
        if (bytes.length > limits.maxBytes()) {
            throw new Refused(
                    "The file is " + megabytes(bytes.length) + "; at most " + megabytes(limits.maxBytes())
                            + " can be imported at once. Split it into smaller files: importing them one after another is safe.");
        }
        String text = decode(bytes, encoding);
        if (text.indexOf('\0') >= 0) {
            throw new Refused("The file contains NUL characters, so it is not a CSV text file.");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        CSVFormat format = CSVFormat.RFC4180
                .builder()
                .setDelimiter(delimiter(text))
                .setIgnoreEmptyLines(true)
                .get();
        List<String> header = null;
        List<List<String>> rows = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(text, format)) {
            for (CSVRecord record : parser) {
                if (record.size() > limits.maxColumns()) {
                    throw new Refused("Row " + (header == null ? 1 : rowNumber(rows.size())) + " has " + record.size()
                            + " columns; at most " + limits.maxColumns() + " can be read.");
                }
                if (header == null) {
                    header = headerOf(record.toList());
                } else if (rows.size() == limits.maxRows()) {
                    throw new Refused("The file has more than " + String.format(Locale.ENGLISH, "%,d", limits.maxRows())
                            + " rows; split it into smaller files: importing them one after another is safe.");
                } else {
                    rows.add(record.toList());
                }
            }
        } catch (UncheckedIOException | IllegalStateException | IOException e) {
            throw new Refused("The file is not valid CSV: " + plain(e)
                    + ". Check that every quoted cell ends with a closing quote.");
        }
        if (header == null) {
            throw new Refused("The file has no header row.");
        }
        if (rows.isEmpty()) {
            throw new Refused("The file has a header row but no cases.");
        }
        return new CsvFile(header, rows);
    }

    private static String decode(byte[] bytes, String encoding) {
        Charset charset = Charset.forName(ENCODINGS.contains(encoding) ? encoding : "UTF-8");
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new Refused(
                    "The file is not " + charset.name() + " text. Save it from the spreadsheet as \"CSV UTF-8\""
                            + ", or choose the encoding it was saved in.");
        }
    }

    /** Comma, semicolon or tab: whichever the first line has most of (a comma when it has none). */
    private static char delimiter(String text) {
        int end = text.indexOf('\n');
        String first = end < 0 ? text : text.substring(0, end);
        char best = ',';
        long most = first.chars().filter(c -> c == ',').count();
        for (char c : new char[] {';', '\t'}) {
            long n = first.chars().filter(x -> x == c).count();
            if (n > most) {
                best = c;
                most = n;
            }
        }
        return best;
    }

    /** The header's names, stripped; a column without one is called "Column N". */
    private static List<String> headerOf(List<String> cells) {
        List<String> names = new ArrayList<>(cells.size());
        for (int i = 0; i < cells.size(); i++) {
            String name = cells.get(i).strip();
            names.add(name.isEmpty() ? "Column " + (i + 1) : name);
        }
        return names;
    }

    private static String plain(Exception e) {
        String message = e.getMessage() == null ? "it could not be read" : e.getMessage();
        int cut = message.lastIndexOf(": ");
        message = cut >= 0 && message.contains("IOException") ? message.substring(cut + 2) : message;
        return message.length() > 200 ? message.substring(0, 200) : message;
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ENGLISH, "%.1f MB", bytes / (1024.0 * 1024.0));
    }
}
