package org.hearken.register;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class RegisterChainTest {

    private static final byte[] PREV = new byte[32];

    private static RegisterChain.Content event(long caseId) {
        return new RegisterChain.Content(
                41,
                caseId,
                "HK-2026-000042",
                Instant.parse("2026-12-08T04:05:06.123456Z"),
                "olivia",
                "CaseOpened",
                "{\"subject\":\"Bin\"}");
    }

    /** The hash as seals were written before hash versions existed: previous hash, id, time, then the texts. */
    private static byte[] writtenBeforeVersions(byte[] prev, RegisterChain.Content e) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(prev);
        sha.update(ByteBuffer.allocate(16)
                .putLong(e.id())
                .putLong(ChronoUnit.MICROS.between(Instant.EPOCH, e.occurredAt()))
                .array());
        for (String field : new String[] {e.reference(), e.actor(), e.type(), e.payload()}) {
            byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
            sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
            sha.update(bytes);
        }
        return sha.digest();
    }

    @Test
    void versionOneIsTheHashOldSealsWereWrittenWithSoTheyStillVerify() throws Exception {
        assertThat(RegisterChain.hash(1, PREV, event(7))).isEqualTo(writtenBeforeVersions(PREV, event(7)));
    }

    @Test
    void versionTwoCoversTheCaseIdAndVersionOneDidNot() {
        assertThat(RegisterChain.hash(2, PREV, event(7))).isNotEqualTo(RegisterChain.hash(2, PREV, event(8)));
        assertThat(RegisterChain.hash(1, PREV, event(7))).isEqualTo(RegisterChain.hash(1, PREV, event(8)));
        assertThat(RegisterChain.hash(2, PREV, event(7))).isNotEqualTo(RegisterChain.hash(1, PREV, event(7)));
    }
}
