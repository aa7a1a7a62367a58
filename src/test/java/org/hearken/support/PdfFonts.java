package org.hearken.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.font.PDFont;

/** The fonts a PDF's pages use, for tests that check every printed name has its glyphs in the file. */
public final class PdfFonts {

    private PdfFonts() {}

    /** Asserts that the pages use exactly these fonts, each embedded: nothing falls back to a base-14 font. */
    public static void assertOnlyEmbedded(PDDocument document, String... names) throws IOException {
        assertThat(of(document))
                .containsOnlyKeys(names)
                .allSatisfy((name, embedded) ->
                        assertThat(embedded).as(name + " embedded").isTrue());
    }

    /**
     * Each font the pages use, by its base name without the subset tag ("DejaVuSans-Bold", not "ABCDEF+DejaVuSans-Bold"),
     * with whether its glyphs are embedded.
     */
    public static Map<String, Boolean> of(PDDocument document) throws IOException {
        Map<String, Boolean> fonts = new TreeMap<>();
        for (PDPage page : document.getPages()) {
            PDResources resources = page.getResources();
            for (COSName name : resources.getFontNames()) {
                PDFont font = resources.getFont(name);
                fonts.merge(font.getName().replaceFirst("^[A-Z]{6}\\+", ""), font.isEmbedded(), Boolean::logicalAnd);
            }
        }
        return fonts;
    }
}
