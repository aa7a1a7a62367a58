package org.hearken.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StorableTextTest {

    @Test
    void ordinaryTextInAnyScriptAndEmojiIsStorable() {
        assertThat(StorableText.problem("Bin not collected – Müller, 東京, \uD83D\uDE00 \t\r\n"))
                .isNull();
        assertThat(StorableText.problem("")).isNull();
        assertThat(StorableText.problem(null)).isNull();
    }

    @Test
    void aNulAnywhereIsNot() {
        assertThat(StorableText.problem("\u0000")).contains("NUL");
        assertThat(StorableText.problem("Green bin\u0000missed")).contains("NUL");
    }

    @Test
    void anUnpairedSurrogateIsNot() {
        assertThat(StorableText.problem("a\uD800b")).contains("U+D800");
        assertThat(StorableText.problem("ends in \uD83D")).contains("U+D83D");
        assertThat(StorableText.problem("\uDE00 starts with a low half")).contains("U+DE00");
    }
}
