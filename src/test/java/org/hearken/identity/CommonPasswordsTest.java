package org.hearken.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommonPasswordsTest {

    @Test
    void theListShippedHasThirtyThousandPasswords() {
        assertThat(CommonPasswords.size()).isBetween(29_000, 30_000);
    }

    @Test
    void listedPasswordsAreFoundInAnyCase() {
        assertThat(CommonPasswords.contains("123456")).isTrue();
        assertThat(CommonPasswords.contains("password")).isTrue();
        assertThat(CommonPasswords.contains("PassWord")).isTrue();
        assertThat(CommonPasswords.contains("qwertyuiop")).isTrue();
        assertThat(CommonPasswords.contains("1qaz2wsx3edc")).isTrue();
    }

    @Test
    void aListedWordWithDigitsOrPunctuationAroundItIsFound() {
        assertThat(CommonPasswords.contains("monkey123456")).isTrue();
        assertThat(CommonPasswords.contains("!!Sunshine2026!!")).isTrue();
    }

    @Test
    void otherPasswordsAreNot() {
        assertThat(CommonPasswords.contains("tulip-kettle-lantern")).isFalse();
        assertThat(CommonPasswords.contains("correct horse battery")).isFalse();
        assertThat(CommonPasswords.contains("123456789012345678901234567890")).isFalse();
    }
}
