package org.hearken.correspondence;

import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.hearken.platform.PdfDocuments;
import org.springframework.web.util.HtmlUtils;

/**
 * Renders a {@link Letter} to an A4 PDF with the address block placed for a window envelope. The layout is code, not
 * a staff-editable template: staff edit the words (LETTER templates); every piece of text is escaped into the XHTML.
 */
final class LetterPdf {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);

    private LetterPdf() {}

    static byte[] render(Letter letter) {
        return PdfDocuments.render(xhtml(letter));
    }

    static String xhtml(Letter l) {
        StringBuilder body = new StringBuilder();
        for (String paragraph : l.body().strip().split("\\R\\s*\\R")) {
            body.append("<p>")
                    .append(lines(List.of(paragraph.strip().split("\\R"))))
                    .append("</p>\n");
        }
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
                <head>
                <title>%s</title>
                <style>
                  @page { size: A4; margin: 20mm 20mm 25mm 20mm; }
                  body { font-family: %s; font-size: 10pt; line-height: 1.45; color: #111; }
                  .letterhead { text-align: right; font-size: 10pt; color: #333; }
                  .letterhead strong { font-size: 14pt; color: #0b3d62; }
                  .address { position: absolute; top: 30mm; left: 0; width: 90mm; height: 35mm; }
                  .meta { margin-top: 50mm; }
                  .subject { font-weight: bold; margin: 8mm 0 4mm 0; }
                </style>
                </head>
                <body>
                <div class="letterhead"><strong>%s</strong><br/>%s</div>
                <div class="address">%s<br/>%s</div>
                <div class="meta">%s<br/>Our reference: %s</div>
                <div class="subject">%s</div>
                %s
                </body>
                </html>
                """.formatted(
                        esc(l.subject()),
                        PdfDocuments.FONT_FAMILY,
                        esc(l.organisationName()),
                        lines(l.organisationAddress()),
                        esc(l.customerName()),
                        lines(l.customerAddress()),
                        esc(DATE.format(l.date())),
                        esc(l.reference()),
                        esc(l.subject()),
                        body);
    }

    private static String lines(List<String> lines) {
        return String.join("<br/>", lines.stream().map(LetterPdf::esc).toList());
    }

    private static String esc(String text) {
        return text == null ? "" : HtmlUtils.htmlEscape(text, "UTF-8");
    }
}
