package io.hubjira.secret;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.hubjira.config.ConnectorProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Encrypts tokens and secrets at rest with AES-GCM (random 12-byte IV per value, 128-bit tag), stored as
 * {@code v1:<base64(iv || ciphertext)>}. The key comes from CONNECTOR_MASTER_KEY (base64, 16/24/32 bytes) or, without
 * it, from a key file generated on first start and readable only by its owner.
 */
@Component
public class SecretCipher {

    private static final String PREFIX = "v1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final Logger log = LoggerFactory.getLogger(SecretCipher.class);

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    public SecretCipher(ConnectorProperties props) {
        this.key = new SecretKeySpec(loadKey(props.secrets()), "AES");
    }

    public String encrypt(String plain) {
        if (plain == null) {
            return null;
        }
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new SecretException("encryption failed (" + e.getClass().getSimpleName() + ")");
        }
    }

    public String decrypt(String stored) {
        if (stored == null) {
            return null;
        }
        if (!stored.startsWith(PREFIX)) {
            throw new SecretException("stored secret has an unknown format; it was not written by this connector version");
        }
        try {
            byte[] all = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
            return new String(cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new SecretException("a stored secret cannot be decrypted: the master key differs from the one it was encrypted with, "
                    + "or the stored value was altered");
        }
    }

    static byte[] loadKey(ConnectorProperties.Secrets secrets) {
        String master = secrets == null ? null : secrets.masterKey();
        if (master != null && !master.isBlank()) {
            byte[] key;
            try {
                key = Base64.getDecoder().decode(master.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("CONNECTOR_MASTER_KEY is not valid base64; generate one with: openssl rand -base64 32");
            }
            if (key.length != 16 && key.length != 24 && key.length != 32) {
                throw new IllegalStateException("CONNECTOR_MASTER_KEY must decode to 16, 24 or 32 bytes (it decodes to " + key.length
                        + "); generate one with: openssl rand -base64 32");
            }
            return key;
        }
        return keyFromFile(Path.of(secrets == null || secrets.keyFile() == null ? "./data/master.key" : secrets.keyFile()));
    }

    private static byte[] keyFromFile(Path file) {
        try {
            OwnerOnlyFile.Created stored = OwnerOnlyFile.readOrCreate(file, () -> {
                byte[] fresh = new byte[32];
                new SecureRandom().nextBytes(fresh);
                return Base64.getEncoder().encodeToString(fresh);
            });
            byte[] key;
            try {
                key = Base64.getDecoder().decode(stored.value());
            } catch (IllegalArgumentException e) {
                key = new byte[0];
            }
            if (key.length != 32) {
                throw new IllegalStateException("The master key file " + file + " does not hold a 32-byte base64 key");
            }
            if (stored.generated()) {
                log.warn("No CONNECTOR_MASTER_KEY set: generated a master key in {} (owner read/write only). Back it up: without it the "
                        + "stored tokens cannot be decrypted.", file);
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("The master key file " + file + " cannot be read or created", e);
        }
    }

    /** A secret could not be encrypted or decrypted; the message never contains the secret. */
    public static class SecretException extends RuntimeException {
        public SecretException(String message) {
            super(message);
        }
    }
}
