package org.hearken.correspondence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.hearken.support.PdfFonts;
import org.junit.jupiter.api.Test;

class LetterPdfTest {

    private static Letter letter(String name, String body) {
        return new Letter(
                "Metart Council",
                List.of("1 Civic Place", "Northbridge NSW 2063"),
                name,
                List.of("7 Quarry Lane", "Willoughby NSW 2068"),
                LocalDate.of(2026, 12, 21),
                "HK-2026-000042",
                "Your complaint HK-2026-000042",
                body);
    }

    @Test
    void aLetterIsAPdfWithTheAddressBlockReferenceAndPromisedDate() throws Exception {
        byte[] pdf = LetterPdf.render(
                letter(
                        "Harold Jensen",
                        "Dear Mr Jensen,\n\nThank you for your letter. Grace Liu will respond by 5:00 pm on Wednesday 6 January 2027.\n\nYours sincerely"));

        assertThat(new String(pdf, 0, 5)).isEqualTo("%PDF-");
        java.nio.file.Files.createDirectories(java.nio.file.Path.of("target"));
        java.nio.file.Files.write(java.nio.file.Path.of("target/sample-letter.pdf"), pdf);
        try (PDDocument document = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(document);
            assertThat(document.getNumberOfPages()).isEqualTo(1);
            assertThat(text)
                    .contains(
                            "Harold Jensen",
                            "7 Quarry Lane",
                            "Willoughby NSW 2068",
                            "21 December 2026",
                            "HK-2026-000042",
                            "5:00 pm on Wednesday 6 January 2027",
                            "Metart Council");
        }
    }

    @Test
    void everyNameIsPrintedAsWrittenInAnEmbeddedFont() throws Exception {
        byte[] pdf = LetterPdf.render(
                letter(
                        "Łukasz Żółć",
                        "Dear Łukasz Żółć,\n\nNguyễn from our Ōtākou office has spoken to Zoë about your complaint.\n\nYours sincerely"));

        try (PDDocument document = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(document);
            assertThat(text).contains("Łukasz Żółć", "Nguyễn", "Ōtākou", "Zoë").doesNotContain("#");
            // The subject is bold: both faces are embedded, and nothing falls back to a base-14 font.
            PdfFonts.assertOnlyEmbedded(document, "DejaVuSans", "DejaVuSans-Bold");
        }
    }

    @Test
    void markupInTheWordsIsPrintedNotInterpreted() throws Exception {
        byte[] pdf = LetterPdf.render(letter("<b>Bobby</b> & Co", "Hello <script>alert(1)</script> & goodbye"));
        try (PDDocument document = Loader.loadPDF(pdf)) {
            assertThat(new PDFTextStripper().getText(document))
                    .contains("<b>Bobby</b> & Co", "<script>alert(1)</script>");
        }
    }
}
