package org.hearken.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegisterKeyTest {

    @TempDir
    Path dir;

    @Test
    void aMissingKeyFileIsCreatedForItsOwnerOnlyAndTheSameKeyIsReadBack() throws Exception {
        Path file = dir.resolve("keys/register-key.pem");

        RegisterKey created = new RegisterKey(file, List.of());
        RegisterKey readBack = new RegisterKey(file, List.of());

        assertThat(readBack.keyId()).isEqualTo(created.keyId()).hasSize(64);
        assertThat(Files.readString(file))
                .contains("-----BEGIN PRIVATE KEY-----")
                .contains("-----BEGIN PUBLIC KEY-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(Files.readString(dir.resolve("keys/register-key.pem.pub"))).isEqualTo(created.publicKeyPem());
        byte[] signature = created.sign("hello");
        assertThat(readBack.verifies(created.keyId(), "hello", signature)).isTrue();
        assertThat(readBack.verifies(created.keyId(), "hellO", signature)).isFalse();
    }

    @Test
    void aRetiredPublicKeyStillVerifiesWhatItSignedAndNoOtherKeyDoes() throws Exception {
        RegisterKey old = new RegisterKey(dir.resolve("old.pem"), List.of());
        byte[] signedByOld = old.sign("checkpoint");
        RegisterKey stranger = new RegisterKey(dir.resolve("stranger.pem"), List.of());

        RegisterKey rotated = new RegisterKey(
                dir.resolve("new.pem"), List.of(dir.resolve("old.pem.pub").toString()));

        assertThat(rotated.keyId()).isNotEqualTo(old.keyId());
        assertThat(rotated.verifies(old.keyId(), "checkpoint", signedByOld)).isTrue();
        assertThat(rotated.trustedPublicKeysPem()).containsOnlyKeys(rotated.keyId(), old.keyId());
        assertThat(rotated.verifies(stranger.keyId(), "checkpoint", stranger.sign("checkpoint")))
                .isFalse();
        // A stranger's signature under a trusted key's id is refused too.
        assertThat(rotated.verifies(old.keyId(), "checkpoint", stranger.sign("checkpoint")))
                .isFalse();
    }

    @Test
    void aKeyFileWhosePublicKeyIsNotItsOwnIsRefused() throws Exception {
        Path file = dir.resolve("mixed.pem");
        new RegisterKey(file, List.of());
        KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String mixed = Files.readString(file).replaceAll("(?s)-----BEGIN PUBLIC KEY-----.*", "")
                + RegisterKey.pem("PUBLIC KEY", other.getPublic().getEncoded());
        Files.writeString(file, mixed);

        assertThatThrownBy(() -> new RegisterKey(file, List.of()))
                .hasMessageContaining("does not belong to its private key");
    }
}
