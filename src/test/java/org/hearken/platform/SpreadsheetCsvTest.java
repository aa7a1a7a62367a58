package org.hearken.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

class SpreadsheetCsvTest {

    private static List<CSVRecord> write(List<String> header, List<Object> row) throws Exception {
        StringWriter out = new StringWriter();
        try (SpreadsheetCsv csv = SpreadsheetCsv.on(out, header)) {
            csv.row(row);
        }
        return CSVFormat.RFC4180.parse(new StringReader(out.toString())).getRecords();
    }

    @Test
    void textThatASpreadsheetWouldRunAsAFormulaIsWrittenAsText() throws Exception {
        List<CSVRecord> records = write(
                List.of("=1+1", "name"),
                Arrays.asList(
                        "=HYPERLINK(\"https://evil.example\",\"click\")",
                        "+1",
                        "-2+3",
                        "@SUM(A1)",
                        "\tx",
                        "\rx",
                        "plain",
                        "a=b",
                        ""));
        assertThat(records.getFirst().toList()).containsExactly("'=1+1", "name");
        assertThat(records.get(1).toList())
                .containsExactly(
                        "'=HYPERLINK(\"https://evil.example\",\"click\")",
                        "'+1",
                        "'-2+3",
                        "'@SUM(A1)",
                        "'\tx",
                        "'\rx",
                        "plain",
                        "a=b",
                        "");
    }

    @Test
    void numbersStayNumbersEvenWhenNegative() throws Exception {
        List<CSVRecord> records =
                write(List.of("a", "b", "c", "d"), Arrays.asList(-3L, new BigDecimal("-1.50"), 1e3, null));
        assertThat(records.get(1).toList()).containsExactly("-3", "-1.50", "1000.0", "");
    }

    @Test
    void rowsEndWithCrLf() throws Exception {
        StringWriter out = new StringWriter();
        try (SpreadsheetCsv csv = SpreadsheetCsv.on(out, List.of("a"))) {
            csv.row(List.of("x, y"));
        }
        assertThat(out.toString()).isEqualTo("a\r\n\"x, y\"\r\n");
    }
}
