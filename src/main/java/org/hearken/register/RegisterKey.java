package org.hearken.register;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hearken.platform.Digests;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The Ed25519 key that signs the register's checkpoints, kept in a file and never in the database: PEM, the private
 * key (PKCS#8) followed by its public key (X.509 SubjectPublicKeyInfo). Created on first start if the file is missing,
 * readable by its owner only. A key is known by its id: the SHA-256 of its public key's DER form, in hex (as
 * {@code openssl pkey -pubin -outform DER | sha256sum} prints it). Public keys of earlier keys, listed in
 * {@code hearken.register.retired-public-keys}, still verify the checkpoints they signed; any other key is refused.
 * Signing and verifying are the JDK's own Ed25519.
 */
@Component
class RegisterKey {

    private static final Logger log = LoggerFactory.getLogger(RegisterKey.class);
    private static final String ALGORITHM = "Ed25519";
    private static final Pattern PEM =
            Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String keyId;
    private final Path file;
    /** Whether this start made the key, finding no file. */
    private final boolean created;
    /** Every key whose signature is accepted, by id: this one and the retired ones. */
    private final Map<String, PublicKey> trusted = new LinkedHashMap<>();

    RegisterKey(
            @Value("${hearken.register.key-file:${hearken.data-dir:data}/register-key.pem}") Path file,
            @Value("${hearken.register.retired-public-keys:}") List<String> retired) {
        this.file = file;
        this.created = !Files.exists(file);
        KeyPair pair = created ? create(file) : read(file);
        this.privateKey = pair.getPrivate();
        this.publicKey = pair.getPublic();
        this.keyId = idOf(publicKey);
        trusted.put(keyId, publicKey);
        for (String path : retired) {
            if (path.isBlank()) {
                continue;
            }
            PublicKey old = publicKey(pem(Path.of(path.strip()), "PUBLIC KEY"));
            trusted.put(idOf(old), old);
        }
        log.info("Register checkpoints are signed with key {} from {}", keyId, file.toAbsolutePath());
    }

    String keyId() {
        return keyId;
    }

    Path file() {
        return file;
    }

    boolean created() {
        return created;
    }

    /**
     * Removes the key this start made (and its public half), when it must not be used after all: the next start then
     * finds no key file again, and says so, rather than a key that signs nothing anyone trusts.
     */
    void forgetCreated() {
        if (!created) {
            return;
        }
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".pub"));
        } catch (IOException e) {
            log.warn(
                    "Could not remove the register key {} made at this start: {}", file.toAbsolutePath(), e.toString());
        }
    }

    /** This key's public half as PEM, to publish. */
    String publicKeyPem() {
        return pem("PUBLIC KEY", publicKey.getEncoded());
    }

    /** The public keys whose checkpoints verify, by id, as PEM. */
    Map<String, String> trustedPublicKeysPem() {
        Map<String, String> keys = new LinkedHashMap<>();
        trusted.forEach((id, key) -> keys.put(id, pem("PUBLIC KEY", key.getEncoded())));
        return keys;
    }

    byte[] sign(String text) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(privateKey);
            signature.update(text.getBytes(StandardCharsets.UTF_8));
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not sign with the register key", e);
        }
    }

    /** Whether {@code signature} over {@code text} was made by the key {@code keyId}, and that key is trusted. */
    boolean verifies(String keyId, String text, byte[] signature) {
        PublicKey key = trusted.get(keyId);
        return key != null && verifies(key, text, signature);
    }

    static boolean verifies(PublicKey key, String text, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(key);
            verifier.update(text.getBytes(StandardCharsets.UTF_8));
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    static String idOf(PublicKey key) {
        return HexFormat.of().formatHex(Digests.sha256(key.getEncoded()));
    }

    static PublicKey publicKey(byte[] x509) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(x509));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Not an Ed25519 public key", e);
        }
    }

    private static KeyPair read(Path file) {
        try {
            PrivateKey privateKey = KeyFactory.getInstance(ALGORITHM)
                    .generatePrivate(new PKCS8EncodedKeySpec(pem(file, "PRIVATE KEY")));
            PublicKey publicKey = publicKey(pem(file, "PUBLIC KEY"));
            // A private key paired with someone else's public key would sign checkpoints nobody can verify.
            byte[] probe = "hearken-register-key-check".getBytes(StandardCharsets.UTF_8);
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(privateKey);
            signature.update(probe);
            if (!verifies(publicKey, "hearken-register-key-check", signature.sign())) {
                throw new IllegalStateException("The register key file " + file
                        + " holds a public key that does not belong to its private key");
            }
            return new KeyPair(publicKey, privateKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "The register key file " + file + " does not hold an Ed25519 private key", e);
        }
    }

    private static KeyPair create(Path file) {
        try {
            KeyPair pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path temporary = Files.createTempFile(dir, ".register-key", ".tmp");
            try {
                if (Files.getFileStore(temporary).supportsFileAttributeView("posix")) {
                    Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
                }
                Files.writeString(
                        temporary,
                        pem("PRIVATE KEY", pair.getPrivate().getEncoded())
                                + pem("PUBLIC KEY", pair.getPublic().getEncoded()));
                // A link is made whole or not at all, and never replaces a file: if another instance starting at the
                // same moment wrote one first, that one is the key.
                Files.createLink(file, temporary);
            } catch (FileAlreadyExistsException raced) {
                return read(file);
            } finally {
                Files.deleteIfExists(temporary);
            }
            Files.writeString(
                    file.resolveSibling(file.getFileName() + ".pub"),
                    pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            log.warn(
                    "Created a new register signing key in {} (public key beside it, {}.pub). Back it up apart from the database: "
                            + "without it no new checkpoint can extend the signed ones.",
                    file.toAbsolutePath(),
                    file.getFileName());
            return pair;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create the register key file " + file, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] pem(Path file, String type) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the register key file " + file, e);
        }
        Matcher m = PEM.matcher(text);
        while (m.find()) {
            if (m.group(1).equals(type)) {
                return Base64.getMimeDecoder().decode(m.group(2));
            }
        }
        throw new IllegalStateException(file + " holds no " + type + " in PEM form");
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
