package org.hearken.register;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A signed statement that the register's hash chain had {@code headHash} at {@code position}. What is signed is
 * {@link #signedText()}, plain UTF-8 that anyone can rebuild from the other fields and check with the public key alone.
 */
record Checkpoint(long number, long position, byte[] headHash, Instant signedAt, String keyId, byte[] signature) {

    /** The columns {@link #row} reads, in its order. */
    static final String COLUMNS = "number, position, head_hash, signed_at, key_id, signature";

    static Checkpoint row(ResultSet rs, int rowNum) throws SQLException {
        return new Checkpoint(
                rs.getLong(1),
                rs.getLong(2),
                rs.getBytes(3),
                rs.getTimestamp(4).toInstant(),
                rs.getString(5),
                rs.getBytes(6));
    }

    /** The exact text the signature covers. */
    String signedText() {
        return signedText(number, position, headHash, signedAt);
    }

    static String signedText(long number, long position, byte[] headHash, Instant signedAt) {
        return "hearken-register-checkpoint/1\n"
                + "number: " + number + "\n"
                + "position: " + position + "\n"
                + "head: " + HexFormat.of().formatHex(headHash) + "\n"
                + "signed-at: " + signedAt + "\n";
    }

    /** As exported: hashes in hex, the signature in Base64, and the signed text itself. */
    record View(
            long number,
            long position,
            String headHash,
            Instant signedAt,
            String keyId,
            String signedText,
            String signature) {

        Checkpoint checkpoint() {
            return new Checkpoint(
                    number,
                    position,
                    HexFormat.of().parseHex(headHash),
                    signedAt,
                    keyId,
                    Base64.getDecoder().decode(signature));
        }
    }

    View view() {
        return new View(
                number,
                position,
                HexFormat.of().formatHex(headHash),
                signedAt,
                keyId,
                signedText(),
                Base64.getEncoder().encodeToString(signature));
    }
}
