package org.hearken.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hearken.support.CaseBuilder.PHONE;
import static org.hearken.support.CaseBuilder.aQuestion;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.hearken.support.ApiClient;
import org.hearken.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

class RegisterIT extends IntegrationTest {

    @Autowired
    RegisterChain chain;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    RegisterCheckpoints checkpoints;

    @Autowired
    RegisterKey key;

    private String newCase(Dept dept) {
        return aQuestion()
                .by(PHONE)
                .subject("Opening hours")
                .description("Is the library open on public holidays?")
                .from("Sam Caller")
                .phone("0400 000 000")
                .inDepartment(dept)
                .postedBy(dept.as(dept.lead))
                .json()
                .get("reference")
                .asString();
    }

    @Test
    void verifyReportsAnIntactChainCoveringEveryEvent() {
        Dept dept = department();
        newCase(dept);
        newCase(dept);

        JsonNode result = dept.as(dept.lead).get("/api/register/verify").json();

        long events = jdbc.sql("select count(*) from register_event")
                .query(Long.class)
                .single();
        assertThat(result.get("intact").asBoolean()).isTrue();
        assertThat(result.get("checked").asLong() + result.get("unsealed").asLong())
                .isEqualTo(events);
        assertThat(result.get("checked").asLong()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void theDatabaseRefusesToChangeOrDeleteRegisterEvents() {
        Dept dept = department();
        String reference = newCase(dept);

        assertThatThrownBy(() -> jdbc.sql("update register_event set actor = 'mallory' where case_reference = ?")
                        .param(reference)
                        .update())
                .isInstanceOf(DataAccessException.class)
                .rootCause()
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("delete from register_event where case_reference = ?")
                        .param(reference)
                        .update())
                .isInstanceOf(DataAccessException.class)
                .rootCause()
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("delete from register_seal").update())
                .isInstanceOf(DataAccessException.class)
                .rootCause()
                .hasMessageContaining("append-only");
    }

    @Test
    void tamperingBySomeoneWhoBypassesTheTriggerIsDetected() {
        Dept dept = department();
        String reference = newCase(dept);
        chain.sealAll();
        try {
            // A database superuser can switch the guard off; the hash chain still shows what they did.
            tx.executeWithoutResult(s -> {
                jdbc.sql("alter table register_event disable trigger register_event_append_only")
                        .update();
                jdbc.sql("update register_event set actor = 'mallory' where case_reference = ?")
                        .param(reference)
                        .update();
                jdbc.sql("alter table register_event enable trigger register_event_append_only")
                        .update();
            });
            RegisterChain.Verification result = chain.verify();
            assertThat(result.intact()).isFalse();
            assertThat(result.problem()).contains("content does not match");
            assertThat(result.brokenAtEvent())
                    .isEqualTo(jdbc.sql("select id from register_event where case_reference = ?")
                            .param(reference)
                            .query(Long.class)
                            .single());
        } finally {
            tx.executeWithoutResult(s -> {
                jdbc.sql("alter table register_event disable trigger register_event_append_only")
                        .update();
                jdbc.sql("update register_event set actor = ? where case_reference = ?")
                        .params(dept.lead, reference)
                        .update();
                jdbc.sql("alter table register_event enable trigger register_event_append_only")
                        .update();
            });
        }
        assertThat(chain.verify().intact()).isTrue();
    }

    @Test
    void aCheckpointSignsTheChainsHeadAndVerifies() {
        Dept dept = department();
        newCase(dept);

        Checkpoint checkpoint = checkpoints.write().orElseThrow();
        RegisterChain.Verification result = chain.verify();

        assertThat(result.intact()).isTrue();
        assertThat(result.checkpoints()).isGreaterThanOrEqualTo(1);
        assertThat(result.lastCheckpointPosition()).isEqualTo(checkpoint.position());
        assertThat(HexFormat.of().formatHex(checkpoint.headHash())).isEqualTo(result.headHash());
        assertThat(checkpoints.write()).as("nothing new to sign").isEmpty();
    }

    @Test
    void rewritingEventsAndResealingTheChainIsCaughtByTheCheckpoint() {
        Dept dept = department();
        String reference = newCase(dept);
        Checkpoint signed = checkpoints.write().orElseThrow();
        long event = jdbc.sql("select id from register_event where case_reference = ?")
                .param(reference)
                .query(Long.class)
                .single();
        long from = jdbc.sql("select position from register_seal where event_id = ?")
                .param(event)
                .query(Long.class)
                .single();
        List<Map<String, Object>> original = jdbc.sql(
                        "select position, prev_hash, hash from register_seal where position >= ? order by position")
                .param(from)
                .query()
                .listOfRows();
        try {
            // A database superuser rewrites the event and recomputes every hash after it, as the open code does.
            tx.executeWithoutResult(s -> {
                jdbc.sql("lock table register_seal in exclusive mode").update();
                switchGuards("disable");
                jdbc.sql("update register_event set actor = 'mallory' where id = ?")
                        .param(event)
                        .update();
                reseal(from);
                switchGuards("enable");
            });
            RegisterChain.Verification result = chain.verify();

            assertThat(result.intact()).isFalse();
            assertThat(result.problem()).contains("checkpoint").contains("rewritten after it was signed");
            assertThat(result.brokenAtPosition()).isEqualTo(signed.position());
        } finally {
            tx.executeWithoutResult(s -> {
                switchGuards("disable");
                jdbc.sql("update register_event set actor = ? where id = ?")
                        .params(dept.lead, event)
                        .update();
                for (Map<String, Object> row : original) {
                    jdbc.sql("update register_seal set prev_hash = ?, hash = ? where position = ?")
                            .params(row.get("prev_hash"), row.get("hash"), row.get("position"))
                            .update();
                }
                switchGuards("enable");
            });
        }
        assertThat(chain.verify().intact()).isTrue();
    }

