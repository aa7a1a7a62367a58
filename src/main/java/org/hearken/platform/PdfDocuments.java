package org.hearken.platform;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FontStyle;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Renders the product's printed documents (letters, the review pack) from XHTML to PDF with DejaVu Sans embedded, so
 * that every name prints as written: the PDF base-14 fonts know only WinAnsi and print anything else (Ł, ễ, Ō) as '#'.
 * The documents' CSS names {@link #FONT_FAMILY}; the fonts and their licence are in src/main/resources/fonts. Only the
 * glyphs a document uses are embedded.
 */
public final class PdfDocuments {

    /** The CSS font-family list every printed document uses. */
    public static final String FONT_FAMILY = "'DejaVu Sans', sans-serif";

    private static final String FAMILY = "DejaVu Sans";
    private static final byte[] REGULAR = font("DejaVuSans.ttf");
    private static final byte[] BOLD = font("DejaVuSans-Bold.ttf");

    private PdfDocuments() {}

    /** The PDF of a well-formed XHTML document. */
    public static byte[] render(String xhtml) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PdfRendererBuilder builder = new PdfRendererBuilder();
            builder.useFastMode();
            builder.useFont(() -> new ByteArrayInputStream(REGULAR), FAMILY, 400, FontStyle.NORMAL, true);
            builder.useFont(() -> new ByteArrayInputStream(BOLD), FAMILY, 700, FontStyle.NORMAL, true);
            builder.withHtmlContent(xhtml, null);
            builder.toStream(out);
            builder.run();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("could not render a PDF", e);
        }
    }

    private static byte[] font(String file) {
        try (InputStream in = PdfDocuments.class.getResourceAsStream("/fonts/" + file)) {
            if (in == null) {
                throw new IllegalStateException("font " + file + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the font " + file, e);
        }
    }
}
