package org.hearken.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.hearken.cases.CaseStatus;
import org.hearken.cases.Outcome;
import org.hearken.policy.Channel;
import org.hearken.policy.FeedbackKind;
import org.junit.jupiter.api.Test;

/** Reading the file and its rows: pure, no database. */
class RowReaderTest {

    static final Instant NOW = Instant.parse("2026-11-25T00:00:00Z");
    static final List<String> HEADER = List.of(
            "Case No",
            "Type",
            "Received via",
            "Date received",
            "Dept",
            "Title",
            "Details",
            "Complainant",
            "E-mail",
            "Status",
            "Date closed",
            "Responded",
            "Result");

    static RowReader reader(String format) {
        return new RowReader(
                HEADER, new ImportSettings("old", ImportSettings.guess(HEADER), format, "Australia/Sydney", "UTF-8"));
    }

    static List<String> cells(String received, String status, String closed, String responded, String outcome) {
        return List.of(
                "C-1",
                "Complaint",
                "E-mail",
                received,
                "waste",
                "Bins",
                "Missed twice",
                "Ada",
                "ada@example.org",
                status,
                closed,
                responded,
                outcome);
    }

    @Test
    void theMappingIsGuessedFromTheHeadersNames() {
        Map<String, Integer> guessed = ImportSettings.guess(HEADER);
        assertThat(guessed)
                .containsEntry("SOURCE_REFERENCE", 0)
                .containsEntry("KIND", 1)
                .containsEntry("CHANNEL", 2)
                .containsEntry("RECEIVED_AT", 3)
                .containsEntry("DEPARTMENT", 4)
                .containsEntry("SUBJECT", 5)
                .containsEntry("DESCRIPTION", 6)
                .containsEntry("CUSTOMER_NAME", 7)
                .containsEntry("CUSTOMER_EMAIL", 8)
                .containsEntry("STATUS", 9)
                .containsEntry("CLOSED_AT", 10)
                .containsEntry("RESPONDED_AT", 11)
                .containsEntry("OUTCOME", 12)
                .doesNotContainKey("OWNER");
        assertThat(reader("ISO").mappingProblems()).isEmpty();
    }

    @Test
    void aGoodRowIsACaseWithItsDatesInTheChosenZone() {
        RowReader.Read read = reader("DAY_MONTH_YEAR")
                .read(2, cells("01/10/2026 09:00", "Closed", "03/10/2026", "02/10/2026 4:30 PM", "Partly upheld"), NOW);

        assertThat(read.problems()).isEmpty();
        assertThat(read.c().kind()).isEqualTo(FeedbackKind.COMPLAINT);
        assertThat(read.c().channel()).isEqualTo(Channel.EMAIL);
        assertThat(read.c().departmentCode()).isEqualTo("WASTE");
        assertThat(read.c().receivedAt()).isEqualTo(Instant.parse("2026-09-30T23:00:00Z"));
        assertThat(read.c().closedAt()).isEqualTo(Instant.parse("2026-10-02T14:00:00Z"));
        assertThat(read.c().respondedAt()).isEqualTo(Instant.parse("2026-10-02T06:30:00Z"));
        assertThat(read.c().status()).isEqualTo(CaseStatus.CLOSED);
        assertThat(read.c().outcome()).isEqualTo(Outcome.PARTLY_UPHELD);
    }

    @Test
    void eachProblemNamesItsRowAndColumnInWords() {
        RowReader.Read read = reader("DAY_MONTH_YEAR").read(7, cells("31/02/2026", "Shut", "", "", "meh"), NOW);

        assertThat(read.c()).isNull();
        assertThat(read.problems())
                .extracting(RowProblem::inWords)
                .containsExactly(
                        "Row 7, column Date received: \"31/02/2026\" is not a date (read as day/month/year (31/03/2024 14:05))",
                        "Row 7, column Status: \"Shut\" is not one of open, acknowledged, responded or closed",
                        "Row 7, column Result: \"meh\" is not one of resolved, upheld, partly upheld, not upheld, cannot accommodate or not accepted");
    }

