package org.hearken.platform;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256, the one hash Hearken stores instead of a secret (API tokens, status and survey links, idempotency keys) and
 * uses to fingerprint text (mail, lock names).
 */
public final class Digests {

    private Digests() {}

    /** SHA-256 of the text's UTF-8 bytes (for the ASCII of a token, the same as its ASCII bytes). */
    public static byte[] sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8), 0);
    }

    /** SHA-256 of {@code bytes}. */
    public static byte[] sha256(byte[] bytes) {
        return sha256(bytes, 0);
    }

    /** SHA-256 of {@code bytes} from index {@code from} to the end. */
    public static byte[] sha256(byte[] bytes, int from) {
        MessageDigest digest = newSha256();
        digest.update(bytes, from, bytes.length - from);
        return digest.digest();
    }

    /** A fresh SHA-256 digest, for hashing in parts. */
    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
