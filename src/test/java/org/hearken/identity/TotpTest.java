package org.hearken.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.Test;

class TotpTest {

    /** RFC 6238 Appendix B: the SHA-1 seed is the 20 ASCII bytes "12345678901234567890". */
    private static final byte[] SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    /** Time (seconds since the epoch) and the 8-digit SHA-1 TOTP of RFC 6238 Appendix B. */
    private static final Object[][] VECTORS = {
        {59L, "94287082"},
        {1111111109L, "07081804"},
        {1111111111L, "14050471"},
        {1234567890L, "89005924"},
        {2000000000L, "69279037"},
        {20000000000L, "65353130"},
    };

    @Test
    void eightDigitCodesAreThoseOfRfc6238AppendixB() {
        for (Object[] v : VECTORS) {
            long time = (Long) v[0];
            assertThat(Totp.code(SEED, Totp.step(time), 8)).as("T=" + time).isEqualTo(v[1]);
        }
    }

    @Test
    void sixDigitCodesAreTheLastSixDigitsOfTheVectors() {
        for (Object[] v : VECTORS) {
            long time = (Long) v[0];
            assertThat(Totp.code(SEED, Totp.step(time))).as("T=" + time).isEqualTo(((String) v[1]).substring(2));
        }
    }

    @Test
    void aCodeMatchesOneStepEitherSideAndNoFurther() {
        long step = Totp.step(1234567890L);
        assertThat(Totp.match(SEED, Totp.code(SEED, step), step)).hasValue(step);
        assertThat(Totp.match(SEED, Totp.code(SEED, step - 1), step)).hasValue(step - 1);
        assertThat(Totp.match(SEED, Totp.code(SEED, step + 1), step)).hasValue(step + 1);
        assertThat(Totp.match(SEED, Totp.code(SEED, step - 2), step)).isEmpty();
        assertThat(Totp.match(SEED, Totp.code(SEED, step + 2), step)).isEmpty();
    }

    @Test
    void spacesAreIgnoredAndAnythingButSixDigitsMatchesNothing() {
        long step = Totp.step(59L);
        String code = Totp.code(SEED, step);
        assertThat(Totp.match(SEED, code.substring(0, 3) + " " + code.substring(3), step))
                .hasValue(step);
        assertThat(Totp.match(SEED, "", step)).isEmpty();
        assertThat(Totp.match(SEED, null, step)).isEmpty();
        assertThat(Totp.match(SEED, "12345", step)).isEmpty();
        assertThat(Totp.match(SEED, "abcdef", step)).isEmpty();
        assertThat(Totp.match(SEED, "94287082", step)).isEmpty();
    }

    @Test
    void aNewSecretIs160BitsOfBase32ThatAnAppCanRead() {
        String secret = Totp.newSecret(new SecureRandom());
        assertThat(secret).matches("[A-Z2-7]{32}");
        assertThat(Totp.key(secret)).hasSize(20);
        assertThat(new Base32().encodeToString(Totp.key(secret))).isEqualTo(secret);
        assertThat(Totp.uri("Hearken (Council)", "ann@example.org", secret))
                .isEqualTo("otpauth://totp/Hearken%20%28Council%29:ann%40example.org?secret=" + secret
                        + "&issuer=Hearken%20%28Council%29&algorithm=SHA1&digits=6&period=30");
    }

    @Test
    void theSeedInBase32GivesTheSameCodes() {
        String base32 = new Base32().encodeToString(SEED);
        assertThat(Totp.code(Totp.key(base32), Totp.step(59L))).isEqualTo("287082");
        assertThat(Totp.grouped("ABCDEFGHIJ")).isEqualTo("ABCD EFGH IJ");
    }
}
