package org.hearken.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordRulesTest {

    @Test
    void twelveCharactersAreEnoughAndElevenAreNot() {
        assertThat(PasswordRules.problem("tulip-kettle", "ann", "Ann Smith")).isEmpty();
        assertThat(PasswordRules.problem("tulip-kettl", "ann", "Ann Smith"))
                .hasValueSatisfying(p -> assertThat(p).contains("at least 12 characters"));
        assertThat(PasswordRules.problem("", "ann", "Ann Smith")).isPresent();
        assertThat(PasswordRules.problem(null, "ann", "Ann Smith")).isPresent();
    }

    @Test
    void charactersAreCountedNotUtf16Units() {
        // Eleven emoji are 22 UTF-16 units but 11 characters.
        assertThat(PasswordRules.problem("🐢🐇🦊🦉🐝🐢🐇🦊🦉🐝🐢", "ann", "Ann Smith"))
                .hasValueSatisfying(p -> assertThat(p).contains("at least 12"));
    }

    @Test
    void atMost72BytesWhichIsAllBcryptReads() {
        assertThat(PasswordRules.problem("tulip kettle ".repeat(5) + "lantern", "ann", "Ann Smith"))
                .isEmpty(); // 72 bytes
        assertThat(PasswordRules.problem("tulip kettle ".repeat(5) + "lanterns", "ann", "Ann Smith"))
                .hasValueSatisfying(p -> assertThat(p).contains("at most 72 bytes"));
        // 24 characters, but 3 bytes each in UTF-8
        assertThat(PasswordRules.problem("日本語のパスワードはとても長いです日本語のパスワードは", "ann", "Ann Smith"))
                .hasValueSatisfying(p -> assertThat(p).contains("at most 72 bytes"));
    }

    @Test
    void aFewCharactersRepeatedAreRefused() {
        assertThat(PasswordRules.problem("aaaaaaaaaaaa", "ann", "Ann Smith"))
                .hasValueSatisfying(p -> assertThat(p).contains("different characters"));
        assertThat(PasswordRules.problem("abababababab", "ann", "Ann Smith")).isPresent();
    }

    @Test
    void theUsernameOrNameInThePasswordIsRefused() {
        assertThat(PasswordRules.problem("mary.jones-kettle", "mary.jones", "Mary Jones"))
                .hasValueSatisfying(p -> assertThat(p).contains("username or your name"));
        assertThat(PasswordRules.problem("MaryJones!tulips", "mj", "Mary Jones"))
                .hasValueSatisfying(p -> assertThat(p).contains("username or your name"));
        // A two-letter username is not looked for inside words.
        assertThat(PasswordRules.problem("amjazz-trumpets", "mj", "Ann Other")).isEmpty();
    }

    @Test
    void commonPasswordsAreRefusedWhateverTheirCaseOrTheDigitsAround() {
        assertThat(PasswordRules.problem("1qaz2wsx3edc", "ann", "Ann Smith"))
                .hasValueSatisfying(p -> assertThat(p).contains("most common"));
        assertThat(PasswordRules.problem("Password1234", "ann", "Ann Smith")).isPresent();
        assertThat(PasswordRules.problem("PASSWORD2024!", "ann", "Ann Smith")).isPresent();
        assertThat(PasswordRules.problem("2024dragon2024", "ann", "Ann Smith")).isPresent();
        assertThat(PasswordRules.problem("footballfootball", "ann", "Ann Smith"))
                .isEmpty();
    }
}