    @Test
    void changingTheCaseAnEventBelongsToBreaksTheChain() {
        Dept dept = department();
        String reference = newCase(dept);
        String other = newCase(dept);
        chain.sealAll();
        long event = jdbc.sql("select id from register_event where case_reference = ?")
                .param(reference)
                .query(Long.class)
                .single();
        long caseId = jdbc.sql("select case_id from register_event where id = ?")
                .param(event)
                .query(Long.class)
                .single();
        long otherId = jdbc.sql("select id from cases where reference = ?")
                .param(other)
                .query(Long.class)
                .single();
        try {
            tx.executeWithoutResult(s -> {
                switchGuards("disable");
                jdbc.sql("update register_event set case_id = ? where id = ?")
                        .params(otherId, event)
                        .update();
                switchGuards("enable");
            });
            RegisterChain.Verification result = chain.verify();

            assertThat(result.intact()).isFalse();
            assertThat(result.brokenAtEvent()).isEqualTo(event);
            assertThat(result.problem()).contains("content does not match");
        } finally {
            tx.executeWithoutResult(s -> {
                switchGuards("disable");
                jdbc.sql("update register_event set case_id = ? where id = ?")
                        .params(caseId, event)
                        .update();
                switchGuards("enable");
            });
        }
        assertThat(chain.verify().intact()).isTrue();
    }

