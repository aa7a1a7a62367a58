package org.hearken.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FormAttachmentsTest {

    private final FormAttachments rules = new FormAttachments(2, 100, List.of("pdf", ".PNG", "txt", "odt"));

    private static FormAttachments.Upload upload(String name, byte[] data) {
        return new FormAttachments.Upload(name, data.length, data);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void acceptedFilesGetACleanNameAndTheContentTypeOfTheirExtension() {
        FormAttachments.Checked checked = rules.check(List.of(
                upload("C:\\fakepath\\Letter.PDF", bytes("%PDF-1.7 ...")),
                upload("notes.txt", bytes("hello")),
                new FormAttachments.Upload("", 0, new byte[0])));

        assertThat(checked.problems()).isEmpty();
        assertThat(checked.accepted())
                .extracting(FormAttachments.Accepted::filename, FormAttachments.Accepted::contentType)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Letter.PDF", "application/pdf"),
                        org.assertj.core.groups.Tuple.tuple("notes.txt", "text/plain"));
    }

    @Test
    void typeSizeCountAndContentAreChecked() {
        assertThat(rules.check(List.of(
                                upload("a.pdf", bytes("%PDF-")),
                                upload("b.pdf", bytes("%PDF-")),
                                upload("c.pdf", bytes("%PDF-"))))
                        .problems())
                .containsExactly("You can attach up to 2 files");
        assertThat(rules.check(List.of(upload("run.exe", bytes("MZ")))).problems())
                .containsExactly("‘run.exe’ is not a type of file we accept. Attach PDF, PNG, TXT or ODT files");
        assertThat(rules.check(List.of(upload("noextension", bytes("x")))).problems())
                .hasSize(1);
        assertThat(rules.check(List.of(new FormAttachments.Upload("big.pdf", 101, new byte[0])))
                        .problems())
                .containsExactly("‘big.pdf’ is larger than 100 bytes; attach a smaller file");
        assertThat(rules.check(List.of(upload("empty.txt", new byte[0]))).problems())
                .containsExactly("‘empty.txt’ is empty");
        assertThat(rules.check(List.of(upload("page.pdf", bytes("<html>")))).problems())
                .containsExactly("‘page.pdf’ is not a PDF file; check that you chose the right file");
        assertThat(rules.check(List.of(upload("image.png", bytes("GIF89a")))).problems())
                .hasSize(1);
        assertThat(rules.check(List.of(upload("doc.odt", bytes("PK\u0003\u0004..."))))
                        .problems())
                .isEmpty();
        assertThat(rules.check(List.of(upload("binary.txt", new byte[] {'a', 0, 'b'})))
                        .problems())
                .hasSize(1);
    }

    @Test
    void namesLoseTheirPathControlCharactersAndExcessLength() {
        assertThat(FormAttachments.cleanName("../../etc/passwd")).isEqualTo("passwd");
        assertThat(FormAttachments.cleanName("evil\r\nname\u202e.pdf")).isEqualTo("evilname.pdf");
        assertThat(FormAttachments.cleanName("..")).isEqualTo("attachment");
        assertThat(FormAttachments.cleanName("x".repeat(300) + ".pdf"))
                .hasSize(200)
                .endsWith(".pdf");
    }

    @Test
    void theHintSaysWhatIsAccepted() {
        assertThat(rules.accept()).isEqualTo(".pdf,.png,.txt,.odt");
        assertThat(rules.sizeInWords()).isEqualTo("100 bytes");
        assertThat(new FormAttachments(3, 5 * 1024 * 1024, List.of("pdf")).sizeInWords())
                .isEqualTo("5 MB");
    }
}
