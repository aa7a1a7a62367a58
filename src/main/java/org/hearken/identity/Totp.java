package org.hearken.identity;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.codec.binary.Base32;

/**
 * Time-based one-time passwords as authenticator apps make them (RFC 6238 over RFC 4226): HMAC-SHA-1, six digits,
 * 30-second steps, and one step either side accepted for clocks that are a little off. Pure: the time step is an
 * argument.
 */
final class Totp {

    static final int DIGITS = 6;
    static final long STEP_SECONDS = 30;
    /** Steps accepted either side of the current one. */
    static final int DRIFT = 1;

    private static final int SECRET_BYTES = 20;
    private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private Totp() {}

    /** The step an instant, in seconds since the epoch, falls in. */
    static long step(long epochSecond) {
        return Math.floorDiv(epochSecond, STEP_SECONDS);
    }

    /** The code for a step: HOTP (RFC 4226) with the step as the counter, {@code digits} long. */
    static String code(byte[] key, long step, int digits) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
            int offset = hash[hash.length - 1] & 0x0f;
            int binary = ((hash[offset] & 0x7f) << 24)
                    | ((hash[offset + 1] & 0xff) << 16)
                    | ((hash[offset + 2] & 0xff) << 8)
                    | (hash[offset + 3] & 0xff);
            String code = Integer.toString(binary % POWERS[digits]);
            return "0".repeat(digits - code.length()) + code;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA1 is part of every Java runtime", e);
        }
    }

    static String code(byte[] key, long step) {
        return code(key, step, DIGITS);
    }

    /**
     * The step whose code {@code typed} is, among the current step and {@link #DRIFT} either side, if any. Spaces are
     * ignored; anything but six digits matches nothing. Every candidate is compared in constant time.
     */
    static OptionalLong match(byte[] key, String typed, long step) {
        String code = typed == null ? "" : typed.replace(" ", "");
        if (!code.matches("[0-9]{" + DIGITS + "}")) {
            return OptionalLong.empty();
        }
        OptionalLong found = OptionalLong.empty();
        for (long s = step - DRIFT; s <= step + DRIFT; s++) {
            if (java.security.MessageDigest.isEqual(
                            code(key, s).getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                            code.getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                    && found.isEmpty()) {
                found = OptionalLong.of(s);
            }
        }
        return found;
    }

    /** A new secret of 160 random bits (RFC 4226's recommended length), in Base32 as authenticator apps take it. */
    static String newSecret(SecureRandom random) {
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        return new Base32().encodeToString(secret).replace("=", "");
    }

    static byte[] key(String base32Secret) {
        return new Base32().decode(base32Secret);
    }

    /** The secret in groups of four, as it is easier to type. */
    static String grouped(String base32Secret) {
        return base32Secret.replaceAll("(.{4})(?!$)", "$1 ");
    }

    /** The otpauth:// address an authenticator app reads (Key Uri Format): the issuer and account name it shows. */
    static String uri(String issuer, String account, String base32Secret) {
        String label = encode(issuer) + ":" + encode(account);
        return "otpauth://totp/" + label + "?secret=" + base32Secret + "&issuer=" + encode(issuer)
                + "&algorithm=SHA1&digits=" + DIGITS + "&period=" + STEP_SECONDS;
    }

    private static String encode(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20");
    }
}