    @Test
    void anInstanceWithoutTheKeyThatSignedTheCheckpointsRefusesToStartAndKeepsNoKeyOfItsOwn() throws Exception {
        newCase(department());
        checkpoints.write();
        Path dir = Files.createTempDirectory("register-key");
        Path missing = dir.resolve("register-key.pem");
        RegisterCheckpoints elsewhere =
                new RegisterCheckpoints(jdbc, chain, new RegisterKey(missing, List.of()), clock);

        assertThatThrownBy(() -> elsewhere.run(null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no key file was found at " + missing.toAbsolutePath())
                .hasMessageContaining("is signed by key " + key.keyId())
                .hasMessageContaining("HEARKEN_REGISTER_KEY_FILE");
        assertThat(missing).doesNotExist();
        assertThat(dir.resolve("register-key.pem.pub")).doesNotExist();

        // With the old public key listed as retired, a new key may carry on from the old checkpoints.
        Path published = dir.resolve("old.pub");
        Files.writeString(published, key.publicKeyPem());
        new RegisterCheckpoints(jdbc, chain, new RegisterKey(missing, List.of(published.toString())), clock).run(null);
        assertThat(missing).exists();
    }

    @Test
    void aCheckpointSignedWithAnotherKeyIsRefused() throws Exception {
        Dept dept = department();
        newCase(dept);
        Checkpoint genuine = checkpoints.write().orElseThrow();
        KeyPair mallory = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(mallory.getPrivate());
        signer.update(genuine.signedText().getBytes(StandardCharsets.UTF_8));
        byte[] forgedSignature = signer.sign();
        Checkpoint.View claimingOurKey = new Checkpoint(
                        genuine.number(),
                        genuine.position(),
                        genuine.headHash(),
                        genuine.signedAt(),
                        key.keyId(),
                        forgedSignature)
                .view();
        Checkpoint.View withItsOwnKey = new Checkpoint(
                        genuine.number(),
                        genuine.position(),
                        genuine.headHash(),
                        genuine.signedAt(),
                        RegisterKey.idOf(mallory.getPublic()),
                        forgedSignature)
                .view();
        ApiClient staff = dept.as(dept.lead);

        JsonNode genuineChecked = staff.post("/api/register/verify", Map.of("checkpoints", List.of(genuine.view())))
                .json();
        JsonNode impersonating = staff.post("/api/register/verify", Map.of("checkpoints", List.of(claimingOurKey)))
                .json();
        JsonNode unknownKey = staff.post("/api/register/verify", Map.of("checkpoints", List.of(withItsOwnKey)))
                .json();

        assertThat(genuineChecked.get("intact").asBoolean()).isTrue();
        assertThat(impersonating.get("intact").asBoolean()).isFalse();
        assertThat(impersonating.get("problem").asString()).contains("is not signed by a trusted register key");
        assertThat(unknownKey.get("intact").asBoolean()).isFalse();
        assertThat(unknownKey.get("problem").asString()).contains("is not signed by a trusted register key");
    }

    @Test
    void anExportedCheckpointIsCheckedWithThePublicKeyAlone() throws Exception {
        Dept dept = department();
        newCase(dept);
        checkpoints.write();

        JsonNode export = dept.as(dept.lead).get("/api/register/checkpoints").json();
        JsonNode last = export.get("checkpoints").get(export.get("checkpoints").size() - 1);
        String pem = export.get("publicKey").asString();

        // Only what was exported: the PEM public key, the signed text and the signature.
        PublicKey publicKey = KeyFactory.getInstance("Ed25519")
                .generatePublic(new X509EncodedKeySpec(
                        Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""))));
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(publicKey);
        String signedText = last.get("signedText").asString();
        verifier.update(signedText.getBytes(StandardCharsets.UTF_8));
        assertThat(verifier.verify(
                        Base64.getDecoder().decode(last.get("signature").asString())))
                .isTrue();
        assertThat(signedText)
                .contains("position: " + last.get("position").asLong() + "\n")
                .contains("head: " + last.get("headHash").asString() + "\n");
        assertThat(dept.as(dept.lead).get("/api/register/public-key").body()).isEqualTo(pem);
        assertThat(export.get("keyId").asString())
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(publicKey.getEncoded())));

        Path openssl = Path.of("/usr/bin/openssl");
        assumeTrue(Files.isExecutable(openssl), "openssl is not installed");
        Path dir = Files.createTempDirectory("checkpoint");
        Files.writeString(dir.resolve("key.pem"), pem);
        Files.writeString(dir.resolve("checkpoint.txt"), signedText);
        Files.write(
                dir.resolve("checkpoint.sig"),
                Base64.getDecoder().decode(last.get("signature").asString()));
        Process process = new ProcessBuilder(
                        openssl.toString(),
                        "pkeyutl",
                        "-verify",
                        "-pubin",
                        "-inkey",
                        "key.pem",
                        "-rawin",
                        "-in",
                        "checkpoint.txt",
                        "-sigfile",
                        "checkpoint.sig")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        assertThat(output).contains("Signature Verified Successfully");
    }

    /** Recomputes every seal from {@code from} on, as an attacker who knows the (open) hashing would. */
    private void reseal(long from) {
        byte[][] prev = {
            jdbc.sql("select prev_hash from register_seal where position = ?")
                    .param(from)
                    .query(byte[].class)
                    .single()
        };
        List<Object[]> seals = jdbc.sql("""
                        select s.position, s.hash_version, e.id, e.case_id, e.case_reference, e.occurred_at, e.actor, e.type, e.payload::text
                        from register_seal s join register_event e on e.id = s.event_id where s.position >= ? order by s.position""")
                .param(from)
                .query((rs, n) -> new Object[] {
                    rs.getLong(1),
                    rs.getInt(2),
                    new RegisterChain.Content(
                            rs.getLong(3),
                            rs.getLong(4),
                            rs.getString(5),
                            rs.getTimestamp(6).toInstant(),
                            rs.getString(7),
                            rs.getString(8),
                            rs.getString(9))
                })
                .list();
        for (Object[] seal : seals) {
            byte[] hash = RegisterChain.hash((Integer) seal[1], prev[0], (RegisterChain.Content) seal[2]);
            jdbc.sql("update register_seal set prev_hash = ?, hash = ? where position = ?")
                    .params(prev[0], hash, seal[0])
                    .update();
            prev[0] = hash;
        }
    }

    private void switchGuards(String how) {
        jdbc.sql("alter table register_event " + how + " trigger register_event_append_only")
                .update();
        jdbc.sql("alter table register_seal " + how + " trigger register_seal_append_only")
                .update();
    }

    @Test
    void executivesExportTheWholeRegisterAsCsvAndOthersMayNot() {
        Dept dept = department();
        String reference = newCase(dept);
        ApiClient executive = as(staffWithoutDepartment(org.hearken.identity.Role.EXECUTIVE));

        ApiClient.Response csv = executive.get("/api/register/export.csv");

        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("Content-Disposition")).startsWith("attachment");
        assertThat(csv.body())
                .startsWith(
                        "event_id,chain_position,reference,occurred_at,actor,type,payload,hash,hash_version,case_id");
        assertThat(csv.body()).contains(reference).contains("CaseOpened");
        assertThat(dept.as(dept.lead).get("/api/register/export.csv").status()).isEqualTo(403);

        // The same export streamed to an API token, whose identity the stream's last step must still know.
        String token = executive
                .post("/api/tokens", java.util.Map.of("name", "export"))
                .json()
                .get("token")
                .asString();
        ApiClient.Response byToken = ApiClient.bearer(port, token).get("/api/register/export.csv");
        assertThat(byToken.status()).isEqualTo(200);
        assertThat(byToken.body()).startsWith("event_id,").contains(reference);
    }
}