    @Test
    void theStoryOfTheDatesIsCheckedByTheCasesRule() {
        RowReader.Read read =
                reader("ISO").read(3, cells("2026-10-05 09:00", "closed", "2026-10-01 09:00", "", ""), NOW);

        assertThat(read.problems())
                .extracting(RowProblem::inWords)
                .containsExactly("Row 3, column Date closed: is before it was received");
    }

    @Test
    void isoDatesMayCarryTheirOwnOffset() {
        DateFormat.Reading r = DateFormat.ISO.read("2024-03-31T14:05:00+11:00", ZoneId.of("UTC"));
        assertThat(r.at()).isEqualTo(Instant.parse("2024-03-31T03:05:00Z"));
        assertThat(DateFormat.ISO.read("2024-02-30", ZoneId.of("UTC")).problem())
                .contains("is not a date");
        assertThat(DateFormat.MONTH_DAY_YEAR
                        .read("03/31/2024 2:05 PM", ZoneId.of("UTC"))
                        .at())
                .isEqualTo(Instant.parse("2024-03-31T14:05:00Z"));
    }

    @Test
    void fieldsAreBoundedAndSingleLinesStaySingle() {
        List<String> row = new java.util.ArrayList<>(cells("2026-10-05 09:00", "open", "", "", ""));
        row.set(5, "two\nlines");
        row.set(6, "x".repeat(20_001));
        row.set(8, "not-an-address");
        assertThat(reader("ISO").read(4, row, NOW).problems())
                .extracting(RowProblem::message)
                .containsExactly(
                        "must be a single line",
                        "is 20001 characters long; at most 20000",
                        "\"not-an-address\" is not an e-mail address");
    }

    @Test
    void aLeadingApostropheThatKeptAFormulaAsTextGoes() {
        List<String> row = new java.util.ArrayList<>(cells("2026-10-05 09:00", "open", "", "", ""));
        row.set(5, "'=SUM(A1)");
        assertThat(reader("ISO").read(2, row, NOW).c().subject()).isEqualTo("=SUM(A1)");
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aFileIsReadWithItsOwnSeparatorAndByteOrderMark() {
        CsvFile file =
                CsvFile.read(utf8("\uFEFFRef;Kind\r\nA;\"x;y\"\r\n\r\nB;z\r\n"), "UTF-8", CsvFile.Limits.DEFAULT);
        assertThat(file.header()).containsExactly("Ref", "Kind");
        assertThat(file.rows()).containsExactly(List.of("A", "x;y"), List.of("B", "z"));
    }

    @Test
    void aHostileFileIsRefusedWholeWithItsReason() {
        CsvFile.Limits small = new CsvFile.Limits(1000, 2, 3);
        assertThatThrownBy(() -> CsvFile.read(new byte[0], "UTF-8", small)).hasMessage("The file is empty.");
        assertThatThrownBy(() -> CsvFile.read(new byte[1001], "UTF-8", small)).hasMessageContaining("at most 0.0 MB");
        assertThatThrownBy(() -> CsvFile.read(new byte[] {'a', ',', (byte) 0xC3, '\n'}, "UTF-8", small))
                .hasMessageContaining("is not UTF-8 text");
        assertThatThrownBy(() -> CsvFile.read(utf8("a,b,c,d\n1,2,3,4\n"), "UTF-8", small))
                .hasMessage("Row 1 has 4 columns; at most 3 can be read.");
        assertThatThrownBy(() -> CsvFile.read(utf8("a\n1\n2\n3\n"), "UTF-8", small))
                .hasMessageContaining("more than 2 rows");
        assertThatThrownBy(() -> CsvFile.read(utf8("a,b\n1,\"never closed\n"), "UTF-8", small))
                .isInstanceOf(CsvFile.Refused.class)
                .hasMessageContaining("not valid CSV");
        assertThatThrownBy(() -> CsvFile.read(utf8("a,b\n"), "UTF-8", small))
                .hasMessage("The file has a header row but no cases.");
        assertThat(CsvFile.read(new byte[] {'a', '\n', (byte) 0xE9, '\n'}, "windows-1252", small)
                        .rows())
                .containsExactly(List.of("é"));
    }
}
